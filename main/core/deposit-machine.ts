import { assert, assertNever } from '../../common/assert.ts';
import type { CashLetter } from '../../common/letter.ts';
import { limits } from '../../common/limits.ts';
import { addKopecks, type Kopecks, kopecks } from '../../common/money.ts';
import type { AcceptorCondition, AcceptorRejectReason } from '../../common/ports.ts';
import {
  type BillTableRow,
  type CancelReason,
  type DepositState,
  enabledBillTypes,
  type FinishReason,
  type InFlightNote,
  noteOf,
  type Phase,
  type RejectionReason,
  remainingKopecks,
  type Session,
  sessionOf,
  withSession,
} from './deposit-state.ts';
import type { DepositConfig, Recipient } from './deposit-types.ts';

export * from './deposit-state.ts';
export { viewOf } from './deposit-view.ts';

/**
 * The deposit session as a pure state machine: step(state, event) → { state, effects }.
 * No I/O, no clock, no randomness: time and ids arrive in events, and the service in
 * main/deposit/ carries out the effects IN ORDER (a stack intent is durable before STACK).
 */

export type DepositEvent =
  | { kind: 'configure'; config: DepositConfig }
  | { kind: 'bill-table'; billTable: readonly BillTableRow[] }
  | {
      kind: 'start';
      sessionId: string;
      recipient: Recipient;
      payerAccountId: string | null;
      /** The logged-in payer's name, printed as the sender; absent or null: anonymous. */
      senderName?: string | null;
      /** A wallet top-up: the commission is taken when the wallet pays, not on the way in. */
      commissionFree?: boolean;
      /** A letter paid with this cash (only with a wallet top-up; common/letter.ts). */
      letter?: CashLetter | null;
      atMs: number;
    }
  | { kind: 'escrow'; billType: number; atMs: number }
  | { kind: 'stacked'; billType: number; atMs: number }
  | { kind: 'returned'; billType: number; atMs: number }
  | { kind: 'rejected'; reason: AcceptorRejectReason; atMs: number }
  | { kind: 'condition'; condition: AcceptorCondition; atMs: number }
  /** The stack intent could not be written: the note must not be stacked. */
  | { kind: 'intent-failed'; atMs: number }
  | { kind: 'pay'; transferId: string; atMs: number }
  | { kind: 'idle-timeout'; transferId: string; atMs: number }
  | { kind: 'cancel'; atMs: number };

export type DepositEffect =
  | { kind: 'ledger.open-session'; session: Session; atMs: number }
  | { kind: 'ledger.intent'; sessionId: string; note: InFlightNote; atMs: number }
  | { kind: 'ledger.stacked'; billType: number; noteKopecks: Kopecks; atMs: number }
  | { kind: 'ledger.returned'; billType: number; atMs: number }
  | { kind: 'ledger.unmatched-stacked'; billType: number; noteKopecks: Kopecks; atMs: number }
  | { kind: 'ledger.cancel'; sessionId: string; reason: CancelReason; atMs: number }
  | {
      kind: 'ledger.commit';
      sessionId: string;
      transferId: string;
      /** What the machine expects the ledger to compute (pair assertion in the service). */
      acceptedKopecks: Kopecks;
      atMs: number;
    }
  | { kind: 'acceptor.enable'; billTypes: readonly number[] }
  | { kind: 'acceptor.disable' }
  | { kind: 'acceptor.stack' }
  | { kind: 'acceptor.return' }
  | { kind: 'receipt.print'; transferId: string }
  | { kind: 'log'; level: 'info' | 'warn'; message: string };

export type Refusal =
  | { kind: 'session-active' }
  | { kind: 'no-session' }
  | { kind: 'nothing-deposited' }
  | { kind: 'has-money' }
  | { kind: 'note-in-flight' }
  | { kind: 'settling' }
  | { kind: 'no-denominations' };

export type Transition = {
  state: DepositState;
  effects: readonly DepositEffect[];
  refusal?: Refusal;
};

