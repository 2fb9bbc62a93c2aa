import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limits } from '../../common/limits.ts';
import { commissionKopecks, type Kopecks, kopecks, rubles } from '../../common/money.ts';
import {
  type DepositEffect,
  type DepositEvent,
  type DepositState,
  initialState,
  sessionOf,
  step,
  viewOf,
} from './deposit-machine.ts';
import { rubleBillTable } from './deposit-fixtures.ts';
import type { DepositConfig, Recipient } from './deposit-types.ts';

const recipient: Recipient = {
  kind: 'inmate',
  inmateRef: 'inm-1',
  maskedName: 'Петров П. П.',
  birthYear: 1990,
  facilityId: 'sizo-1',
  facilityName: 'СИЗО-1',
};

const config: DepositConfig = {
  depositKopecksMax: rubles(15_000),
  commissionBasisPoints: 300,
  commissionMinKopecks: rubles(30),
  enabledNoteKopecks: [50, 100, 200, 500, 1_000, 2_000, 5_000].map(rubles),
};

function run(state: DepositState, events: DepositEvent[]) {
  const effects: DepositEffect[] = [];
  let current = state;
  for (const event of events) {
    const transition = step(current, event);
    current = transition.state;
    effects.push(...transition.effects);
  }
  return { state: current, effects };
}

function ready(overrides: Partial<DepositConfig> = {}): DepositState {
  const base = step(initialState({ ...config, ...overrides }), {
    kind: 'bill-table',
    billTable: rubleBillTable,
  }).state;
  return step(base, {
    kind: 'start',
    sessionId: 's-1',
    recipient,
    payerAccountId: null,
    atMs: 1,
  }).state;
}

const kinds = (effects: readonly DepositEffect[]) => effects.map((effect) => effect.kind);

