/**
 * The kiosk's fiscal layer in one object for the composition root (docs/fiscal.md): the gate
 * before cash, the receipt queue, the shift keeper and the status, all over one registrar port
 * used by one worker at a time. The payments side writes each payment's fiscal intent with
 * the commit (Ledger.commitTransfer's `fiscal`, terms from main/core/fiscal-terms.ts), then
 * calls issueFor(transferId); the host calls recover() at start and start() for the timers.
 */
import type { FiscalStatusWire } from '../../common/central-wire.ts';
import type { FiscalConfig } from '../../common/central-wire-config.ts';
import type {
  FiscalCondition,
  FiscalCorrectionPort,
  FiscalRegistrarPort,
} from '../../common/fiscal-port.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { minuteMs } from '../core/fiscal-clock.ts';
import {
  type FiscalGate,
  type FiscalPolicy,
  fiscalGate,
  refuse,
  shiftLengthMs,
} from '../core/fiscal-gate.ts';
import { shiftOpenedAtMs } from '../core/fiscal-shift.ts';
import type { FiscalDocumentRecord, FiscalIntent, Ledger } from '../ledger/ledger.ts';
import { createTimerLoop, type SetTimer } from '../sync/timer-loop.ts';
import { createDeviceLock } from './device-lock.ts';
import { type DrainReport, createFiscalQueue } from './fiscal-queue.ts';
import type { FiscalAlert, FiscalLog } from './fiscal-log.ts';
import { fiscalStatusOf } from './fiscal-status.ts';
import { createShiftKeeper, type ShiftTickReport } from './shift-keeper.ts';

export type { FiscalAlert, FiscalLog };

export type FiscalTiming = {
  /** The longest a payer session can run with cash in it (idle timeouts included). */
  sessionMsMax: number;
  /** The longest one receipt takes to print. */
  receiptMsMax: number;
  /** A receipt waiting longer stops cash (the queue is stuck). */
  pendingAgeMsMax: number;
  /** How often the shift keeper and the queue look again. */
  tickMs: number;
};

export const defaultFiscalTiming: FiscalTiming = {
  sessionMsMax: 15 * minuteMs,
  receiptMsMax: 2 * minuteMs,
  pendingAgeMsMax: 2 * minuteMs,
  tickMs: 30_000,
};

export type CreateFiscalDeps = {
  ledger: Pick<Ledger, 'fiscal' | 'transferById'>;
  port: FiscalRegistrarPort & Partial<FiscalCorrectionPort>;
  /** The fiscal block of central's configuration in force (read live); null: none. */
  config: () => FiscalConfig | null;
  utcOffsetMinutes: () => number;
  now: () => number;
  log: FiscalLog;
  /** Cash is in the acceptor or counted in an open session. */
  holdsCash: () => boolean;
  /** A payer is in the middle of a payment. */
  sessionOpen: () => boolean;
  onAlert?: (alert: FiscalAlert) => void;
  timing?: Partial<FiscalTiming>;
  setTimer?: SetTimer;
};

export type FiscalIssueOutcome =
  | { kind: 'issued'; document: FiscalDocumentRecord }
  | { kind: 'held'; reason: string }
  | { kind: 'waiting'; error: string | null }
  /** The payment has no fiscal intent (made before fiscalisation, or not fiscal). */
  | { kind: 'none' };

export type FiscalTickReport = { shift: ShiftTickReport; released: number; drain: DrainReport };

export type Fiscal = {
  /** Issues the payment's receipt (and any older owed one first). */
  issueFor(transferId: string): Promise<FiscalIssueOutcome>;
  /** At start, before any payer: a leftover document, an answer lost in a crash, the shift. */
  recover(): Promise<FiscalTickReport>;
  /** May cash be taken now? Asks the registrar. */
  gate(): Promise<FiscalGate>;
  status(): FiscalStatusWire;
  /** One round of the shift keeper, held receipts and the queue (the timer calls it). */
  tick(): Promise<FiscalTickReport>;
  correct(
    transferId: string,
    correction: { settlementDate: string; orderNumber: string | null },
  ): Promise<Result<FiscalDocumentRecord, string>>;
  held(): FiscalIntent[];
  /**
   * A held payment's receipt found by the operator in an old ФН's archive (docs/fiscal.md §8):
   * recorded as its document, so no correction receipt is issued for it.
   */
  recordFound(transferId: string, document: FiscalDocumentRecord): Result<void, string>;
  alerts(): readonly FiscalAlert[];
  /** Service mode's reports (X, Z) on the registrar, under the same lock as the queue's. */
  runExclusive<T>(job: (port: FiscalRegistrarPort) => Promise<T>): Promise<T>;
  start(): void;
  close(): Promise<void>;
};

const alertsKept = 50;

