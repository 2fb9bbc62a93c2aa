import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import { isKopecks, type Kopecks } from '../../common/money.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { type FiscalTerms, FiscalTermsSchema } from '../core/fiscal-receipt.ts';
import { inTransaction, statement } from './db.ts';
import {
  intColumn,
  intOrNullColumn,
  kopecksColumn,
  oneOf,
  type Row,
  textColumn,
  textOrNullColumn,
} from './rows.ts';

/**
 * The fiscal receipt owed for each payment of a fiscal kiosk (migration 0100): written with
 * the payment by commitTransfer, issued by main/fiscal/fiscal-queue.ts, delivered to central by
 * main/sync/fiscal-sender.ts. Every statement on fiscal_intent and fiscal_shift is here.
 */
export type FiscalIntentState = 'pending' | 'issuing' | 'issued' | 'held';
const states: readonly FiscalIntentState[] = ['pending', 'issuing', 'issued', 'held'];

export type FiscalDocumentRecord = {
  kind: 'receipt' | 'correction';
  fdNumber: number;
  fiscalSign: number;
  fnNumber: string;
  shiftNumber: number;
  /** 1042; null when the receipt was found in the ФН after a crash and could not be read. */
  receiptNumber: number | null;
  issuedAt: string;
  totalKopecks: Kopecks;
};

export type FiscalIntent = {
  transferId: string;
  /** The frozen terms, or why the stored ones cannot be read (the queue holds such a row). */
  terms: Result<FiscalTerms, string>;
  totalKopecks: Kopecks;
  state: FiscalIntentState;
  attempts: number;
  /** The ФН and its last document number seen just before the latest attempt. */
  attempt: { fnNumber: string; fdBefore: number; atMs: number } | null;
  document: FiscalDocumentRecord | null;
  heldReason: string | null;
  lastError: string | null;
  createdAtMs: number;
  delivery: {
    sentAtMs: number | null;
    attempts: number;
    nextAttemptAtMs: number;
    error: string | null;
    parkedReason: string | null;
  };
};

export type FiscalCounts = {
  pending: number;
  /**
   * Held after a ФН refusal, and those released for another try until they are issued: the
   * cash gate stays shut through the retry, not only while the receipt sits held.
   */
  held: number;
  issued: number;
  /** Issued, not yet at central (parked ones included). */
  unsent: number;
  oldestOpenCreatedAtMs: number | null;
};

export type FiscalShiftRecord = {
  shiftNumber: number | null;
  openedAtMs: number | null;
  lastScheduledDate: string | null;
};

export type FiscalStoreError = { kind: 'not-found' | 'wrong-state' | 'conflict'; message: string };

export type LedgerFiscal = {
  intent(transferId: string): FiscalIntent | null;
  /** Pending and issuing intents, oldest first: the queue's work. */
  open(): FiscalIntent[];
  held(): FiscalIntent[];
  counts(): FiscalCounts;
  /** Written BEFORE the receipt is sent: what the ФН had issued up to now. */
  beginAttempt(
    transferId: string,
    at: { fnNumber: string; fdBefore: number; atMs: number },
  ): Result<void, FiscalStoreError>;
  recordIssued(
    transferId: string,
    document: FiscalDocumentRecord,
    atMs: number,
  ): Result<FiscalIntent, FiscalStoreError>;
  hold(transferId: string, reason: string, atMs: number): Result<void, FiscalStoreError>;
  /**
   * A held intent goes back to the queue (the ФН works again, or the operator says so); its
   * held reason stays until it is issued, and it still counts as held (counts()).
   */
  release(transferId: string): Result<void, FiscalStoreError>;
  noteError(transferId: string, error: string): void;
  /** The payment a document of a ФН is recorded for, or null. */
  documentOwner(fnNumber: string, fdNumber: number): string | null;
  unsent(nowMs: number, countMax: number): FiscalIntent[];
  markSent(transferId: string, atMs: number): void;
  sendFailed(transferId: string, error: string, nextAttemptAtMs: number): void;
  parkSend(transferId: string, reason: string): void;
  shift(): FiscalShiftRecord;
  recordShift(record: FiscalShiftRecord, atMs: number): void;
};