describe('deposit machine', () => {
  it('opens the session and enables only configured notes that fit the cap', () => {
    const start = step(
      step(initialState(config), { kind: 'bill-table', billTable: rubleBillTable }).state,
      { kind: 'start', sessionId: 's-1', recipient, payerAccountId: null, atMs: 1 },
    );
    expect(kinds(start.effects)).toEqual(['ledger.open-session', 'acceptor.enable']);
    // 10 руб. (type 2) is not in enabledNoteKopecks.
    expect(start.effects[1]).toEqual({
      kind: 'acceptor.enable',
      billTypes: [3, 4, 5, 6, 7, 12, 13],
    });
  });

  it('keeps a newer series of a denomination off until the operator turns it on', () => {
    // Firmware that knows a new 1 000 руб. series lists it as a second type (here 20).
    const table = [...rubleBillTable, { billType: 20, noteKopecks: rubles(1_000) }];
    const enabledWith = (newSeriesNoteKopecks: DepositConfig['newSeriesNoteKopecks']) => {
      const state = step(initialState({ ...config, newSeriesNoteKopecks }), {
        kind: 'bill-table',
        billTable: table,
      }).state;
      const start = step(state, {
        kind: 'start',
        sessionId: 's-1',
        recipient,
        payerAccountId: null,
        atMs: 1,
      });
      const enable = start.effects.find((effect) => effect.kind === 'acceptor.enable');
      return enable?.kind === 'acceptor.enable' ? enable.billTypes : [];
    };
    expect(enabledWith(undefined)).not.toContain(20);
    expect(enabledWith([rubles(1_000)])).toContain(20);
    expect(enabledWith([rubles(1_000)])).toContain(6);
  });

  it('writes the intent BEFORE stacking and credits on stacked', () => {
    const escrow = step(ready(), { kind: 'escrow', billType: 7, atMs: 2 });
    expect(kinds(escrow.effects)).toEqual(['ledger.intent', 'acceptor.stack']);
    const stacked = step(escrow.state, { kind: 'stacked', billType: 7, atMs: 3 });
    expect(stacked.effects[0]).toEqual({
      kind: 'ledger.stacked',
      billType: 7,
      noteKopecks: rubles(5_000),
      atMs: 3,
    });
    expect(viewOf(stacked.state)).toMatchObject({
      acceptedKopecks: rubles(5_000),
      commissionKopecks: rubles(150),
      creditedKopecks: rubles(4_850),
      remainingKopecks: rubles(10_000),
      notes: [{ noteKopecks: rubles(5_000), atMs: 3 }],
    });
  });

  it('returns a note that would exceed the cap before stacking, and narrows the bill types', () => {
    const { state, effects } = run(ready(), [
      { kind: 'escrow', billType: 7, atMs: 2 },
      { kind: 'stacked', billType: 7, atMs: 3 },
      { kind: 'escrow', billType: 7, atMs: 4 },
      { kind: 'stacked', billType: 7, atMs: 5 },
    ]);
    // 10 000 in: 5 000 still fits, so nothing narrows yet.
    expect(kinds(effects)).not.toContain('acceptor.return');
    const third = run(state, [
      { kind: 'escrow', billType: 6, atMs: 6 },
      { kind: 'stacked', billType: 6, atMs: 7 },
    ]);
    // 11 000 in, 4 000 left: 5 000 notes are no longer enabled.
    expect(third.effects.at(-1)).toEqual({
      kind: 'acceptor.enable',
      billTypes: [3, 4, 5, 6, 12, 13],
    });
    const over = step(third.state, { kind: 'escrow', billType: 7, atMs: 8 });
    expect(kinds(over.effects)).toEqual(['acceptor.return']);
    expect(viewOf(over.state)?.lastRejection).toEqual({ reason: 'over-limit', atMs: 8 });
  });

  it('returns a denomination the operator did not allow', () => {
    const { effects, state } = run(ready(), [{ kind: 'escrow', billType: 2, atMs: 2 }]);
    expect(kinds(effects)).toEqual(['acceptor.return']);
    expect(viewOf(state)?.lastRejection).toEqual({ reason: 'note-not-accepted', atMs: 2 });
  });

  it('pay disables first, waits for the note in flight, then commits and prints', () => {
    const paying = run(ready(), [
      { kind: 'escrow', billType: 4, atMs: 2 },
      { kind: 'stacked', billType: 4, atMs: 3 },
      { kind: 'escrow', billType: 5, atMs: 4 },
      { kind: 'pay', transferId: 't-1', atMs: 5 },
    ]);
    expect(paying.state.phase.kind).toBe('settling');
    expect(paying.effects.at(-1)).toEqual({ kind: 'acceptor.disable' });
    const done = step(paying.state, { kind: 'stacked', billType: 5, atMs: 6 });
    expect(kinds(done.effects)).toEqual(['ledger.stacked', 'ledger.commit', 'receipt.print']);
    expect(done.effects[1]).toMatchObject({ acceptedKopecks: rubles(600), transferId: 't-1' });
    expect(done.state.phase.kind).toBe('completed');
  });

  it('idle timeout completes with the money deposited, or cancels an empty session', () => {
    const withMoney = run(ready(), [
      { kind: 'escrow', billType: 4, atMs: 2 },
      { kind: 'stacked', billType: 4, atMs: 3 },
      { kind: 'idle-timeout', transferId: 't-1', atMs: 60_000 },
    ]);
    expect(kinds(withMoney.effects).slice(-3)).toEqual([
      'acceptor.disable',
      'ledger.commit',
      'receipt.print',
    ]);
    const empty = step(ready(), { kind: 'idle-timeout', transferId: 't-2', atMs: 60_000 });
    expect(kinds(empty.effects)).toEqual(['acceptor.disable', 'ledger.cancel']);
    expect(empty.state.phase).toMatchObject({ kind: 'cancelled', reason: 'idle-timeout' });
  });

  it('cancel is refused once money is in or a note is in flight', () => {
    const inFlight = step(ready(), { kind: 'escrow', billType: 4, atMs: 2 }).state;
    expect(step(inFlight, { kind: 'cancel', atMs: 3 }).refusal).toEqual({ kind: 'note-in-flight' });
    const credited = step(inFlight, { kind: 'stacked', billType: 4, atMs: 3 }).state;
    expect(step(credited, { kind: 'cancel', atMs: 4 }).refusal).toEqual({ kind: 'has-money' });
    expect(step(ready(), { kind: 'pay', transferId: 't', atMs: 2 }).refusal).toEqual({
      kind: 'nothing-deposited',
    });
  });

  it('a stacked report with nothing in flight is journalled as unmatched, never credited', () => {
    const { state, effects } = run(ready(), [{ kind: 'stacked', billType: 4, atMs: 2 }]);
    expect(kinds(effects)).toEqual(['ledger.unmatched-stacked', 'log']);
    expect(viewOf(state)?.acceptedKopecks).toBe(0);
  });

  it('power-up with the bill in the validator closes the note in flight as returned', () => {
    const inFlight = step(ready(), { kind: 'escrow', billType: 4, atMs: 2 }).state;
    const condition = { kind: 'power-up', variant: 'bill-in-validator' } as const;
    const after = step(inFlight, { kind: 'condition', condition, atMs: 3 });
    expect(kinds(after.effects)).toEqual(['ledger.returned']);
    expect(viewOf(after.state)).toMatchObject({ noteInProgress: false, acceptedKopecks: 0 });
  });

  it('returns a note offered after pay was pressed', () => {
    const done = run(ready(), [
      { kind: 'escrow', billType: 4, atMs: 2 },
      { kind: 'stacked', billType: 4, atMs: 3 },
      { kind: 'pay', transferId: 't-1', atMs: 4 },
      { kind: 'escrow', billType: 4, atMs: 5 },
    ]);
    expect(done.effects.at(-2)).toEqual({ kind: 'acceptor.return' });
    expect(viewOf(done.state)?.acceptedKopecks).toBe(rubles(100));
  });
});

