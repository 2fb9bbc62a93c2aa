import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import { statement } from './db.ts';
import { intColumn, intOrNullColumn, type Row, textColumn, textOrNullColumn } from './rows.ts';

/**
 * The durable queue of SMS receipt copies: written before the payer is told anything, sent by
 * main/sync/receipt-sms-sender.ts until central answers, kept after that for the per-transfer
 * count. Separate from the outbox: an SMS is no money fact and must never hold a transfer back.
 */
export type ReceiptSmsState = 'queued' | 'sent' | 'refused';

export type ReceiptSmsRow = {
  smsId: string;
  transferId: string;
  phone: string;
  state: ReceiptSmsState;
  attempts: number;
  nextAttemptMs: number;
  createdAtMs: number;
  settledAtMs: number | null;
  lastError: string | null;
};

export type LedgerReceiptSms = {
  enqueue(input: { smsId: string; transferId: string; phone: string; atMs: number }): void;
  row(smsId: string): ReceiptSmsRow | null;
  /** Copies asked for this transfer, whatever became of them. */
  countForTransfer(transferId: string): number;
  due(nowMs: number, countMax: number): ReceiptSmsRow[];
  /** Central has it: the phone is cut to its last 4 digits (nothing else needs it). */
  markSent(smsId: string, atMs: number): void;
  markRefused(smsId: string, reason: string, atMs: number): void;
  retryLater(smsId: string, reason: string, nextAttemptMs: number): void;
  earliestNextAttemptMs(): number | null;
};

function rowOf(row: Row): ReceiptSmsRow {
  const state = textColumn(row, 'state');
  assert(state === 'queued' || state === 'sent' || state === 'refused', 'receipt_sms: state');
  return {
    smsId: textColumn(row, 'sms_id'),
    transferId: textColumn(row, 'transfer_id'),
    phone: textColumn(row, 'phone'),
    state,
    attempts: intColumn(row, 'attempts'),
    nextAttemptMs: intColumn(row, 'next_attempt_ms'),
    createdAtMs: intColumn(row, 'created_at_ms'),
    settledAtMs: intOrNullColumn(row, 'settled_at_ms'),
    lastError: textOrNullColumn(row, 'last_error'),
  };
}

export function receiptSmsQueue(db: DatabaseSync): LedgerReceiptSms {
  const settle = (smsId: string, state: ReceiptSmsState, reason: string | null, atMs: number) =>
    statement(
      db,
      `UPDATE receipt_sms SET state = ?, last_error = ?, settled_at_ms = ?,
         phone = CASE WHEN ? = 'sent' THEN substr(phone, -4) ELSE phone END
       WHERE sms_id = ? AND state = 'queued'`,
    ).run(state, reason, atMs, state, smsId);
  return {
    enqueue({ smsId, transferId, phone, atMs }) {
      statement(
        db,
        `INSERT INTO receipt_sms (sms_id, transfer_id, phone, state, next_attempt_ms,
           created_at_ms) VALUES (?, ?, ?, 'queued', ?, ?)`,
      ).run(smsId, transferId, phone, atMs, atMs);
    },
    row(smsId) {
      const found = statement(db, 'SELECT * FROM receipt_sms WHERE sms_id = ?').get(smsId);
      return found === undefined ? null : rowOf(found);
    },
    countForTransfer(transferId) {
      const found = statement(
        db,
        'SELECT COUNT(*) AS n FROM receipt_sms WHERE transfer_id = ?',
      ).get(transferId);
      return found === undefined ? 0 : intColumn(found, 'n');
    },
    due(nowMs, countMax) {
      return statement(
        db,
        `SELECT * FROM receipt_sms WHERE state = 'queued' AND next_attempt_ms <= ?
           ORDER BY next_attempt_ms, created_at_ms LIMIT ?`,
      )
        .all(nowMs, countMax)
        .map(rowOf);
    },
    markSent: (smsId, atMs) => settle(smsId, 'sent', null, atMs),
    markRefused: (smsId, reason, atMs) => settle(smsId, 'refused', reason, atMs),
    retryLater(smsId, reason, nextAttemptMs) {
      statement(
        db,
        `UPDATE receipt_sms SET attempts = attempts + 1, last_error = ?, next_attempt_ms = ?
           WHERE sms_id = ? AND state = 'queued'`,
      ).run(reason, nextAttemptMs, smsId);
    },
    earliestNextAttemptMs() {
      const found = statement(
        db,
        "SELECT MIN(next_attempt_ms) AS at FROM receipt_sms WHERE state = 'queued'",
      ).get();
      return found === undefined ? null : intOrNullColumn(found, 'at');
    },
  };
}
