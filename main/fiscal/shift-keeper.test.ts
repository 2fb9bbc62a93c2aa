import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FiscalRegistrarDouble } from '../../tests/support/fiscal-registrar-double.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { dayMs } from '../core/fiscal-clock.ts';
import { type Ledger, openLedger } from '../ledger/ledger.ts';
import { createDeviceLock } from './device-lock.ts';
import { createShiftKeeper, type ShiftKeeper } from './shift-keeper.ts';

/** 2026-06-10 12:00 Moscow (UTC+3). */
const noonMs = Date.UTC(2026, 5, 10, 9, 0);
const localMs = (hh: number, mm = 0, day = 10) => Date.UTC(2026, 5, day, hh - 3, mm);
let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
let nowMs: number;
let port: FiscalRegistrarDouble;
let busy: { cash: boolean; session: boolean };
let keeper: ShiftKeeper;
const silent = { info() {}, warn() {}, error() {} };

beforeEach(() => {
  temp = tempDir();
  ledger = openLedger(join(temp.dir, 'ledger.db'));
  nowMs = noonMs;
  port = new FiscalRegistrarDouble(() => nowMs);
  busy = { cash: false, session: false };
  keeper = createShiftKeeper({
    fiscal: ledger.fiscal,
    port,
    lock: createDeviceLock(),
    now: () => nowMs,
    log: silent,
    settings: () => ({
      utcOffsetMinutes: 180,
      closeLocalTime: '03:30',
      shiftLengthMs: dayMs,
      shiftMarginMs: 25 * 60_000,
    }),
    holdsCash: () => busy.cash,
    sessionOpen: () => busy.session,
    receiptsWaiting: () => false,
  });
});
afterEach(() => {
  ledger.close();
  temp.remove();
});

function zReports(): number {
  return [...port.documents.values()].filter((doc) => doc.kind === 'shift-close').length;
}

describe('shift keeper', () => {
  it('opens a shift when none is open and records when', async () => {
    expect(await keeper.tick()).toEqual({ kind: 'opened', shiftNumber: 1 });
    expect(ledger.fiscal.shift()).toEqual({
      shiftNumber: 1,
      openedAtMs: noonMs,
      lastScheduledDate: null,
    });
    expect(await keeper.tick()).toMatchObject({ kind: 'decided', decision: { kind: 'none' } });
  });

  it('a shift it did not open (age unknown) is rotated once idle', async () => {
    await port.openShift();
    busy.session = true;
    expect(await keeper.tick()).toMatchObject({
      kind: 'decided',
      decision: { kind: 'wait-idle', reason: 'unknown-age' },
    });
    busy.session = false;
    expect(await keeper.tick()).toEqual({ kind: 'rotated', reason: 'unknown-age', shiftNumber: 2 });
    expect(zReports()).toBe(1);
  });

  it('at the quiet hour: Z and a new shift, once, never with cash inside', async () => {
    nowMs = localMs(13, 0, 9);
    await keeper.tick();
    nowMs = localMs(3, 40);
    busy.cash = true;
    expect(await keeper.tick()).toMatchObject({
      decision: { kind: 'wait-idle', reason: 'scheduled' },
    });
    expect(zReports()).toBe(0);
    busy.cash = false;
    expect(await keeper.tick()).toEqual({ kind: 'rotated', reason: 'scheduled', shiftNumber: 2 });
    expect(ledger.fiscal.shift().lastScheduledDate).toBe('2026-06-10');
    nowMs = localMs(4, 10);
    expect(await keeper.tick()).toMatchObject({ decision: { kind: 'none' } });
    expect(zReports()).toBe(1);
  });

  it('rotates before 24 h run out, and at once when they did', async () => {
    await keeper.tick();
    nowMs = noonMs + dayMs - 20 * 60_000;
    expect(await keeper.tick()).toEqual({ kind: 'rotated', reason: 'ending', shiftNumber: 2 });
    nowMs += dayMs + 60_000;
    busy.cash = true;
    expect(await keeper.tick()).toEqual({ kind: 'rotated', reason: 'expired', shiftNumber: 3 });
  });

  it('reports the registrar offline and changes nothing', async () => {
    port.online = false;
    expect(await keeper.tick()).toEqual({ kind: 'offline', error: 'offline' });
  });
});
