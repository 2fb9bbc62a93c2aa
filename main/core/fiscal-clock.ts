/**
 * Times the fiscal rules compare (pure). The ККТ prints its own wall clock with no time zone
 * (`YYYY-MM-DDTHH:MM[:SS]`); ages inside the ФН (the OFD queue, the ФН's end of validity) are
 * measured against that same clock, so a kiosk clock set wrong does not move them. The shift's
 * age and the daily quiet hour use the kiosk's clock and its UTC offset.
 */
export const dayMs = 86_400_000;
export const minuteMs = 60_000;

const kktTimePattern = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** A ККТ time (or date) as ms on a clock with no zone; null when it is not one. */
export function kktTimeMs(text: string): number | null {
  const match = kktTimePattern.exec(text);
  if (match === null) return null;
  const [, year, month, day, hour, minute, second] = match.map((part) => Number(part ?? 0));
  const ms = Date.UTC(year!, month! - 1, day!, hour, minute, second);
  return Number.isFinite(ms) ? ms : null;
}

/** Whole days from `fromMs` to `toMs` (floored; negative when `toMs` is earlier). */
export function wholeDays(fromMs: number, toMs: number): number {
  return Math.floor((toMs - fromMs) / dayMs);
}

/** The kiosk's local date `YYYY-MM-DD` at `nowMs`. */
export function localDate(nowMs: number, utcOffsetMinutes: number): string {
  return new Date(nowMs + utcOffsetMinutes * minuteMs).toISOString().slice(0, 10);
}

/** The instant of local `HH:MM` on local date `YYYY-MM-DD`. */
export function localInstantMs(date: string, hhmm: string, utcOffsetMinutes: number): number {
  const midnight = kktTimeMs(date);
  const [hours, minutes] = hhmm.split(':').map(Number);
  if (midnight === null || hours === undefined || minutes === undefined) {
    throw new RangeError(`localInstantMs: ${date} ${hhmm}`);
  }
  return midnight + (hours * 60 + minutes - utcOffsetMinutes) * minuteMs;
}
