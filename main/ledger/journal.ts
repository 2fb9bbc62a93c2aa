import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import { commissionKopecks, isKopecks, type Kopecks, kopecks } from '../../common/money.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { LetterTermsSchema, LetterTextSchema } from '../../common/letter.ts';
import { RecipientSchema } from '../core/deposit-types.ts';
import { inTransaction, statement } from './db.ts';
import { recipientJson } from './recipient-json.ts';
import { intentFromRow, outcomeFromRow, transferFromRow } from './journal-rows.ts';
import { enqueueOutbox } from './outbox.ts';
import { insertFiscalIntent } from './fiscal-store.ts';
import type { FiscalTerms } from '../core/fiscal-receipt.ts';
import type {
  CancelReason,
  IntentOutcome,
  ReceiptState,
  SessionRecord,
  StackIntent,
  TransferRecord,
} from './journal-types.ts';
import { readSession, readSessionState } from './journal-reads.ts';
import { uuidPattern } from './uuidv7.ts';

/** JSON with sorted keys: read-back comparison must not depend on property order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : 1)))
      : inner,
  );
}

function assertTime(atMs: number, what: string): void {
  assert(Number.isSafeInteger(atMs) && atMs >= 0, `${what}: time ${atMs}`);
}

function assertBillType(billType: number): void {
  assert(Number.isSafeInteger(billType) && billType >= 0 && billType <= 47, 'bill type 0..47');
}

/** `letterText`: the words of the session's letter, kept apart until central has them. */
export function openSession(
  db: DatabaseSync,
  session: SessionRecord,
  letterText: string | null = null,
): void {
  assert(uuidPattern.test(session.sessionId), 'openSession: session id is a UUID');
  assert(RecipientSchema.safeParse(session.recipient).success, 'openSession: recipient');
  assert(isKopecks(session.terms.depositKopecksMax), 'openSession: cap');
  assertTime(session.openedAtMs, 'openSession');
  assert((session.letter === null) === (letterText === null), 'openSession: letter and text');
  if (session.letter !== null) {
    assert(LetterTermsSchema.safeParse(session.letter).success, 'openSession: letter');
    assert(LetterTextSchema.safeParse(letterText).success, 'openSession: letter text');
    assert(session.recipient.kind === 'wallet', 'openSession: letter → wallet');
  }
  inTransaction(db, () => {
    statement(
      db,
      `INSERT INTO deposit_session (id, recipient_json, payer_account_id, deposit_kopecks_max,
         commission_basis_points, commission_min_kopecks, opened_at_ms, letter_json,
         config_version, sender_name)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      session.sessionId,
      recipientJson(session.recipient),
      session.payerAccountId,
      session.terms.depositKopecksMax,
      session.terms.commissionBasisPoints,
      session.terms.commissionMinKopecks,
      session.openedAtMs,
      session.letter === null ? null : JSON.stringify(session.letter),
      session.terms.configVersion ?? null,
      session.senderName,
    );
    if (session.letter !== null && letterText !== null) {
      statement(db, 'INSERT INTO letter_text (letter_id, body) VALUES (?, ?)').run(
        session.letter.letterId,
        letterText,
      );
    }
    const back = readSession(db, session.sessionId);
    assert(back !== null && canonicalJson(back) === canonicalJson(session), 'session read-back');
  });
}

export type IntentInput = {
  sessionId: string;
  billType: number;
  noteKopecks: Kopecks;
  atMs: number;
};

/** Written and committed BEFORE STACK is sent: the durable promise "this note may be ours". */
export function writeIntent(db: DatabaseSync, input: IntentInput): StackIntent {
  assertBillType(input.billType);
  assert(isKopecks(input.noteKopecks) && input.noteKopecks > 0, 'writeIntent: note kopecks');
  assertTime(input.atMs, 'writeIntent');
  return inTransaction(db, () => {
    const result = statement(
      db,
      `INSERT INTO stack_intent (session_id, bill_type, note_kopecks, created_at_ms)
       VALUES (?, ?, ?, ?)`,
    ).run(input.sessionId, input.billType, input.noteKopecks, input.atMs);
    const row = statement(db, 'SELECT * FROM stack_intent WHERE id = ?').get(
      result.lastInsertRowid,
    );
    assert(row !== undefined, 'writeIntent: read-back');
    const intent = intentFromRow(row);
    assert(intent.sessionId === input.sessionId, 'writeIntent: read-back session');
    assert(intent.noteKopecks === input.noteKopecks, 'writeIntent: read-back kopecks');
    return intent;
  });
}

export type OutcomeInput =
  | { kind: 'stacked'; billType: number; noteKopecks: Kopecks; atMs: number }
  | { kind: 'returned'; billType: number; atMs: number }
  /** No device evidence after recovery: credit the intent's own note, flag it for collection. */
  | { kind: 'unresolved'; atMs: number };

export type ResolveResult =
  | { kind: 'resolved'; intent: StackIntent; outcome: IntentOutcome }
  | { kind: 'no-open-intent' };

/**
 * Closes the OLDEST open intent: the device moves notes one at a time in order, so its report
 * belongs to the note we asked it to stack first. The UNIQUE(intent_id) constraint makes a second
 * close of the same intent fail instead of crediting twice.
 */
export function resolveOldestIntent(db: DatabaseSync, input: OutcomeInput): ResolveResult {
  assertTime(input.atMs, 'resolveOldestIntent');
  return inTransaction(db, () => {
    const row = statement(db, `${openIntentsSql} LIMIT 1`).get();
    if (row === undefined) return { kind: 'no-open-intent' };
    const intent = intentFromRow(row);
    return { kind: 'resolved', intent, outcome: insertOutcome(db, intent, input) };
  });
}

/** Closes one named intent (recovery: no device evidence for it). */
export function resolveIntent(db: DatabaseSync, intentId: number, input: OutcomeInput) {
  return inTransaction(db, (): ResolveResult => {
    const row = statement(db, 'SELECT * FROM stack_intent WHERE id = ?').get(intentId);
    assert(row !== undefined, `resolveIntent: no intent ${intentId}`);
    const open = statement(db, 'SELECT 1 FROM intent_outcome WHERE intent_id = ?').get(intentId);
    if (open !== undefined) return { kind: 'no-open-intent' };
    const intent = intentFromRow(row);
    return { kind: 'resolved', intent, outcome: insertOutcome(db, intent, input) };
  });
}

export const openIntentsSql = `SELECT i.* FROM open_intent x
  JOIN stack_intent i ON i.id = x.intent_id ORDER BY x.intent_id`;

function insertOutcome(db: DatabaseSync, intent: StackIntent, input: OutcomeInput) {
  const billType = input.kind === 'unresolved' ? intent.billType : input.billType;
  assertBillType(billType);
  // The note that went into the cassette (0 for a returned one): the session's credit.
  const noteKopecks =
    input.kind === 'stacked'
      ? input.noteKopecks
      : input.kind === 'unresolved'
        ? intent.noteKopecks
        : kopecks(0);
  assert(input.kind === 'returned' || noteKopecks > 0, 'outcome: a credit is positive');
  const result = statement(
    db,
    `INSERT INTO intent_outcome (intent_id, kind, bill_type, credited_kopecks, at_ms)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(intent.intentId, input.kind, billType, noteKopecks, input.atMs);
  const row = statement(db, 'SELECT * FROM intent_outcome WHERE id = ?').get(
    result.lastInsertRowid,
  );
  assert(row !== undefined, 'outcome: read-back');
  const outcome = outcomeFromRow(row);
  assert(outcome.intentId === intent.intentId && outcome.kind === input.kind, 'outcome: back');
  assert(outcome.noteKopecks === noteKopecks, 'outcome: read-back kopecks');
  return outcome;
}

/** A `stacked` report with no open intent: a repeated report, journalled for the operator. */
export function recordUnmatchedStacked(
  db: DatabaseSync,
  input: { billType: number; noteKopecks: Kopecks; atMs: number },
): number {
  assertBillType(input.billType);
  assertTime(input.atMs, 'recordUnmatchedStacked');
  return inTransaction(db, () => {
    const result = statement(
      db,
      'INSERT INTO unmatched_stacked (bill_type, note_kopecks, at_ms) VALUES (?, ?, ?)',
    ).run(input.billType, input.noteKopecks, input.atMs);
    return Number(result.lastInsertRowid);
  });
}

export type CloseError =
  | { kind: 'no-session' }
  | { kind: 'closed'; status: 'transferred' | 'cancelled' }
  | { kind: 'note-in-flight' }
  | { kind: 'has-money'; acceptedKopecks: Kopecks }
  | { kind: 'no-money' };

export function cancelSession(
  db: DatabaseSync,
  sessionId: string,
  reason: CancelReason,
  atMs: number,
): Result<void, CloseError> {
  assertTime(atMs, 'cancelSession');
  return inTransaction(db, (): Result<void, CloseError> => {
    const state = readSessionState(db, sessionId);
    if (state === null) return err({ kind: 'no-session' });
    if (state.status !== 'open') return err({ kind: 'closed', status: state.status });
    if (state.openIntentCount > 0) return err({ kind: 'note-in-flight' });
    if (state.acceptedKopecks > 0) {
      return err({ kind: 'has-money', acceptedKopecks: state.acceptedKopecks });
    }
    statement(
      db,
      'INSERT INTO session_cancel (session_id, reason, cancelled_at_ms) VALUES (?, ?, ?)',
    ).run(sessionId, reason, atMs);
    return ok(undefined);
  });
}

export type CommitInput = {
  transferId: string;
  sessionId: string;
  recovered: boolean;
  createdAtMs: number;
  /**
   * On a fiscal kiosk: the terms of the receipt this payment owes, written in the same
   * transaction as the transfer (docs/fiscal.md §3). Absent or null: no fiscal receipt.
   */
  fiscal?: FiscalTerms | null;
};

/**
 * One transaction: the transfer (amounts computed HERE from the journal's credits, not taken
 * from the caller) and its outbox row. After COMMIT the money is owed to the recipient.
 */
export function commitTransfer(
  db: DatabaseSync,
  input: CommitInput,
): Result<TransferRecord, CloseError> {
  assert(uuidPattern.test(input.transferId), 'commitTransfer: transfer id is a UUID');
  assertTime(input.createdAtMs, 'commitTransfer');
  return inTransaction(db, (): Result<TransferRecord, CloseError> => {
    const state = readSessionState(db, input.sessionId);
    if (state === null) return err({ kind: 'no-session' });
    if (state.status !== 'open') return err({ kind: 'closed', status: state.status });
    if (state.openIntentCount > 0) return err({ kind: 'note-in-flight' });
    if (state.acceptedKopecks === 0) return err({ kind: 'no-money' });
    const accepted = state.acceptedKopecks;
    const { commissionBasisPoints, commissionMinKopecks } = state.terms;
    const commission = commissionKopecks(accepted, commissionBasisPoints, commissionMinKopecks);
    const credited = kopecks(accepted - commission);
    const letter = state.letter;
    statement(
      db,
      `INSERT INTO transfer (id, session_id, accepted_kopecks, commission_kopecks,
         credited_kopecks, recipient_json, payer_account_id, recovered, receipt_state,
         created_at_ms, letter_json, sender_name)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    ).run(
      input.transferId,
      input.sessionId,
      accepted,
      commission,
      credited,
      recipientJson(state.recipient),
      state.payerAccountId,
      input.recovered ? 1 : 0,
      input.createdAtMs,
      letter === null ? null : JSON.stringify(letter),
      state.senderName,
    );
    const transfer = readTransfer(db, input.transferId);
    assert(transfer !== null, 'commitTransfer: read-back');
    assert(transfer.acceptedKopecks === accepted, 'commitTransfer: read-back accepted');
    assert(
      transfer.commissionKopecks + transfer.creditedKopecks === transfer.acceptedKopecks,
      'commitTransfer: commission + credited = accepted',
    );
    enqueueOutbox(db, transfer);
    if (input.fiscal !== undefined && input.fiscal !== null) {
      insertFiscalIntent(db, {
        transferId: transfer.transferId,
        terms: input.fiscal,
        totalKopecks: transfer.acceptedKopecks,
        atMs: input.createdAtMs,
      });
    }
    return ok(transfer);
  });
}

export function readTransfer(db: DatabaseSync, transferId: string): TransferRecord | null {
  const row = statement(db, 'SELECT * FROM transfer WHERE id = ?').get(transferId);
  return row === undefined ? null : transferFromRow(row);
}

export function markReceipt(
  db: DatabaseSync,
  transferId: string,
  state: Exclude<ReceiptState, 'pending'>,
): TransferRecord {
  return inTransaction(db, () => {
    const before = readTransfer(db, transferId);
    assert(before !== null, `markReceipt: no transfer ${transferId}`);
    // A printed receipt stays printed (a late 'unprinted' from a retry must not downgrade it).
    if (before.receiptState === 'printed' || before.receiptState === state) return before;
    statement(db, 'UPDATE transfer SET receipt_state = ? WHERE id = ?').run(state, transferId);
    const after = readTransfer(db, transferId);
    assert(after !== null && after.receiptState === state, 'markReceipt: read-back');
    return after;
  });
}

/** The words of a letter still to be sent; null once central has them (or never will). */
export function readLetterText(db: DatabaseSync, letterId: string): string | null {
  const row = statement(db, 'SELECT body FROM letter_text WHERE letter_id = ?').get(letterId);
  const body = row?.body;
  return typeof body === 'string' ? body : null;
}