export function initialState(config: DepositConfig): DepositState {
  assertConfig(config);
  return { config, billTable: [], acceptorCondition: { kind: 'absent' }, phase: { kind: 'idle' } };
}

export function assertConfig(config: DepositConfig): void {
  assert(config.depositKopecksMax > 0, 'config: cap is positive');
  assert(config.depositKopecksMax <= limits.depositKopecksMaxCeiling, 'config: cap ceiling');
  assert(
    config.enabledNoteKopecks.every((note) => note > 0),
    'config: notes positive',
  );
}

export function step(state: DepositState, event: DepositEvent): Transition {
  switch (event.kind) {
    case 'configure':
      assertConfig(event.config);
      return { state: { ...state, config: event.config }, effects: [] };
    case 'bill-table':
      return { state: { ...state, billTable: event.billTable }, effects: [] };
    case 'condition':
      return onCondition(state, event.condition, event.atMs);
    case 'start':
      return onStart(state, event);
    case 'escrow':
      return onEscrow(state, event.billType, event.atMs);
    case 'stacked':
      return onStacked(state, event.billType, event.atMs);
    case 'returned':
      return onReturned(state, event.billType, event.atMs);
    case 'intent-failed':
      return onIntentFailed(state, event.atMs);
    case 'rejected':
      return onRejected(state, event.reason, event.atMs);
    case 'pay':
      return onFinish(state, 'pay', event.transferId, event.atMs);
    case 'idle-timeout':
      return onFinish(state, 'idle-timeout', event.transferId, event.atMs);
    case 'cancel':
      return onCancel(state, event.atMs);
    default:
      return assertNever(event, 'deposit event');
  }
}

/** Session of the active phases, or null when idle. */
function onStart(state: DepositState, event: Extract<DepositEvent, { kind: 'start' }>) {
  const phase = state.phase.kind;
  if (phase === 'accepting' || phase === 'settling') {
    return refuse(state, { kind: 'session-active' });
  }
  const { depositKopecksMax } = state.config;
  const configVersion = state.config.configVersion ?? null;
  const free = event.commissionFree === true;
  const draft: Session = {
    sessionId: event.sessionId,
    recipient: event.recipient,
    payerAccountId: event.payerAccountId,
    senderName: event.senderName ?? null,
    letter: event.letter ?? null,
    terms: {
      depositKopecksMax,
      commissionBasisPoints: free ? 0 : state.config.commissionBasisPoints,
      commissionMinKopecks: free ? kopecks(0) : state.config.commissionMinKopecks,
      ...(configVersion === null ? {} : { configVersion }),
    },
    notes: [],
    acceptedKopecks: kopecks(0),
    inFlight: [],
    enabledBillTypes: [],
    lastRejection: null,
  };
  const billTypes = enabledBillTypes(state, draft);
  if (billTypes.length === 0) return refuse(state, { kind: 'no-denominations' });
  const session = { ...draft, enabledBillTypes: billTypes };
  return {
    state: { ...state, phase: { kind: 'accepting', session } },
    effects: [
      { kind: 'ledger.open-session', session, atMs: event.atMs },
      { kind: 'acceptor.enable', billTypes },
    ],
  } satisfies Transition;
}

function refuse(state: DepositState, refusal: Refusal): Transition {
  return { state, effects: [], refusal };
}

function onEscrow(state: DepositState, billType: number, atMs: number): Transition {
  const phase = state.phase;
  if (phase.kind !== 'accepting') {
    // Disabled, finishing or no session: a note that slipped in is handed back, never kept.
    return {
      state,
      effects: [
        { kind: 'acceptor.return' },
        { kind: 'log', level: 'info', message: `escrow while ${phase.kind}: returned` },
      ],
    };
  }
  const session = phase.session;
  const noteKopecks = noteOf(state, billType);
  const reason = escrowRefusal(state, session, noteKopecks);
  if (reason !== null || noteKopecks === null) {
    const refused = { ...session, lastRejection: { reason: reason ?? 'note-not-accepted', atMs } };
    return {
      state: { ...state, phase: { ...phase, session: refused } },
      effects: [{ kind: 'acceptor.return' }],
    };
  }
  const note = { billType, noteKopecks };
  const next = { ...session, inFlight: [...session.inFlight, note], lastRejection: null };
  return {
    state: { ...state, phase: { ...phase, session: next } },
    effects: [
      { kind: 'ledger.intent', sessionId: session.sessionId, note, atMs },
      { kind: 'acceptor.stack' },
    ],
  };
}

