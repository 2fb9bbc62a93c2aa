import type { DatabaseSync } from 'node:sqlite';
import type { ParkedItem } from '../../common/contract.ts';
import { err, ok, type Result } from '../../common/result.ts';

/**
 * A default for the `outbox` dependency, straight on the outbox table: parked rows are those
 * central refused for good; retrying clears the mark and makes the row due now, so the sender
 * picks it up on its next pass with the same Idempotency-Key (central dedups). The sync owner
 * may replace this with its own.
 */
export function createParkedOutbox(
  db: DatabaseSync,
  now: () => number,
): {
  parked(): ParkedItem[];
  retry(transferId: string): Result<void, { kind: 'not-found' | 'not-parked'; message: string }>;
} {
  return {
    parked: () =>
      db
        .prepare(
          `SELECT transfer_id, parked_reason, attempts, created_at_ms, last_error FROM outbox
           WHERE parked_reason IS NOT NULL AND delivered_at_ms IS NULL
           ORDER BY created_at_ms LIMIT 200`,
        )
        .all()
        .map((row) => ({
          transferId: String(row.transfer_id),
          reason: String(row.parked_reason).slice(0, 1_000),
          attempts: Number(row.attempts),
          createdAtMs: Number(row.created_at_ms),
          lastError: row.last_error === null ? null : String(row.last_error).slice(0, 1_000),
        })),
    retry(transferId) {
      const row = db
        .prepare('SELECT parked_reason, delivered_at_ms FROM outbox WHERE transfer_id = ?')
        .get(transferId);
      if (row === undefined) return err({ kind: 'not-found', message: 'No such outbox row.' });
      if (row.parked_reason === null || row.delivered_at_ms !== null) {
        return err({ kind: 'not-parked', message: 'This transfer is not parked.' });
      }
      db.prepare(
        `UPDATE outbox SET parked_reason = NULL, next_attempt_at_ms = ?
         WHERE transfer_id = ? AND delivered_at_ms IS NULL`,
      ).run(now(), transferId);
      return ok(undefined);
    },
  };
}
