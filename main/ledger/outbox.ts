import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import { statement } from './db.ts';
import { intColumn, intOrNullColumn, type Row, textColumn, textOrNullColumn } from './rows.ts';

export type OutboxRow = {
  transferId: string;
  idempotencyKey: string;
  payloadJson: string;
  attempts: number;
  nextAttemptAtMs: number;
  lastError: string | null;
  deliveredAtMs: number | null;
  parkedReason: string | null;
  createdAtMs: number;
};

function outboxFromRow(row: Row): OutboxRow {
  return {
    transferId: textColumn(row, 'transfer_id'),
    idempotencyKey: textColumn(row, 'idempotency_key'),
    payloadJson: textColumn(row, 'payload_json'),
    attempts: intColumn(row, 'attempts'),
    nextAttemptAtMs: intColumn(row, 'next_attempt_at_ms'),
    lastError: textOrNullColumn(row, 'last_error'),
    deliveredAtMs: intOrNullColumn(row, 'delivered_at_ms'),
    parkedReason: textOrNullColumn(row, 'parked_reason'),
    createdAtMs: intColumn(row, 'created_at_ms'),
  };
}

/** Rows the sender should try now, oldest due first. Rows are only ever written by commit. */
export function dueOutbox(db: DatabaseSync, nowMs: number, limit: number): OutboxRow[] {
  assert(Number.isSafeInteger(limit) && limit > 0 && limit <= 100, 'dueOutbox: limit');
  return statement(
    db,
    `SELECT * FROM outbox WHERE delivered_at_ms IS NULL AND parked_reason IS NULL
       AND next_attempt_at_ms <= ? ORDER BY next_attempt_at_ms, created_at_ms LIMIT ?`,
  )
    .all(nowMs, limit)
    .map(outboxFromRow);
}

export function readOutbox(db: DatabaseSync, transferId: string): OutboxRow | null {
  const row = statement(db, 'SELECT * FROM outbox WHERE transfer_id = ?').get(transferId);
  return row === undefined ? null : outboxFromRow(row);
}

export function pendingOutboxCount(db: DatabaseSync): number {
  const row = statement(db, 'SELECT COUNT(*) AS n FROM outbox WHERE delivered_at_ms IS NULL').get();
  assert(row !== undefined, 'pendingOutboxCount');
  return intColumn(row, 'n');
}

export function recordOutboxFailure(
  db: DatabaseSync,
  transferId: string,
  input: { error: string; nextAttemptAtMs: number },
): void {
  const result = statement(
    db,
    `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at_ms = ?
     WHERE transfer_id = ? AND delivered_at_ms IS NULL`,
  ).run(input.error.slice(0, 1_000), input.nextAttemptAtMs, transferId);
  assert(result.changes <= 1, 'recordOutboxFailure: one row');
}

export function markOutboxDelivered(db: DatabaseSync, transferId: string, atMs: number): void {
  statement(
    db,
    `UPDATE outbox SET attempts = attempts + 1, delivered_at_ms = ?
     WHERE transfer_id = ? AND delivered_at_ms IS NULL`,
  ).run(atMs, transferId);
}

/** Central refused it for good (422 …): kept, shown to the operator, not retried. */
export function parkOutbox(db: DatabaseSync, transferId: string, reason: string): void {
  statement(
    db,
    'UPDATE outbox SET parked_reason = ? WHERE transfer_id = ? AND delivered_at_ms IS NULL',
  ).run(reason.slice(0, 1_000), transferId);
}