export function createFiscal(deps: CreateFiscalDeps): Fiscal {
  const timing = { ...defaultFiscalTiming, ...deps.timing };
  const lock = createDeviceLock();
  const alerts: FiscalAlert[] = [];
  let lastCondition: FiscalCondition | null = null;
  let lastGate: FiscalGate | null = null;
  const seen = (condition: FiscalCondition) => {
    lastCondition = condition;
  };
  const alert = (raised: Omit<FiscalAlert, 'atMs'>) => {
    const full = { ...raised, atMs: deps.now() };
    alerts.push(full);
    if (alerts.length > alertsKept) alerts.shift();
    deps.log.error({ alert: full }, 'fiscal: operator attention needed');
    deps.onAlert?.(full);
  };
  const shiftMarginMs = timing.sessionMsMax + timing.receiptMsMax + 5 * minuteMs;
  const policyOf = (config: FiscalConfig): FiscalPolicy => ({
    ofdUnsentDaysWarn: config.ofdUnsentDaysWarn,
    ofdUnsentDaysBlock: config.ofdUnsentDaysBlock,
    fnExpiryDaysWarn: config.fnExpiryDaysWarn,
    fnExpiryDaysBlock: config.fnExpiryDaysBlock,
    shiftLengthMs,
    shiftMarginMs,
    pendingAgeMsMax: timing.pendingAgeMsMax,
  });
  const { fiscal } = deps.ledger;
  const queue = createFiscalQueue({ ...deps, lock, alert, onCondition: seen });
  const keeper = createShiftKeeper({
    fiscal,
    port: deps.port,
    lock,
    now: deps.now,
    log: deps.log,
    settings: () => ({
      utcOffsetMinutes: deps.utcOffsetMinutes(),
      closeLocalTime: deps.config()?.shiftCloseLocalTime ?? '03:00',
      shiftLengthMs,
      shiftMarginMs,
    }),
    holdsCash: deps.holdsCash,
    sessionOpen: deps.sessionOpen,
    receiptsWaiting: () => fiscal.counts().pending > 0,
    onCondition: seen,
  });

  const outcomeOf = (transferId: string): FiscalIssueOutcome => {
    const intent = fiscal.intent(transferId);
    if (intent === null) return { kind: 'none' };
    if (intent.document !== null) return { kind: 'issued', document: intent.document };
    if (intent.state === 'held') return { kind: 'held', reason: intent.heldReason ?? '' };
    return { kind: 'waiting', error: intent.lastError };
  };

  /**
   * The queue first (after a crash, its lookup should find our receipt as the ФН's last
   * document, before a Z report follows it), then the shift, then held receipts whose ФН works
   * again (by the condition the keeper just read), then the queue again if anything changed.
   */
  const tick = async (): Promise<FiscalTickReport> => {
    const drainFirst = await queue.drain();
    const shift = await keeper.tick();
    if (shift.kind === 'failed') {
      alert({ kind: 'shift-failed', transferId: null, message: `${shift.step}: ${shift.error}` });
    }
    const condition = lastCondition;
    const released = condition === null ? 0 : queue.releaseHeld(condition);
    const drain = released > 0 || drainFirst.stoppedBy !== null ? await queue.drain() : drainFirst;
    return { shift, released, drain };
  };

  const evaluate = async (): Promise<FiscalGate> => {
    const config = deps.config();
    if (config === null) return refuse('no-config', 'no fiscal configuration');
    const condition = await deps.port.condition();
    lastCondition = condition.ok ? condition.value : null;
    const counts = fiscal.counts();
    const record = fiscal.shift();
    const opened =
      lastCondition === null || record.shiftNumber === null || record.openedAtMs === null
        ? null
        : shiftOpenedAtMs(
            { shiftNumber: record.shiftNumber, openedAtMs: record.openedAtMs },
            lastCondition.shift,
            lastCondition.shiftNumber,
          );
    return fiscalGate(
      {
        condition: lastCondition,
        shiftOpenedAtMs: opened,
        nowMs: deps.now(),
        heldCount: counts.held,
        oldestPendingAtMs: counts.oldestOpenCreatedAtMs,
      },
      policyOf(config),
    );
  };
  const gate = (): Promise<FiscalGate> =>
    lock.run(async () => {
      lastGate = await evaluate();
      return lastGate;
    });

  const loop = createTimerLoop({
    run: tick,
    intervalMs: timing.tickMs,
    onError: (error) => deps.log.error({ err: error }, 'fiscal: round failed'),
    ...(deps.setTimer === undefined ? {} : { setTimer: deps.setTimer }),
  });

  return {
    async issueFor(transferId) {
      await queue.drain();
      return outcomeOf(transferId);
    },
    recover: tick,
    gate,
    status: () =>
      fiscalStatusOf({
        condition: lastCondition,
        gate: lastGate,
        counts: fiscal.counts(),
        shift: fiscal.shift(),
      }),
    tick,
    correct: queue.correct,
    held: () => fiscal.held(),
    recordFound(transferId, document) {
      const intent = fiscal.intent(transferId);
      if (intent === null || intent.state !== 'held') return err('no held receipt for it');
      if (document.totalKopecks !== intent.totalKopecks) return err('not this payment’s total');
      const recorded = fiscal.recordIssued(transferId, document, deps.now());
      return recorded.ok ? ok(undefined) : err(recorded.error.message);
    },
    alerts: () => alerts,
    runExclusive: (job) => lock.run(() => job(deps.port)),
    start: loop.start,
    async close() {
      await loop.stop();
      await queue.drain().catch(() => undefined);
    },
  };
}