function escrowRefusal(
  state: DepositState,
  session: Session,
  noteKopecks: Kopecks | null,
): RejectionReason | null {
  if (noteKopecks === null) return 'note-not-accepted';
  if (!state.config.enabledNoteKopecks.includes(noteKopecks)) return 'note-not-accepted';
  if (noteKopecks > remainingKopecks(session)) return 'over-limit';
  const notesCount = session.notes.length + session.inFlight.length;
  if (notesCount >= limits.notesPerDepositMax) return 'over-limit';
  return null;
}

function onStacked(state: DepositState, billType: number, atMs: number): Transition {
  const session = sessionOf(state.phase);
  const head = session?.inFlight[0];
  if (session === null || head === undefined) {
    const noteKopecks = noteOf(state, billType) ?? kopecks(0);
    return {
      state,
      effects: [
        { kind: 'ledger.unmatched-stacked', billType, noteKopecks, atMs },
        { kind: 'log', level: 'warn', message: `stacked ${billType} with no note in flight` },
      ],
    };
  }
  // The device's report is the truth about which note went into the cassette.
  const noteKopecks = noteOf(state, billType) ?? head.noteKopecks;
  const effects: DepositEffect[] = [{ kind: 'ledger.stacked', billType, noteKopecks, atMs }];
  if (noteKopecks !== head.noteKopecks) {
    const message = `stacked ${noteKopecks} but escrow said ${head.noteKopecks}`;
    effects.push({ kind: 'log', level: 'warn', message });
  }
  const next: Session = {
    ...session,
    inFlight: session.inFlight.slice(1),
    notes: [...session.notes, { noteKopecks, atMs }],
    acceptedKopecks: addKopecks(session.acceptedKopecks, noteKopecks),
  };
  return settle({ ...state, phase: withSession(state.phase, next) }, effects, atMs);
}

function onReturned(state: DepositState, billType: number, atMs: number): Transition {
  const session = sessionOf(state.phase);
  if (session === null || session.inFlight.length === 0) {
    return {
      state,
      effects: [{ kind: 'log', level: 'info', message: `returned ${billType}, none in flight` }],
    };
  }
  const next = { ...session, inFlight: session.inFlight.slice(1) };
  const effects: DepositEffect[] = [{ kind: 'ledger.returned', billType, atMs }];
  return settle({ ...state, phase: withSession(state.phase, next) }, effects, atMs);
}

function onCondition(state: DepositState, condition: AcceptorCondition, atMs: number) {
  const next = { ...state, acceptorCondition: condition };
  const head = sessionOf(state.phase)?.inFlight[0];
  // Power lost with the note still in the head: on RESET the device hands it back (`11`) and
  // never reports `82` for it, so this is the note's outcome.
  if (condition.kind === 'power-up' && condition.variant === 'bill-in-validator' && head) {
    return onReturned(next, head.billType, atMs);
  }
  return { state: next, effects: [] };
}

function onIntentFailed(state: DepositState, atMs: number): Transition {
  const session = sessionOf(state.phase);
  assert(session !== null && session.inFlight.length > 0, 'intent-failed with no note in flight');
  const next = { ...session, inFlight: session.inFlight.slice(0, -1) };
  const effects: DepositEffect[] = [
    { kind: 'acceptor.return' },
    { kind: 'log', level: 'warn', message: 'stack intent not written: note returned' },
  ];
  return settle({ ...state, phase: withSession(state.phase, next) }, effects, atMs);
}

