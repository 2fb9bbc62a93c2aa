/**
 * When to close the fiscal shift (Z report) and open a new one (pure; docs/fiscal.md §4). A
 * shift lasts at most 24 h; past that the ФН refuses every document, so the shift is rotated
 * well before: daily at the configured quiet hour, and whenever less than the margin (longer
 * than a payer session plus its receipt) is left. A planned rotation never runs while a payer
 * session is open, cash is inside or a receipt is still to issue: the payment gate has stopped
 * new sessions by then, so the kiosk is idle soon. A shift that ran out anyway (the kiosk was
 * busy or off) is rotated at once: no receipt can be issued until it is.
 */
import { localDate, localInstantMs } from './fiscal-clock.ts';

export type ShiftRecord = {
  /** The shift the kiosk itself opened, and when (its clock). */
  shiftNumber: number;
  openedAtMs: number;
};

export type ShiftPlanInput = {
  nowMs: number;
  utcOffsetMinutes: number;
  /** `HH:MM` local. */
  closeLocalTime: string;
  shiftLengthMs: number;
  shiftMarginMs: number;
  shift: 'open' | 'expired' | 'closed';
  shiftNumber: number;
  record: ShiftRecord | null;
  /** Local date of the last rotation made at the quiet hour. */
  lastScheduledDate: string | null;
  /** A payer session is open, cash is inside, or receipts wait to be issued. */
  busy: boolean;
};

export type RotateReason = 'expired' | 'ending' | 'scheduled' | 'unknown-age';

export type ShiftDecision =
  | { kind: 'none'; nextCheckAtMs: number }
  | { kind: 'open' }
  | { kind: 'rotate'; reason: RotateReason; scheduledDate: string | null }
  | { kind: 'wait-idle'; reason: Exclude<RotateReason, 'expired'> };

/** When the kiosk opened the current shift, if its record is about this shift. */
export function shiftOpenedAtMs(
  record: ShiftRecord | null,
  shift: 'open' | 'expired' | 'closed',
  shiftNumber: number,
): number | null {
  if (shift === 'closed' || record === null || record.shiftNumber !== shiftNumber) return null;
  return record.openedAtMs;
}

function planned(
  input: ShiftPlanInput,
  reason: Exclude<RotateReason, 'expired'>,
  scheduledDate: string | null,
): ShiftDecision {
  return input.busy ? { kind: 'wait-idle', reason } : { kind: 'rotate', reason, scheduledDate };
}

export function planShift(input: ShiftPlanInput): ShiftDecision {
  const { nowMs } = input;
  if (input.shift === 'closed') return { kind: 'open' };
  if (input.shift === 'expired') return { kind: 'rotate', reason: 'expired', scheduledDate: null };
  const openedAtMs = shiftOpenedAtMs(input.record, input.shift, input.shiftNumber);
  if (openedAtMs === null) return planned(input, 'unknown-age', null);
  const endingAtMs = openedAtMs + input.shiftLengthMs - input.shiftMarginMs;
  if (nowMs >= endingAtMs) return planned(input, 'ending', null);
  const today = localDate(nowMs, input.utcOffsetMinutes);
  const quietAtMs = localInstantMs(today, input.closeLocalTime, input.utcOffsetMinutes);
  const dueToday =
    nowMs >= quietAtMs && input.lastScheduledDate !== today && openedAtMs < quietAtMs;
  if (dueToday) return planned(input, 'scheduled', today);
  const nextQuietAtMs = nowMs < quietAtMs ? quietAtMs : nextDayInstant(input, today);
  return { kind: 'none', nextCheckAtMs: Math.min(endingAtMs, nextQuietAtMs) };
}

function nextDayInstant(input: ShiftPlanInput, today: string): number {
  const tomorrowMs = localInstantMs(today, '00:00', input.utcOffsetMinutes) + 36 * 3_600_000;
  const tomorrow = localDate(tomorrowMs, input.utcOffsetMinutes);
  return localInstantMs(tomorrow, input.closeLocalTime, input.utcOffsetMinutes);
}
