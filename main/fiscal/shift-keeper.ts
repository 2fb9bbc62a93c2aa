/**
 * Runs the shift scheduler's decisions (main/core/fiscal-shift.ts) against the registrar: the
 * daily Z report and new shift at the quiet hour, a rotation before 24 h run out, a new shift
 * when none is open. Asks the payments side whether cash is inside or a session is open; a
 * planned rotation waits for both to end (the payment gate stops new sessions meanwhile).
 */
import type { FiscalCondition, FiscalRegistrarPort } from '../../common/fiscal-port.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { planShift, type RotateReason, type ShiftDecision } from '../core/fiscal-shift.ts';
import type { LedgerFiscal } from '../ledger/ledger.ts';
import type { DeviceLock } from './device-lock.ts';
import { describeFiscalError, type FiscalLog } from './fiscal-log.ts';

export type ShiftSettings = {
  utcOffsetMinutes: number;
  closeLocalTime: string;
  shiftLengthMs: number;
  shiftMarginMs: number;
};

export type ShiftTickReport =
  | { kind: 'offline'; error: string }
  | { kind: 'decided'; decision: ShiftDecision }
  | { kind: 'opened'; shiftNumber: number }
  | { kind: 'rotated'; reason: RotateReason; shiftNumber: number }
  | { kind: 'failed'; step: 'close' | 'open'; error: string };

export type ShiftKeeperDeps = {
  fiscal: LedgerFiscal;
  port: FiscalRegistrarPort;
  lock: DeviceLock;
  now: () => number;
  log: FiscalLog;
  settings: () => ShiftSettings;
  holdsCash: () => boolean;
  sessionOpen: () => boolean;
  /** Receipts still to issue: a planned Z waits for them (they belong to this shift). */
  receiptsWaiting: () => boolean;
  onCondition?: (condition: FiscalCondition) => void;
};

type ShiftStep = { shiftNumber: number } | { failed: 'close' | 'open'; error: string };

/**
 * Z report (unless the shift is already closed), then a new shift, recorded with its opening
 * time: the ФН does not tell when a shift was opened, and the gate needs it. Call with the lock.
 */
export async function rotateShift(
  deps: Pick<ShiftKeeperDeps, 'fiscal' | 'port' | 'now' | 'log'>,
  condition: FiscalCondition,
  scheduledDate: string | null,
): Promise<ShiftStep> {
  if (condition.shift !== 'closed') {
    const closed = await deps.port.closeShift();
    if (!closed.ok) return { failed: 'close', error: describeFiscalError(closed.error) };
    deps.log.info({ shiftNumber: closed.value.shiftNumber }, 'fiscal: shift closed (Z report)');
  }
  const opened = await deps.port.openShift();
  if (!opened.ok) return { failed: 'open', error: describeFiscalError(opened.error) };
  const before = deps.fiscal.shift();
  deps.fiscal.recordShift(
    {
      shiftNumber: opened.value.shiftNumber,
      openedAtMs: deps.now(),
      lastScheduledDate: scheduledDate ?? before.lastScheduledDate,
    },
    deps.now(),
  );
  deps.log.info({ shiftNumber: opened.value.shiftNumber }, 'fiscal: shift opened');
  return { shiftNumber: opened.value.shiftNumber };
}

/**
 * Before a receipt: a closed shift is opened, an expired one rotated (no receipt can be issued
 * until it is; the payer's cash is already in). Call with the lock.
 */
export async function ensureShiftOpen(
  deps: Pick<ShiftKeeperDeps, 'fiscal' | 'port' | 'now' | 'log'>,
  condition: FiscalCondition,
): Promise<Result<void, string>> {
  if (condition.shift === 'open') return ok(undefined);
  const step = await rotateShift(deps, condition, null);
  return 'failed' in step ? err(`shift ${step.failed}: ${step.error}`) : ok(undefined);
}

export type ShiftKeeper = { tick(): Promise<ShiftTickReport> };

export function createShiftKeeper(deps: ShiftKeeperDeps): ShiftKeeper {
  const decide = (condition: FiscalCondition): ShiftDecision => {
    const settings = deps.settings();
    const record = deps.fiscal.shift();
    const nowMs = deps.now();
    return planShift({
      nowMs,
      ...settings,
      shift: condition.shift,
      shiftNumber: condition.shiftNumber,
      record:
        record.shiftNumber === null || record.openedAtMs === null
          ? null
          : { shiftNumber: record.shiftNumber, openedAtMs: record.openedAtMs },
      lastScheduledDate: record.lastScheduledDate,
      busy: deps.holdsCash() || deps.sessionOpen() || deps.receiptsWaiting(),
    });
  };

  const tick = async (): Promise<ShiftTickReport> => {
    const condition = await deps.port.condition();
    if (!condition.ok || !condition.value.online) {
      const error = condition.ok ? 'offline' : describeFiscalError(condition.error);
      return { kind: 'offline', error };
    }
    deps.onCondition?.(condition.value);
    const decision = decide(condition.value);
    if (decision.kind === 'none' || decision.kind === 'wait-idle') {
      return { kind: 'decided', decision };
    }
    const scheduled = decision.kind === 'rotate' ? decision.scheduledDate : null;
    const step = await rotateShift(deps, condition.value, scheduled);
    if ('failed' in step) {
      deps.log.error({ step: step.failed, error: step.error }, 'fiscal: shift change failed');
      return { kind: 'failed', step: step.failed, error: step.error };
    }
    if (decision.kind === 'open') return { kind: 'opened', shiftNumber: step.shiftNumber };
    return { kind: 'rotated', reason: decision.reason, shiftNumber: step.shiftNumber };
  };

  return { tick: () => deps.lock.run(tick) };
}