function onRejected(state: DepositState, reason: AcceptorRejectReason, atMs: number) {
  const phase = state.phase;
  if (phase.kind !== 'accepting') return { state, effects: [] };
  const session = { ...phase.session, lastRejection: { reason, atMs } };
  return { state: { ...state, phase: { ...phase, session } }, effects: [] };
}

/**
 * After a note's outcome: while accepting, narrow the enabled bill types to the room left;
 * while finishing, complete (or cancel) once no note is in flight.
 */
function settle(state: DepositState, effects: DepositEffect[], atMs: number): Transition {
  const phase = state.phase;
  if (phase.kind === 'accepting') {
    const billTypes = enabledBillTypes(state, phase.session);
    if (billTypes.join() === phase.session.enabledBillTypes.join()) return { state, effects };
    const session = { ...phase.session, enabledBillTypes: billTypes };
    const command: DepositEffect =
      billTypes.length === 0
        ? { kind: 'acceptor.disable' }
        : { kind: 'acceptor.enable', billTypes };
    return { state: { ...state, phase: { ...phase, session } }, effects: [...effects, command] };
  }
  if (phase.kind !== 'settling' || phase.session.inFlight.length > 0) return { state, effects };
  const done = complete(state, phase.session, phase.transferId, phase.reason, atMs);
  return { state: done.state, effects: [...effects, ...done.effects] };
}

function complete(
  state: DepositState,
  session: Session,
  transferId: string,
  reason: FinishReason,
  atMs: number,
): Transition {
  assert(session.inFlight.length === 0, 'complete with a note in flight');
  if (session.acceptedKopecks === 0) {
    const cancelReason: CancelReason = reason === 'pay' ? 'payer' : 'idle-timeout';
    return {
      state: { ...state, phase: { kind: 'cancelled', session, reason: cancelReason } },
      effects: [
        { kind: 'ledger.cancel', sessionId: session.sessionId, reason: cancelReason, atMs },
      ],
    };
  }
  return {
    state: { ...state, phase: { kind: 'completed', session, transferId } },
    effects: [
      {
        kind: 'ledger.commit',
        sessionId: session.sessionId,
        transferId,
        acceptedKopecks: session.acceptedKopecks,
        atMs,
      },
      { kind: 'receipt.print', transferId },
    ],
  };
}

function onFinish(
  state: DepositState,
  reason: FinishReason,
  transferId: string,
  atMs: number,
): Transition {
  const phase = state.phase;
  if (phase.kind === 'settling') return refuse(state, { kind: 'settling' });
  if (phase.kind !== 'accepting') return refuse(state, { kind: 'no-session' });
  const session = phase.session;
  const empty = session.acceptedKopecks === 0 && session.inFlight.length === 0;
  if (reason === 'pay' && empty) return refuse(state, { kind: 'nothing-deposited' });
  // Disable first: no new note may enter once the payer pressed Pay or walked away.
  const effects: DepositEffect[] = [{ kind: 'acceptor.disable' }];
  const finishing: Phase = { kind: 'settling', session, transferId, reason };
  if (session.inFlight.length > 0) return { state: { ...state, phase: finishing }, effects };
  const done = complete(state, session, transferId, reason, atMs);
  return { state: done.state, effects: [...effects, ...done.effects] };
}

function onCancel(state: DepositState, atMs: number): Transition {
  const phase = state.phase;
  if (phase.kind !== 'accepting') return refuse(state, { kind: 'no-session' });
  const session = phase.session;
  if (session.inFlight.length > 0) return refuse(state, { kind: 'note-in-flight' });
  if (session.acceptedKopecks > 0) return refuse(state, { kind: 'has-money' });
  return {
    state: { ...state, phase: { kind: 'cancelled', session, reason: 'payer' } },
    effects: [
      { kind: 'acceptor.disable' },
      { kind: 'ledger.cancel', sessionId: session.sessionId, reason: 'payer', atMs },
    ],
  };
}

/** The payer's screen; null when no session was started. */
