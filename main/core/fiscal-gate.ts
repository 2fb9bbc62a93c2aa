/**
 * May the kiosk take cash now? The fiscal half of the answer (pure; docs/fiscal.md §5): cash
 * is taken only when the receipt for it can be issued at once. Each refusal has a kind (for the
 * operator, the log and the heartbeat) and the key of the text the payer reads.
 */
import type { FiscalCondition } from '../../common/fiscal-port.ts';
import { dayMs, kktTimeMs, wholeDays } from './fiscal-clock.ts';

export type FiscalPolicy = {
  ofdUnsentDaysWarn: number;
  ofdUnsentDaysBlock: number;
  fnExpiryDaysWarn: number;
  fnExpiryDaysBlock: number;
  /** A shift may last this long (24 h, 54-ФЗ; the ФН refuses documents after it). */
  shiftLengthMs: number;
  /** No payment starts this close to the end of a shift: > longest session + receipt time. */
  shiftMarginMs: number;
  /** A receipt waiting longer than this means the queue is stuck: no more cash. */
  pendingAgeMsMax: number;
};

export const shiftLengthMs = dayMs;

export type FiscalRefusalKind =
  /** The signed configuration has no fiscal block (or a central too old to send one). */
  | 'no-config'
  | 'offline'
  | 'fn-not-fiscal'
  | 'fn-expired'
  | 'fn-critical'
  | 'fn-near-expiry'
  | 'document-stuck'
  | 'paper-out'
  | 'cover-open'
  | 'printer-waiting'
  | 'ofd-queue-too-old'
  | 'shift-not-ready'
  | 'receipts-held'
  | 'receipts-stuck';

export type FiscalWarningKind =
  | 'fn-expiry-near'
  | 'fn-resource-low'
  | 'fn-memory-near-full'
  | 'ofd-unsent'
  | 'ofd-timeout';

/** The payer's text for each refusal (the renderer's catalogues hold the words). */
export const refusalTextKey: Record<FiscalRefusalKind, string> = {
  'no-config': 'fiscal.out-of-service',
  offline: 'fiscal.out-of-service',
  'fn-not-fiscal': 'fiscal.out-of-service',
  'fn-expired': 'fiscal.out-of-service',
  'fn-critical': 'fiscal.out-of-service',
  'fn-near-expiry': 'fiscal.out-of-service',
  'document-stuck': 'fiscal.out-of-service',
  'paper-out': 'fiscal.paper-out',
  'cover-open': 'fiscal.out-of-service',
  'printer-waiting': 'fiscal.paper-out',
  'ofd-queue-too-old': 'fiscal.out-of-service',
  'shift-not-ready': 'fiscal.shift-change',
  'receipts-held': 'fiscal.out-of-service',
  'receipts-stuck': 'fiscal.out-of-service',
};

export type FiscalGateInput = {
  /** null: the registrar did not answer the status request. */
  condition: FiscalCondition | null;
  /** When the kiosk opened the current shift (its own record); null: not known. */
  shiftOpenedAtMs: number | null;
  nowMs: number;
  heldCount: number;
  oldestPendingAtMs: number | null;
};

export type FiscalGate =
  | { kind: 'ok'; warnings: FiscalWarningKind[] }
  | { kind: 'refused'; reason: FiscalRefusalKind; textKey: string; detail: string };

export function refuse(reason: FiscalRefusalKind, detail: string): FiscalGate {
  return { kind: 'refused', reason, textKey: refusalTextKey[reason], detail };
}

/** The ФН's own refusals: its life phase, expiry and error flags. */
function fnRefusal(condition: FiscalCondition, policy: FiscalPolicy): FiscalGate | null {
  const { fn } = condition;
  if (fn.phase !== 'fiscal') return refuse('fn-not-fiscal', `ФН phase ${fn.phase}`);
  const clockMs = kktTimeMs(condition.clock.slice(0, 10));
  const untilMs = kktTimeMs(fn.validUntil);
  if (clockMs === null || untilMs === null) {
    return refuse('fn-expired', `unreadable ККТ clock ${condition.clock} or ФН date`);
  }
  const daysLeft = wholeDays(clockMs, untilMs);
  if (daysLeft < 0) return refuse('fn-expired', `ФН valid until ${fn.validUntil}`);
  if (fn.warnings.critical) return refuse('fn-critical', 'ФН reports a critical error');
  if (daysLeft <= policy.fnExpiryDaysBlock || fn.warnings.replaceUrgently) {
    return refuse('fn-near-expiry', `ФН valid until ${fn.validUntil} (${daysLeft} days)`);
  }
  return null;
}

