import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLedger } from '../ledger/ledger.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { hashPin, pinHashParams, verifyPin } from './pin-hash.ts';
import { createPinStore, lockDelayMs, lockoutPolicy, pinsKey } from './pin-store.ts';
import { connectionOf } from '../ledger/test-access.ts';

describe('hashPin', () => {
  it('stores scrypt with N ≥ 2^15 and a fresh salt, never the PIN', async () => {
    const first = await hashPin('1234');
    const second = await hashPin('1234');
    expect(first.costN).toBeGreaterThanOrEqual(2 ** 15);
    expect(first.costN).toBe(pinHashParams.costN);
    expect(first.saltBase64).not.toBe(second.saltBase64);
    expect(first.hashBase64).not.toBe(second.hashBase64);
    expect(JSON.stringify(first)).not.toContain('1234');
  });

  it('verifies the right PIN and refuses a wrong one', async () => {
    const stored = await hashPin('20481');
    expect(await verifyPin('20481', stored)).toBe(true);
    expect(await verifyPin('20482', stored)).toBe(false);
  });
});

describe('lockDelayMs', () => {
  it('is free for the first tries, then doubles up to the cap', () => {
    expect(lockDelayMs(lockoutPolicy.freeFailures - 1)).toBe(0);
    const first = lockDelayMs(lockoutPolicy.freeFailures);
    expect(first).toBe(lockoutPolicy.firstLockMs);
    expect(lockDelayMs(lockoutPolicy.freeFailures + 1)).toBe(first * 2);
    expect(lockDelayMs(1_000)).toBe(lockoutPolicy.lockMsMax);
  });
});

describe('createPinStore', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir('kiosk-pins-');
  });
  afterEach(() => temp.remove());

  it('locks after repeated wrong PINs, and the lock survives reopening the database', async () => {
    const path = join(temp.dir, 'ledger.db');
    let ledger = openLedger(path);
    const store = createPinStore(ledger);
    await store.setPin('operator', '1111', 0);
    await store.setPin('collector', '2222', 0);
    let nowMs = 1_000_000;
    for (let index = 0; index < lockoutPolicy.freeFailures - 1; index += 1) {
      expect((await store.check('9999', nowMs)).kind).toBe('wrong-pin');
    }
    const locking = await store.check('9999', nowMs);
    expect(locking).toEqual({
      kind: 'wrong-pin',
      triesLeft: 0,
      lockedUntilMs: nowMs + lockoutPolicy.firstLockMs,
    });
    ledger.close();

    ledger = openLedger(path);
    const reopened = createPinStore(ledger);
    // Even the right PIN is refused while locked: the pad is locked, not the wrong guess.
    expect(await reopened.check('1111', nowMs + 1_000)).toEqual({
      kind: 'locked',
      lockedUntilMs: nowMs + lockoutPolicy.firstLockMs,
    });
    nowMs += lockoutPolicy.firstLockMs;
    const again = await reopened.check('9999', nowMs);
    expect(again).toMatchObject({ lockedUntilMs: nowMs + 2 * lockoutPolicy.firstLockMs });
    nowMs += 2 * lockoutPolicy.firstLockMs;
    expect(await reopened.check('2222', nowMs)).toEqual({ kind: 'ok', role: 'collector' });
    expect(reopened.lockout()).toEqual({ failures: 0, lockedUntilMs: 0 });
    ledger.close();
  });

  it('asks for the wizard while a role has no PIN, and stores only hashes', async () => {
    const ledger = openLedger(join(temp.dir, 'ledger.db'));
    const store = createPinStore(ledger);
    expect(await store.check('1234', 0)).toEqual({ kind: 'setup-required' });
    await store.setPin('operator', '1234', 0);
    expect(store.isSetUp()).toBe(false);
    await store.setPin('collector', '4321', 0);
    expect(store.isSetUp()).toBe(true);
    const row = connectionOf(ledger)
      .prepare('SELECT value_json FROM setting WHERE key = ?')
      .get(pinsKey);
    expect(String(row?.value_json)).not.toMatch(/1234|4321/);
    expect(await store.matchesOther('collector', '1234')).toBe(true);
    ledger.close();
  });
});

describe('a burst of PIN tries', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir('kiosk-pins-');
  });
  afterEach(() => temp.remove());

  it('checks one try at a time: 29 wrong and the right one last, all at once, never open', async () => {
    const ledger = openLedger(join(temp.dir, 'ledger.db'));
    try {
      const store = createPinStore(ledger);
      await store.setPin('operator', '1111', 0);
      await store.setPin('collector', '2222', 0);
      const nowMs = 1_000_000;
      const wrong = Array.from({ length: 29 }, (_, index) => String(3000 + index));
      const outcomes = await Promise.all([...wrong, '1111'].map((pin) => store.check(pin, nowMs)));
      expect(outcomes.filter((outcome) => outcome.kind === 'ok')).toEqual([]);
      // Only the try that ran counts; the others were refused without a hash.
      expect(outcomes.filter((outcome) => outcome.kind === 'wrong-pin')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === 'busy')).toHaveLength(29);
      // Staff are not locked out for half an hour by a stranger's burst.
      expect(store.lockout()).toEqual({ failures: 1, lockedUntilMs: 0 });
    } finally {
      ledger.close();
    }
  });

  it('counts the try before the hash runs, so a crash mid-check still counts it', async () => {
    const ledger = openLedger(join(temp.dir, 'ledger.db'));
    try {
      const store = createPinStore(ledger);
      await store.setPin('operator', '1111', 0);
      await store.setPin('collector', '2222', 0);
      const nowMs = 1_000_000;
      for (let index = 0; index < lockoutPolicy.freeFailures - 1; index += 1) {
        await store.check('9999', nowMs);
      }
      const pending = store.check('9999', nowMs);
      // Reserved at once: the pad shows locked while the last free try is still hashing.
      expect(store.lockout()).toEqual({
        failures: lockoutPolicy.freeFailures,
        lockedUntilMs: nowMs + lockoutPolicy.firstLockMs,
      });
      expect((await pending).kind).toBe('wrong-pin');
      // After the limit even the right PIN is refused, one at a time or all at once.
      const burst = await Promise.all(
        Array.from({ length: 30 }, () => store.check('1111', nowMs + 1_000)),
      );
      expect(burst.filter((outcome) => outcome.kind === 'ok')).toEqual([]);
      expect(store.lockout().failures).toBe(lockoutPolicy.freeFailures);
    } finally {
      ledger.close();
    }
  });

  it('the right PIN within the free tries clears the reserved count', async () => {
    const ledger = openLedger(join(temp.dir, 'ledger.db'));
    try {
      const store = createPinStore(ledger);
      await store.setPin('operator', '1111', 0);
      await store.setPin('collector', '2222', 0);
      await store.check('9999', 0);
      expect(await store.check('2222', 0)).toEqual({ kind: 'ok', role: 'collector' });
      expect(store.lockout()).toEqual({ failures: 0, lockedUntilMs: 0 });
    } finally {
      ledger.close();
    }
  });
});

describe('damaged PIN data', () => {
  it('does not reopen the wizard and no PIN opens service mode', async () => {
    const temp = tempDir('kiosk-pins-');
    const ledger = openLedger(join(temp.dir, 'ledger.db'));
    try {
      ledger.settings.set(pinsKey, { operator: 'garbage' }, 0);
      const store = createPinStore(ledger);
      expect(store.isSetUp()).toBe(true);
      expect(await store.check('1234', 0)).toEqual({ kind: 'unreadable' });
    } finally {
      ledger.close();
      temp.remove();
    }
  });
});
