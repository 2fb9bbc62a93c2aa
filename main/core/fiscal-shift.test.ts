import { describe, expect, it } from 'vitest';
import { dayMs } from './fiscal-clock.ts';
import { planShift, type ShiftPlanInput, shiftOpenedAtMs } from './fiscal-shift.ts';

const hourMs = 3_600_000;
/** Moscow: UTC+3. 2026-06-10 12:00 local. */
const offset = 180;
const noonMs = Date.UTC(2026, 5, 10, 9, 0);
const localMs = (hh: number, mm = 0, day = 10) => Date.UTC(2026, 5, day, hh - 3, mm);

function plan(extra: Partial<ShiftPlanInput>): ReturnType<typeof planShift> {
  return planShift({
    nowMs: noonMs,
    utcOffsetMinutes: offset,
    closeLocalTime: '03:30',
    shiftLengthMs: dayMs,
    shiftMarginMs: 20 * 60_000,
    shift: 'open',
    shiftNumber: 7,
    record: { shiftNumber: 7, openedAtMs: localMs(3, 31) },
    lastScheduledDate: '2026-06-10',
    busy: false,
    ...extra,
  });
}

describe('planShift', () => {
  const cases: Array<[string, Partial<ShiftPlanInput>, unknown]> = [
    ['closed → open', { shift: 'closed' }, { kind: 'open' }],
    ['closed while busy → open anyway', { shift: 'closed', busy: true }, { kind: 'open' }],
    ['expired → rotate', { shift: 'expired' }, { kind: 'rotate', reason: 'expired' }],
    [
      'expired while busy → rotate at once',
      { shift: 'expired', busy: true },
      { kind: 'rotate', reason: 'expired' },
    ],
    [
      'unknown shift number → rotate',
      { record: { shiftNumber: 6, openedAtMs: 0 } },
      { kind: 'rotate', reason: 'unknown-age' },
    ],
    ['no record → rotate', { record: null }, { kind: 'rotate', reason: 'unknown-age' }],
    [
      'no record, busy → wait',
      { record: null, busy: true },
      { kind: 'wait-idle', reason: 'unknown-age' },
    ],
    [
      'inside the margin → rotate',
      { record: { shiftNumber: 7, openedAtMs: noonMs - dayMs + 20 * 60_000 } },
      { kind: 'rotate', reason: 'ending' },
    ],
    [
      'inside the margin, busy → wait',
      { record: { shiftNumber: 7, openedAtMs: noonMs - dayMs + 10 * 60_000 }, busy: true },
      { kind: 'wait-idle', reason: 'ending' },
    ],
    [
      'quiet hour passed, not yet today → rotate (scheduled)',
      {
        nowMs: localMs(3, 45),
        lastScheduledDate: '2026-06-09',
        record: { shiftNumber: 7, openedAtMs: localMs(13, 0, 9) },
      },
      { kind: 'rotate', reason: 'scheduled', scheduledDate: '2026-06-10' },
    ],
    [
      'kiosk off at the quiet hour → rotate when it is back (idle)',
      {
        lastScheduledDate: '2026-06-09',
        record: { shiftNumber: 7, openedAtMs: localMs(13, 0, 9) },
      },
      { kind: 'rotate', reason: 'scheduled', scheduledDate: '2026-06-10' },
    ],
    [
      'quiet hour passed, busy → wait',
      {
        nowMs: localMs(3, 45),
        lastScheduledDate: '2026-06-09',
        record: { shiftNumber: 7, openedAtMs: localMs(13, 0, 9) },
        busy: true,
      },
      { kind: 'wait-idle', reason: 'scheduled' },
    ],
    [
      'shift opened after today’s quiet hour (it ran out at 02:00) → nothing more today',
      { lastScheduledDate: '2026-06-09', record: { shiftNumber: 7, openedAtMs: localMs(4, 0) } },
      { kind: 'none' },
    ],
  ];
  for (const [name, extra, expected] of cases) {
    it(name, () => expect(plan(extra)).toMatchObject(expected as object));
  }

  it('before the quiet hour: next check at the quiet hour', () => {
    const decision = plan({
      nowMs: localMs(2, 0),
      lastScheduledDate: '2026-06-09',
      record: { shiftNumber: 7, openedAtMs: localMs(13, 0, 9) },
    });
    expect(decision).toEqual({ kind: 'none', nextCheckAtMs: localMs(3, 30) });
  });

  it('done today: next check at tomorrow’s quiet hour', () => {
    // Opened at today's quiet hour: tomorrow's quiet hour comes before its 24 h run out.
    const decision = plan({ record: { shiftNumber: 7, openedAtMs: localMs(3, 50) } });
    expect(decision).toEqual({ kind: 'none', nextCheckAtMs: localMs(3, 30, 11) });
  });

  it('next check at the margin when the shift runs out before the quiet hour', () => {
    const openedAtMs = localMs(1, 0, 9);
    const decision = plan({
      nowMs: localMs(0, 10),
      lastScheduledDate: '2026-06-09',
      record: { shiftNumber: 7, openedAtMs },
    });
    expect(decision).toEqual({ kind: 'none', nextCheckAtMs: openedAtMs + dayMs - 20 * 60_000 });
  });

  it('the quiet hour is local: 03:30 Moscow is 00:30 UTC', () => {
    const decision = plan({
      nowMs: Date.UTC(2026, 5, 10, 0, 30),
      lastScheduledDate: '2026-06-09',
      record: { shiftNumber: 7, openedAtMs: Date.UTC(2026, 5, 9, 10, 0) },
    });
    expect(decision).toMatchObject({ kind: 'rotate', reason: 'scheduled' });
    const before = plan({
      nowMs: Date.UTC(2026, 5, 10, 0, 29),
      lastScheduledDate: '2026-06-09',
      record: { shiftNumber: 7, openedAtMs: Date.UTC(2026, 5, 9, 10, 0) },
    });
    expect(before.kind).toBe('none');
  });

  it('a margin larger than a session + receipt keeps 24 h from being reached', () => {
    const openedAtMs = noonMs - dayMs + hourMs;
    expect(plan({ record: { shiftNumber: 7, openedAtMs } }).kind).toBe('none');
  });
});

describe('shiftOpenedAtMs', () => {
  it('only for the shift the record is about', () => {
    const record = { shiftNumber: 3, openedAtMs: 5 };
    expect(shiftOpenedAtMs(record, 'open', 3)).toBe(5);
    expect(shiftOpenedAtMs(record, 'expired', 3)).toBe(5);
    expect(shiftOpenedAtMs(record, 'open', 4)).toBeNull();
    expect(shiftOpenedAtMs(record, 'closed', 3)).toBeNull();
    expect(shiftOpenedAtMs(null, 'open', 3)).toBeNull();
  });
});
