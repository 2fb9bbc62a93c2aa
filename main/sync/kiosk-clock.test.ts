import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Ledger, openLedger } from '../ledger/ledger.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { silentLogger } from '../log.ts';
import { createKioskSequence, createSkewMonitor } from './kiosk-clock.ts';

let temp: ReturnType<typeof tempDir>;
let path: string;
let ledger: Ledger;
beforeEach(() => {
  temp = tempDir('kiosk-clock-');
  path = join(temp.dir, 'ledger.db');
  ledger = openLedger(path);
});
afterEach(() => {
  ledger.close();
  temp.remove();
});

describe('kiosk sequence', () => {
  it('never goes back across a restart, even when the wall clock does', () => {
    let nowMs = 5_000_000;
    const first = createKioskSequence({ settings: ledger.settings, now: () => nowMs });
    const issued = [first.next(), first.next(), first.next()];
    expect(issued).toEqual([5_000_001, 5_000_002, 5_000_003]);
    ledger.close();
    ledger = openLedger(path);
    nowMs = 1_000; // the clock was set back by hours
    const second = createKioskSequence({ settings: ledger.settings, now: () => nowMs });
    expect(second.next()).toBe(5_000_004);
  });

  it('restarts above the clock when the stored value is unreadable', () => {
    ledger.settings.set('sync.sequence', { value: 'x' }, 0);
    const sequence = createKioskSequence({
      settings: ledger.settings,
      now: () => 7_000,
      log: silentLogger(),
    });
    expect(sequence.next()).toBe(7_001);
  });
});

describe('skew monitor', () => {
  it('estimates central − kiosk at the round-trip midpoint and flags more than 2 minutes', () => {
    const monitor = createSkewMonitor({ log: silentLogger() });
    expect(monitor.current().skewMs).toBeNull();
    const small = monitor.observe({ sentAtMs: 1_000, answeredAtMs: 1_200, centralNowMs: 31_100 });
    expect(small).toEqual({ skewMs: 30_000, measuredAtMs: 1_200, large: false });
    const behind = monitor.observe({ sentAtMs: 0, answeredAtMs: 0, centralNowMs: 120_001 });
    expect(behind.large).toBe(true);
    const ahead = monitor.observe({ sentAtMs: 200_000, answeredAtMs: 200_000, centralNowMs: 0 });
    expect(ahead).toMatchObject({ skewMs: -200_000, large: true });
  });
});
