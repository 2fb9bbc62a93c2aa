/**
 * The emulated ККТ's clocks. One source of milliseconds drives everything (printing time, the
 * 24-hour shift rule, ФН expiry, the OFD queue's age), so a test that owns the source decides
 * when a shift runs out without waiting a day. The device's wall clock is that source plus an
 * offset the panel can move (the ККТ's own date-time setting); it has no time zone: its
 * calendar fields are read as UTC fields of the millisecond count.
 */
import { assert } from '../../common/assert.ts';

export type TimeSource = { nowMs(): number };

export type ManualTimeSource = TimeSource & {
  advance(ms: number): void;
  set(ms: number): void;
};

/** Real time: wall milliseconds, as the ККТ's quartz clock on a fresh battery. */
export const systemTime: TimeSource = { nowMs: () => Date.now() };

/** A clock only the test moves. */
export function manualTime(startMs: number): ManualTimeSource {
  assert(Number.isSafeInteger(startMs), 'manualTime: start must be an integer');
  let now = startMs;
  return {
    nowMs: () => now,
    advance(ms) {
      assert(Number.isSafeInteger(ms) && ms >= 0, 'manualTime: advance by a whole ms ≥ 0');
      now += ms;
    },
    set(ms) {
      assert(Number.isSafeInteger(ms), 'manualTime: set to an integer');
      now = ms;
    },
  };
}

export type DeviceDateTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

export function dateTimeOf(wallMs: number): DeviceDateTime {
  const date = new Date(wallMs);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

const pad2 = (value: number): string => String(value).padStart(2, '0');

/** `YYYY-MM-DDTHH:MM`: how documents keep their time (the ФН counts minutes). */
export function minuteText(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 16);
}

/** `YYYY-MM-DDTHH:MM:SS`. */
export function secondText(wallMs: number): string {
  return new Date(wallMs).toISOString().slice(0, 19);
}

/** `DD.MM.YY HH:MM`, as the tape prints a date-time. */
export function printedDateTime(wallMs: number): string {
  const t = dateTimeOf(wallMs);
  return `${pad2(t.day)}.${pad2(t.month)}.${pad2(t.year % 100)} ${pad2(t.hour)}:${pad2(t.minute)}`;
}

/** `YYYYMMDDTHHMM`, the `t=` field of the fiscal QR. */
export function qrDateTime(wallMs: number): string {
  const t = dateTimeOf(wallMs);
  return `${t.year}${pad2(t.month)}${pad2(t.day)}T${pad2(t.hour)}${pad2(t.minute)}`;
}

/** Midnight (device time) of a `YYYY-MM-DD` day, in wall ms. */
export function dayStartMs(day: string): number {
  assert(/^\d{4}-\d{2}-\d{2}$/.test(day), `clock: not a YYYY-MM-DD day: ${day}`);
  const ms = Date.parse(`${day}T00:00:00Z`);
  assert(Number.isFinite(ms), `clock: impossible day ${day}`);
  return ms;
}

/** Minutes are what the ФН stores: a document's time has its seconds dropped. */
export function truncateToMinuteMs(wallMs: number): number {
  return wallMs - (((wallMs % 60_000) + 60_000) % 60_000);
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
