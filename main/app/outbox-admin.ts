import type { DatabaseSync } from 'node:sqlite';
import type { ParkedItem } from '../../common/contract.ts';
import { err, ok, type Result } from '../../common/result.ts';

/**
 * The operator's view of parked outbox rows (central refused them for good) and the retry
 * that un-parks one. Rows are never deleted: a retried row keeps its history.
 */
export function parkedOutboxItems(db: DatabaseSync, limit = 200): ParkedItem[] {
  return db
    .prepare(
      `SELECT transfer_id, parked_reason, attempts, created_at_ms, last_error FROM outbox
       WHERE parked_reason IS NOT NULL AND delivered_at_ms IS NULL
       ORDER BY created_at_ms LIMIT ?`,
    )
    .all(limit)
    .map((row) => ({
      transferId: String(row.transfer_id),
      reason: String(row.parked_reason),
      attempts: Number(row.attempts),
      createdAtMs: Number(row.created_at_ms),
      lastError: row.last_error === null ? null : String(row.last_error),
    }));
}

export function retryParkedOutbox(
  db: DatabaseSync,
  transferId: string,
  nowMs: number,
): Result<void, { kind: 'not-found' | 'not-parked'; message: string }> {
  const row = db
    .prepare('SELECT parked_reason, delivered_at_ms FROM outbox WHERE transfer_id = ?')
    .get(transferId);
  if (row === undefined) return err({ kind: 'not-found', message: 'No such outbox item.' });
  if (row.parked_reason === null || row.delivered_at_ms !== null) {
    return err({ kind: 'not-parked', message: 'This item is not parked.' });
  }
  db.prepare(
    `UPDATE outbox SET parked_reason = NULL, next_attempt_at_ms = ?,
       last_error = 'retried by operator: ' || COALESCE(parked_reason, '')
     WHERE transfer_id = ?`,
  ).run(nowMs, transferId);
  return ok(undefined);
}