type Action =
  | { kind: 'insert'; row: number }
  | { kind: 'outcome'; stack: boolean }
  | { kind: 'reject' }
  | { kind: 'pay' }
  | { kind: 'idle' }
  | { kind: 'cancel' };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), row: fc.nat(7) }) },
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('outcome' as const), stack: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'reject' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'pay' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'idle' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cancel' as const }) },
);

describe('deposit machine properties', () => {
  it('Σ notes = accepted ≤ cap, commission + credited = accepted, ledger effects agree', () => {
    fc.assert(
      fc.property(
        fc.array(actionArb, { maxLength: 120 }),
        fc.integer({ min: 1, max: limits.depositKopecksMaxCeiling }),
        fc.integer({ min: 0, max: 2_000 }),
        (actions, capKopecks, basisPoints) => {
          let state = ready({
            depositKopecksMax: kopecks(capKopecks),
            commissionBasisPoints: basisPoints,
          });
          // The honest device: notes it was told to stack, in order, not yet reported.
          const device: number[] = [];
          let ledgerCredits = 0;
          let committed: Kopecks | null = null;
          let atMs = 10;
          for (const action of actions) {
            atMs += 1;
            const event = toEvent(action, device, atMs);
            if (event === null) continue;
            const transition = step(state, event);
            state = transition.state;
            for (const effect of transition.effects) {
              if (effect.kind === 'acceptor.stack') {
                if (event.kind === 'escrow') device.push(event.billType);
              }
              if (effect.kind === 'ledger.stacked') ledgerCredits += effect.noteKopecks;
              if (effect.kind === 'ledger.commit') committed = effect.acceptedKopecks;
            }
            checkSession(state, ledgerCredits, committed);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

function toEvent(action: Action, device: number[], atMs: number): DepositEvent | null {
  switch (action.kind) {
    case 'insert':
      // One note in the bill path at a time, as on a real validator.
      if (device.length > 0) return null;
      return { kind: 'escrow', billType: rubleBillTable[action.row]!.billType, atMs };
    case 'outcome': {
      const billType = device.shift();
      if (billType === undefined) return null;
      return { kind: action.stack ? 'stacked' : 'returned', billType, atMs };
    }
    case 'reject':
      return { kind: 'rejected', reason: 'verification', atMs };
    case 'pay':
      return { kind: 'pay', transferId: `t-${atMs}`, atMs };
    case 'idle':
      return { kind: 'idle-timeout', transferId: `t-${atMs}`, atMs };
    case 'cancel':
      return { kind: 'cancel', atMs };
  }
}

function checkSession(state: DepositState, ledgerCredits: number, committed: Kopecks | null) {
  const session = sessionOf(state.phase);
  if (session === null) return;
  const sum = session.notes.reduce((total, note) => total + note.noteKopecks, 0);
  expect(sum).toBe(session.acceptedKopecks);
  expect(ledgerCredits).toBe(session.acceptedKopecks);
  expect(session.acceptedKopecks).toBeLessThanOrEqual(session.terms.depositKopecksMax);
  const view = viewOf(state);
  expect(view).not.toBeNull();
  if (view === null) return;
  expect(view.commissionKopecks + view.creditedKopecks).toBe(view.acceptedKopecks);
  const { commissionBasisPoints, commissionMinKopecks } = session.terms;
  expect(view.commissionKopecks).toBe(
    commissionKopecks(view.acceptedKopecks, commissionBasisPoints, commissionMinKopecks),
  );
  if (state.phase.kind === 'completed') {
    expect(committed).toBe(session.acceptedKopecks);
    expect(session.inFlight).toEqual([]);
  }
  if (state.phase.kind === 'cancelled') expect(session.acceptedKopecks).toBe(0);
}
