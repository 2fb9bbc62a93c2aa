import { AssertionError, assertNever } from '../../common/assert.ts';
import type { CashLetter } from '../../common/letter.ts';
import { limits } from '../../common/limits.ts';
import {
  addKopecks,
  type Kopecks,
  kopecks,
  subtractKopecks,
  sumKopecks,
} from '../../common/money.ts';
import type { AcceptorCondition, AcceptorRejectReason } from '../../common/ports.ts';
import type { AcceptedNote, DepositConfig, DepositTerms, Recipient } from './deposit-types.ts';

/** The deposit machine's state and the pure questions asked of it (room left, bill types). */

export type BillTableRow = { billType: number; noteKopecks: Kopecks };

export type InFlightNote = { billType: number; noteKopecks: Kopecks };

export type Session = {
  sessionId: string;
  recipient: Recipient;
  payerAccountId: string | null;
  /** The logged-in payer's name as central's account holds it; null: anonymous. */
  senderName: string | null;
  /** A letter this cash pays (common/letter.ts); the recipient is then the payer's wallet. */
  letter: CashLetter | null;
  terms: DepositTerms;
  notes: readonly AcceptedNote[];
  acceptedKopecks: Kopecks;
  /** Notes with a durable intent and STACK sent, outcome not seen yet; the device's order. */
  inFlight: readonly InFlightNote[];
  enabledBillTypes: readonly number[];
  lastRejection: { reason: RejectionReason; atMs: number } | null;
};

export type RejectionReason = 'over-limit' | 'note-not-accepted' | AcceptorRejectReason;

export type FinishReason = 'pay' | 'idle-timeout';
export type CancelReason = 'payer' | 'idle-timeout';

export type Phase =
  | { kind: 'idle' }
  | { kind: 'accepting'; session: Session }
  | { kind: 'settling'; session: Session; transferId: string; reason: FinishReason }
  | { kind: 'completed'; session: Session; transferId: string }
  | { kind: 'cancelled'; session: Session; reason: CancelReason };

export type DepositState = {
  config: DepositConfig;
  billTable: readonly BillTableRow[];
  acceptorCondition: AcceptorCondition;
  phase: Phase;
};

export function sessionOf(phase: Phase): Session | null {
  switch (phase.kind) {
    case 'idle':
      return null;
    case 'accepting':
    case 'settling':
    case 'completed':
    case 'cancelled':
      return phase.session;
    default:
      return assertNever(phase, 'phase');
  }
}

export function withSession(phase: Phase, session: Session): Phase {
  switch (phase.kind) {
    case 'idle':
      throw new AssertionError('withSession: no session while idle');
    case 'accepting':
    case 'settling':
    case 'completed':
    case 'cancelled':
      return { ...phase, session };
    default:
      return assertNever(phase, 'phase');
  }
}

export function inFlightKopecks(session: Session): Kopecks {
  return sumKopecks(session.inFlight.map((note) => note.noteKopecks));
}

/** Room left under the cap, counting notes already on their way to the cassette. */
export function remainingKopecks(session: Session): Kopecks {
  const committed = addKopecks(session.acceptedKopecks, inFlightKopecks(session));
  const cap = session.terms.depositKopecksMax;
  return committed >= cap ? kopecks(0) : subtractKopecks(cap, committed);
}

/** Bill types the device may take now: allowed by config and fitting the remaining room. */
export function enabledBillTypes(state: DepositState, session: Session): number[] {
  const room = remainingKopecks(session);
  const notesLeft = limits.notesPerDepositMax - session.notes.length - session.inFlight.length;
  if (notesLeft <= 0) return [];
  const newSeries = state.config.newSeriesNoteKopecks ?? [];
  return state.billTable
    .filter((row) => state.config.enabledNoteKopecks.includes(row.noteKopecks))
    .filter((row) => !isNewerSeries(state, row) || newSeries.includes(row.noteKopecks))
    .filter((row) => row.noteKopecks <= room)
    .map((row) => row.billType)
    .sort((a, b) => a - b);
}

/** Another row of the table has the same value under a lower bill type. */
function isNewerSeries(state: DepositState, row: { billType: number; noteKopecks: Kopecks }) {
  return state.billTable.some(
    (other) => other.noteKopecks === row.noteKopecks && other.billType < row.billType,
  );
}

export function noteOf(state: DepositState, billType: number): Kopecks | null {
  return state.billTable.find((row) => row.billType === billType)?.noteKopecks ?? null;
}