function termsColumn(row: Row): Result<FiscalTerms, string> {
  try {
    const parsed = FiscalTermsSchema.safeParse(JSON.parse(textColumn(row, 'terms_json')));
    if (parsed.success) return ok(parsed.data);
    return err(`fiscal terms: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  } catch {
    return err('fiscal terms are not JSON');
  }
}

function documentColumns(row: Row): FiscalDocumentRecord | null {
  const fdNumber = intOrNullColumn(row, 'fd_number');
  if (fdNumber === null) return null;
  return {
    kind: oneOf(row, 'kind', ['receipt', 'correction'] as const),
    fdNumber,
    fiscalSign: intColumn(row, 'fiscal_sign'),
    fnNumber: textColumn(row, 'fn_number'),
    shiftNumber: intColumn(row, 'shift_number'),
    receiptNumber: intOrNullColumn(row, 'receipt_number'),
    issuedAt: textColumn(row, 'issued_at'),
    totalKopecks: kopecksColumn(row, 'total_kopecks'),
  };
}

export function fiscalIntentFromRow(row: Row): FiscalIntent {
  const fdBefore = intOrNullColumn(row, 'fd_before');
  const fnBefore = textOrNullColumn(row, 'fn_before');
  return {
    transferId: textColumn(row, 'transfer_id'),
    terms: termsColumn(row),
    totalKopecks: kopecksColumn(row, 'total_kopecks'),
    state: oneOf(row, 'state', states),
    attempts: intColumn(row, 'attempts'),
    attempt:
      fdBefore === null || fnBefore === null
        ? null
        : { fnNumber: fnBefore, fdBefore, atMs: intOrNullColumn(row, 'attempt_at_ms') ?? 0 },
    document: documentColumns(row),
    heldReason: textOrNullColumn(row, 'held_reason'),
    lastError: textOrNullColumn(row, 'last_error'),
    createdAtMs: intColumn(row, 'created_at_ms'),
    delivery: {
      sentAtMs: intOrNullColumn(row, 'sent_at_ms'),
      attempts: intColumn(row, 'send_attempts'),
      nextAttemptAtMs: intColumn(row, 'next_send_at_ms'),
      error: textOrNullColumn(row, 'send_error'),
      parkedReason: textOrNullColumn(row, 'send_parked_reason'),
    },
  };
}

/** Called by commitTransfer inside its transaction: the intent exists iff the payment does. */
export function insertFiscalIntent(
  db: DatabaseSync,
  input: { transferId: string; terms: FiscalTerms; totalKopecks: Kopecks; atMs: number },
): void {
  assert(isKopecks(input.totalKopecks) && input.totalKopecks > 0, 'fiscal intent: total');
  const terms = FiscalTermsSchema.parse(input.terms);
  statement(
    db,
    `INSERT INTO fiscal_intent (transfer_id, terms_json, total_kopecks, state, created_at_ms)
     VALUES (?, ?, ?, 'pending', ?)`,
  ).run(input.transferId, JSON.stringify(terms), input.totalKopecks, input.atMs);
}

export function readFiscalIntent(db: DatabaseSync, transferId: string): FiscalIntent | null {
  const row = statement(db, 'SELECT * FROM fiscal_intent WHERE transfer_id = ?').get(transferId);
  return row === undefined ? null : fiscalIntentFromRow(row);
}

const clip = (text: string) => text.slice(0, 1_000);

function sameDocument(a: FiscalDocumentRecord, b: FiscalDocumentRecord): boolean {
  return (
    a.kind === b.kind &&
    a.fdNumber === b.fdNumber &&
    a.fnNumber === b.fnNumber &&
    a.fiscalSign === b.fiscalSign
  );
}

export function fiscalStore(db: DatabaseSync): LedgerFiscal {
  const read = (transferId: string) => readFiscalIntent(db, transferId);
  const missing = (transferId: string): FiscalStoreError => ({
    kind: 'not-found',
    message: `no fiscal intent for ${transferId}`,
  });
  const wrongState = (intent: FiscalIntent, what: string): FiscalStoreError => ({
    kind: 'wrong-state',
    message: `${what}: intent ${intent.transferId} is ${intent.state}`,
  });
  const list = (sql: string, ...params: Array<number | string>) =>
    statement(db, sql)
      .all(...params)
      .map(fiscalIntentFromRow);

  return {
    intent: read,
    open: () =>
      list(
        `SELECT * FROM fiscal_intent WHERE state IN ('pending', 'issuing')
         ORDER BY created_at_ms, rowid`,
      ),
    held: () => list("SELECT * FROM fiscal_intent WHERE state = 'held' ORDER BY created_at_ms"),
    counts() {
      const row = statement(
        db,
        `SELECT
           SUM(CASE WHEN state IN ('pending', 'issuing') THEN 1 ELSE 0 END) AS pending,
           SUM(CASE WHEN state = 'held' OR (state IN ('pending', 'issuing')
             AND held_reason IS NOT NULL) THEN 1 ELSE 0 END) AS held,
           SUM(CASE WHEN state = 'issued' THEN 1 ELSE 0 END) AS issued,
           SUM(CASE WHEN state = 'issued' AND sent_at_ms IS NULL THEN 1 ELSE 0 END) AS unsent,
           MIN(CASE WHEN state IN ('pending', 'issuing') THEN created_at_ms END) AS oldest
         FROM fiscal_intent`,
      ).get();
      assert(row !== undefined, 'fiscal counts');
      const count = (name: string) => intOrNullColumn(row, name) ?? 0;
      return {
        pending: count('pending'),
        held: count('held'),
        issued: count('issued'),
        unsent: count('unsent'),
        oldestOpenCreatedAtMs: intOrNullColumn(row, 'oldest'),
      };
    },
    beginAttempt(transferId, at) {
      return inTransaction(db, (): Result<void, FiscalStoreError> => {
        const intent = read(transferId);
        if (intent === null) return err(missing(transferId));
        if (intent.state !== 'pending' && intent.state !== 'issuing') {
          return err(wrongState(intent, 'beginAttempt'));
        }
        statement(
          db,
          `UPDATE fiscal_intent SET state = 'issuing', attempts = attempts + 1, fn_before = ?,
             fd_before = ?, attempt_at_ms = ? WHERE transfer_id = ?`,
        ).run(at.fnNumber, at.fdBefore, at.atMs, transferId);
        return ok(undefined);
      });
    },
    recordIssued(transferId, document, atMs) {
      return inTransaction(db, (): Result<FiscalIntent, FiscalStoreError> => {
        const intent = read(transferId);
        if (intent === null) return err(missing(transferId));
        if (intent.document !== null) {
          if (sameDocument(intent.document, document)) return ok(intent);
          return err({
            kind: 'conflict',
            message: `intent ${transferId} already has ФД ${intent.document.fdNumber}`,
          });
        }
        const taken = statement(
          db,
          'SELECT transfer_id FROM fiscal_intent WHERE fn_number = ? AND fd_number = ?',
        ).get(document.fnNumber, document.fdNumber);
        if (taken !== undefined) {
          return err({
            kind: 'conflict',
            message: `ФД ${document.fdNumber} already belongs to ${String(taken.transfer_id)}`,
          });
        }
        statement(
          db,
          `UPDATE fiscal_intent SET state = 'issued', kind = ?, fd_number = ?, fiscal_sign = ?,
             fn_number = ?, shift_number = ?, receipt_number = ?, issued_at = ?,
             issued_recorded_at_ms = ?, held_reason = NULL, next_send_at_ms = ?
           WHERE transfer_id = ?`,
        ).run(
          document.kind,
          document.fdNumber,
          document.fiscalSign,
          document.fnNumber,
          document.shiftNumber,
          document.receiptNumber,
          document.issuedAt,
          atMs,
          atMs,
          transferId,
        );
        const after = read(transferId);
        assert(after !== null && after.state === 'issued', 'recordIssued: read-back');
        return ok(after);
      });
    },
    hold(transferId, reason, atMs) {
      return inTransaction(db, (): Result<void, FiscalStoreError> => {
        const intent = read(transferId);
        if (intent === null) return err(missing(transferId));
        if (intent.state === 'issued') return err(wrongState(intent, 'hold'));
        statement(
          db,
          `UPDATE fiscal_intent SET state = 'held', held_reason = ?, last_error = ?,
             attempt_at_ms = COALESCE(attempt_at_ms, ?) WHERE transfer_id = ?`,
        ).run(clip(reason), clip(reason), atMs, transferId);
        return ok(undefined);
      });
    },
    release(transferId) {
      return inTransaction(db, (): Result<void, FiscalStoreError> => {
        const intent = read(transferId);
        if (intent === null) return err(missing(transferId));
        if (intent.state !== 'held') return err(wrongState(intent, 'release'));
        // After an attempt the queue must first look for it in the ФН: back to 'issuing'.
        statement(
          db,
          `UPDATE fiscal_intent
             SET state = CASE WHEN fd_before IS NULL THEN 'pending' ELSE 'issuing' END
           WHERE transfer_id = ?`,
        ).run(transferId);
        return ok(undefined);
      });
    },
    noteError(transferId, error) {
      statement(db, 'UPDATE fiscal_intent SET last_error = ? WHERE transfer_id = ?').run(
        clip(error),
        transferId,
      );
    },
    documentOwner(fnNumber, fdNumber) {
      const row = statement(
        db,
        'SELECT transfer_id FROM fiscal_intent WHERE fn_number = ? AND fd_number = ?',
      ).get(fnNumber, fdNumber);
      return row === undefined ? null : textColumn(row, 'transfer_id');
    },
    unsent: (nowMs, countMax) =>
      list(
        `SELECT * FROM fiscal_intent WHERE state = 'issued' AND sent_at_ms IS NULL
           AND send_parked_reason IS NULL AND next_send_at_ms <= ?
         ORDER BY issued_recorded_at_ms, rowid LIMIT ?`,
        nowMs,
        countMax,
      ),
    markSent(transferId, atMs) {
      statement(
        db,
        `UPDATE fiscal_intent SET sent_at_ms = ?, send_attempts = send_attempts + 1,
           send_error = NULL WHERE transfer_id = ? AND state = 'issued' AND sent_at_ms IS NULL`,
      ).run(atMs, transferId);
    },
    sendFailed(transferId, error, nextAttemptAtMs) {
      statement(
        db,
        `UPDATE fiscal_intent SET send_attempts = send_attempts + 1, send_error = ?,
           next_send_at_ms = ? WHERE transfer_id = ? AND sent_at_ms IS NULL`,
      ).run(clip(error), nextAttemptAtMs, transferId);
    },
    parkSend(transferId, reason) {
      statement(
        db,
        `UPDATE fiscal_intent SET send_attempts = send_attempts + 1, send_parked_reason = ?
           WHERE transfer_id = ? AND sent_at_ms IS NULL`,
      ).run(clip(reason), transferId);
    },
    shift() {
      const row = statement(db, 'SELECT * FROM fiscal_shift WHERE id = 1').get();
      if (row === undefined)
        return { shiftNumber: null, openedAtMs: null, lastScheduledDate: null };
      return {
        shiftNumber: intOrNullColumn(row, 'shift_number'),
        openedAtMs: intOrNullColumn(row, 'opened_at_ms'),
        lastScheduledDate: textOrNullColumn(row, 'last_scheduled_date'),
      };
    },
    recordShift(record, atMs) {
      statement(
        db,
        `INSERT INTO fiscal_shift (id, shift_number, opened_at_ms, last_scheduled_date,
           updated_at_ms) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET shift_number = excluded.shift_number,
           opened_at_ms = excluded.opened_at_ms,
           last_scheduled_date = excluded.last_scheduled_date,
           updated_at_ms = excluded.updated_at_ms`,
      ).run(record.shiftNumber, record.openedAtMs, record.lastScheduledDate, atMs);
    },
  };
}
