/**
 * The fiscal state in one snapshot, for the kiosk's status model, service mode and the
 * heartbeat (common/central-wire.ts FiscalStatusWire): the gate's verdict, the shift and its
 * age, the ФН's validity and warnings, the OFD queue, and the receipts still owed.
 */
import type { FiscalStatusWire } from '../../common/central-wire.ts';
import type { FiscalCondition } from '../../common/fiscal-port.ts';
import type { FiscalGate } from '../core/fiscal-gate.ts';
import { shiftOpenedAtMs } from '../core/fiscal-shift.ts';
import type { FiscalCounts, FiscalShiftRecord } from '../ledger/ledger.ts';

export type FiscalStatusInput = {
  condition: FiscalCondition | null;
  gate: FiscalGate | null;
  counts: FiscalCounts;
  shift: FiscalShiftRecord;
};

export function fiscalStatusOf(input: FiscalStatusInput): FiscalStatusWire {
  const { condition, gate, counts, shift } = input;
  const record =
    shift.shiftNumber === null || shift.openedAtMs === null
      ? null
      : { shiftNumber: shift.shiftNumber, openedAtMs: shift.openedAtMs };
  const state: FiscalStatusWire['state'] =
    condition === null ||
    !condition.online ||
    (gate?.kind === 'refused' && gate.reason === 'offline')
      ? 'offline'
      : gate?.kind === 'refused'
        ? 'blocked'
        : gate?.kind === 'ok' && gate.warnings.length > 0
          ? 'warning'
          : 'ok';
  return {
    mode: 'registrar',
    state,
    reason: gate?.kind === 'refused' ? gate.reason : null,
    warnings: gate?.kind === 'ok' ? gate.warnings.slice(0, 16) : [],
    shiftNumber: condition === null || condition.shift === 'closed' ? null : condition.shiftNumber,
    shiftOpenedAtMs:
      condition === null ? null : shiftOpenedAtMs(record, condition.shift, condition.shiftNumber),
    fnNumber: condition?.fn.number ?? null,
    fnValidUntil: condition?.fn.validUntil ?? null,
    ofdQueueCount: condition?.ofd.queueCount ?? null,
    ofdOldestAt: condition?.ofd.oldestQueuedAt?.slice(0, 16) ?? null,
    pendingCount: counts.pending,
    heldCount: counts.held,
    unsentCount: counts.unsent,
  };
}
