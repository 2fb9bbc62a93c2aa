import { describe, expect, it } from 'vitest';
import { createAccountSession, type SessionEndReason, type Timers } from './account-session.ts';

/** Timers the test fires by hand: no waiting, no timing in assertions. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const delays: number[] = [];
  const timers: Timers = {
    set(callback, delayMs) {
      next += 1;
      pending.set(next, callback);
      delays.push(delayMs);
      return next;
    },
    clear: (handle) => pending.delete(handle as number),
  };
  const fire = () => {
    for (const run of [...pending.values()]) run();
  };
  return { timers, pending, fire, delays };
}

function session(idleMs: number | (() => number) = 120_000) {
  const clock = manualTimers();
  const ended: SessionEndReason[] = [];
  const revoked: string[] = [];
  const subject = createAccountSession({
    idleMs,
    revoke: async (token) => {
      revoked.push(token);
    },
    onEnded: (reason) => ended.push(reason),
    timers: clock.timers,
  });
  return { subject, clock, ended, revoked };
}

describe('account session on the kiosk', () => {
  it('keeps the token only until Exit, and tells central once', () => {
    const { subject, ended, revoked } = session();
    subject.start('token-aaaaaaaaaaaaaaaaaaaa', 'p1', '+79001234567');
    expect(subject.accountId()).toBe('p1');
    subject.end('exit');
    subject.end('exit');
    expect(subject.token()).toBeNull();
    expect(subject.accountId()).toBeNull();
    expect(ended).toEqual(['exit']);
    expect(revoked).toEqual(['token-aaaaaaaaaaaaaaaaaaaa']);
  });

  it("holds the payer's sender name for the receipt, learns a later one, forgets it at Exit", () => {
    const { subject } = session();
    subject.start('token-aaaaaaaaaaaaaaaaaaaa', 'p1', '+79001234567');
    expect(subject.senderName()).toBeNull();
    subject.learnSenderName('Орлов Илья');
    expect(subject.senderName()).toBe('Орлов Илья');
    subject.end('exit');
    expect(subject.senderName()).toBeNull();
    // Nobody logged in: a late answer about the account names nobody.
    subject.learnSenderName('Орлов Илья');
    expect(subject.senderName()).toBeNull();
    subject.start('token-bbbbbbbbbbbbbbbbbbbb', 'p2', '+79007654321', 'Ким Ольга');
    expect(subject.senderName()).toBe('Ким Ольга');
  });

  it('ends on idle; a touch restarts the countdown instead of stacking timers', () => {
    const { subject, clock, ended } = session();
    subject.start('token-bbbbbbbbbbbbbbbbbbbb', 'p2', '+79001234567');
    subject.touch();
    subject.touch();
    expect(clock.pending.size).toBe(1);
    clock.fire();
    expect(ended).toEqual(['idle']);
    expect(subject.token()).toBeNull();
    expect(clock.pending.size).toBe(0);
  });

  it('reads the operator idle setting at every touch (a change needs no restart)', () => {
    let settingMs = 120_000;
    const { subject, clock } = session(() => settingMs);
    subject.start('token-dddddddddddddddddddd', 'p4', '+79001234567');
    settingMs = 30_000;
    subject.touch();
    expect(clock.delays).toEqual([120_000, 30_000]);
  });

  it('a new login ends the previous one first', () => {
    const { subject, ended, revoked } = session();
    subject.start('token-cccccccccccccccccccc', 'p3', '+79001234567');
    subject.start('token-dddddddddddddddddddd', 'p4', '+79007654321');
    expect(ended).toEqual(['exit']);
    expect(revoked).toEqual(['token-cccccccccccccccccccc']);
    expect(subject.accountId()).toBe('p4');
  });

  it('does nothing at the end of a payment when nobody is logged in', () => {
    const { subject, ended } = session();
    subject.end('payment-end');
    expect(ended).toEqual([]);
  });
});