/** The printing side: paper, cover, a document left open, a print waiting. */
function deviceRefusal(condition: FiscalCondition): FiscalGate | null {
  if (condition.documentOpen) return refuse('document-stuck', 'a document is open in the ККТ');
  // An open cover also blinds the paper sensor: the cover is the cause the operator must see.
  if (condition.coverOpen) return refuse('cover-open', 'the printer cover is open');
  if (condition.paper === 'out') return refuse('paper-out', 'no receipt paper');
  if (condition.printing === 'paper-out-waiting' || condition.printing === 'waiting-continue') {
    return refuse('printer-waiting', `printing ${condition.printing}`);
  }
  return null;
}

/** Days since the oldest document the OFD has not confirmed, on the ККТ's clock. */
export function ofdUnsentDays(condition: FiscalCondition): number | null {
  const oldest = condition.ofd.oldestQueuedAt;
  if (oldest === null || condition.ofd.queueCount === 0) return null;
  const oldestMs = kktTimeMs(oldest);
  const clockMs = kktTimeMs(condition.clock);
  return oldestMs === null || clockMs === null ? null : wholeDays(oldestMs, clockMs);
}

function shiftRefusal(input: FiscalGateInput, policy: FiscalPolicy): FiscalGate | null {
  const { condition } = input;
  if (condition === null || condition.shift !== 'open') {
    return refuse('shift-not-ready', `shift ${condition?.shift ?? 'unknown'}`);
  }
  if (input.shiftOpenedAtMs === null) return refuse('shift-not-ready', 'shift age unknown');
  const endsAtMs = input.shiftOpenedAtMs + policy.shiftLengthMs - policy.shiftMarginMs;
  if (input.nowMs >= endsAtMs) return refuse('shift-not-ready', 'shift about to run out');
  return null;
}

function warningsOf(condition: FiscalCondition, policy: FiscalPolicy): FiscalWarningKind[] {
  const warnings: FiscalWarningKind[] = [];
  const clockMs = kktTimeMs(condition.clock.slice(0, 10));
  const untilMs = kktTimeMs(condition.fn.validUntil);
  const daysLeft = clockMs === null || untilMs === null ? 0 : wholeDays(clockMs, untilMs);
  if (daysLeft <= policy.fnExpiryDaysWarn) warnings.push('fn-expiry-near');
  if (condition.fn.warnings.resourceLow) warnings.push('fn-resource-low');
  if (condition.fn.warnings.memoryNearFull) warnings.push('fn-memory-near-full');
  const unsentDays = ofdUnsentDays(condition);
  if (unsentDays !== null && unsentDays >= policy.ofdUnsentDaysWarn) warnings.push('ofd-unsent');
  if (condition.fn.warnings.ofdTimeout) warnings.push('ofd-timeout');
  return warnings;
}

/** Checked in this order: the first refusal wins (the most fundamental first). */
export function fiscalGate(input: FiscalGateInput, policy: FiscalPolicy): FiscalGate {
  const { condition } = input;
  if (condition === null || !condition.online) return refuse('offline', 'the ФР does not answer');
  const fn = fnRefusal(condition, policy);
  if (fn !== null) return fn;
  const device = deviceRefusal(condition);
  if (device !== null) return device;
  const unsentDays = ofdUnsentDays(condition);
  if (unsentDays !== null && unsentDays >= policy.ofdUnsentDaysBlock) {
    return refuse('ofd-queue-too-old', `OFD has not confirmed documents for ${unsentDays} days`);
  }
  const shift = shiftRefusal(input, policy);
  if (shift !== null) return shift;
  if (input.heldCount > 0) {
    return refuse('receipts-held', `${input.heldCount} receipt(s) held after a ФН failure`);
  }
  if (
    input.oldestPendingAtMs !== null &&
    input.nowMs - input.oldestPendingAtMs > policy.pendingAgeMsMax
  ) {
    return refuse('receipts-stuck', 'a receipt has waited too long to be issued');
  }
  return { kind: 'ok', warnings: warningsOf(condition, policy) };
}
