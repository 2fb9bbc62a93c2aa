import type { TerminalConfig } from '../../common/central-wire.ts';
import type { FiscalPanel, FiscalRegistrarView } from '../../common/contract.ts';
import type { FiscalCondition, FiscalError } from '../../common/fiscal-port.ts';
import { err, ok } from '../../common/result.ts';
import { shiftLengthMs } from '../core/fiscal-gate.ts';
import { planShift } from '../core/fiscal-shift.ts';
import { defaultFiscalTiming } from '../fiscal/create-fiscal.ts';
import { describeFiscalError } from '../fiscal/fiscal-log.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { DepError, ServiceFiscal } from '../service/deps.ts';
import {
  namedParty,
  readOtherPartyConfirmation,
  writeOtherPartyConfirmation,
} from './fiscal-other-party.ts';
import type { FiscalWiring } from './fiscal-wiring.ts';

/**
 * Service mode's view of the fiscal layer (main/service/handlers-fiscal.ts): the panel, X and
 * Z reports through the same lock as the queue and the shift keeper, and the confirmation of
 * another party on a KIOSK_FISCAL=none kiosk.
 */
export function createServiceFiscal(deps: {
  wiring: FiscalWiring;
  /** The registrar's own port, for reports (the fiscal layer's lock is taken around it). */
  ledger: Ledger;
  config: () => TerminalConfig | null;
  utcOffsetMinutes: () => number;
  now: () => number;
}): ServiceFiscal {
  const { wiring } = deps;
  const fiscal = wiring.fiscal;
  const failed = (error: FiscalError) =>
    err<DepError>({ kind: error.kind, message: describeFiscalError(error) });
  return {
    panel: async () => panelOf(deps),
    registrar:
      fiscal === null
        ? null
        : {
            async xReport() {
              const printed = await fiscal.runExclusive((port) => port.xReport());
              return printed.ok ? ok(undefined) : failed(printed.error);
            },
            async closeShift() {
              const closed = await fiscal.runExclusive((port) => port.closeShift());
              if (!closed.ok) return failed(closed.error);
              // The next round opens a new shift (the kiosk is idle: service mode is open).
              void fiscal.tick();
              return ok(closed.value);
            },
          },
    otherParty:
      fiscal !== null
        ? null
        : {
            fiscalizedBy: () => namedParty(deps.config()),
            confirm(confirmation) {
              writeOtherPartyConfirmation(
                deps.ledger,
                confirmation === null ? null : { ...confirmation, atMs: deps.now() },
                deps.now(),
              );
            },
          },
  };
}

async function panelOf(deps: Parameters<typeof createServiceFiscal>[0]): Promise<FiscalPanel> {
  const { wiring } = deps;
  const refusal = await wiring.checkBeforeCash();
  const status = wiring.heartbeat();
  const condition = wiring.lastCondition();
  const counts = deps.ledger.fiscal.counts();
  const registrarMode = wiring.fiscal !== null;
  const confirmation = readOtherPartyConfirmation(deps.ledger);
  return {
    adapter: wiring.adapter,
    mode: registrarMode ? 'registrar' : 'other-party',
    state:
      refusal === null
        ? (status?.warnings.length ?? 0) > 0
          ? 'warning'
          : 'ok'
        : refusal.reason === 'fiscal-offline'
          ? 'offline'
          : 'blocked',
    reason: refusal?.reason ?? null,
    detail: refusal?.detail.slice(0, 500) ?? '',
    warnings: status?.warnings ?? [],
    registrar: condition === null || !condition.online ? null : registrarView(condition),
    shiftOpenedAtMs: status?.shiftOpenedAtMs ?? null,
    nextShiftChangeAtMs: registrarMode ? nextShiftChange(deps, condition, status) : null,
    receipts: {
      pending: counts.pending,
      held: counts.held,
      unsent: counts.unsent,
      oldestPendingAtMs: counts.oldestOpenCreatedAtMs,
    },
    otherParty: registrarMode
      ? null
      : {
          fiscalizedBy: namedParty(deps.config()),
          confirmed: confirmation,
        },
  };
}

function registrarView(condition: FiscalCondition): FiscalRegistrarView {
  const warnings = condition.fn.warnings;
  const flags = [
    warnings.replaceUrgently ? 'replace-urgently' : null,
    warnings.resourceLow ? 'resource-low' : null,
    warnings.memoryNearFull ? 'memory-near-full' : null,
    warnings.ofdTimeout ? 'ofd-timeout' : null,
    warnings.critical ? 'critical' : null,
  ].filter((flag) => flag !== null);
  return {
    shift: condition.shift,
    shiftNumber: condition.shiftNumber,
    documentOpen: condition.documentOpen,
    printing: condition.printing,
    paper: condition.paper,
    coverOpen: condition.coverOpen,
    clock: condition.clock.slice(0, 19),
    fn: {
      number: condition.fn.number,
      phase: condition.fn.phase,
      lastFdNumber: condition.fn.lastFdNumber,
      validUntil: condition.fn.validUntil,
      flags,
    },
    ofd: {
      queueCount: condition.ofd.queueCount,
      oldestQueuedAt: condition.ofd.oldestQueuedAt?.slice(0, 16) ?? null,
    },
  };
}

/** When the shift keeper will next close and reopen the shift, by the same scheduler. */
function nextShiftChange(
  deps: Parameters<typeof createServiceFiscal>[0],
  condition: FiscalCondition | null,
  status: { shiftNumber: number | null; shiftOpenedAtMs: number | null } | null,
): number | null {
  const config = deps.config()?.fiscal;
  if (condition === null || config === undefined) return null;
  const nowMs = deps.now();
  const timing = defaultFiscalTiming;
  const record = deps.ledger.fiscal.shift();
  const decision = planShift({
    nowMs,
    utcOffsetMinutes: deps.utcOffsetMinutes(),
    closeLocalTime: config.shiftCloseLocalTime,
    shiftLengthMs,
    shiftMarginMs: timing.sessionMsMax + timing.receiptMsMax + 5 * 60_000,
    shift: condition.shift,
    shiftNumber: condition.shiftNumber,
    record:
      record.shiftNumber === null || record.openedAtMs === null
        ? null
        : { shiftNumber: record.shiftNumber, openedAtMs: record.openedAtMs },
    lastScheduledDate: record.lastScheduledDate,
    busy: false,
  });
  void status;
  return decision.kind === 'none' ? decision.nextCheckAtMs : nowMs;
}
