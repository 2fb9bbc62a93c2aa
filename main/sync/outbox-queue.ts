import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import { inTransaction, statement } from '../ledger/db.ts';
import {
  markOutboxDelivered,
  type OutboxRow,
  parkOutbox,
  readOutbox,
  recordOutboxFailure,
} from '../ledger/outbox.ts';

/**
 * The sender's view of the ledger's outbox table (main/ledger/outbox.ts owns the rows).
 * Reads here order by creation, not by next attempt: the oldest money owed goes first.
 * Writes for one batch share one transaction, so marking 100 rows costs one fsync, not 100.
 */
export const outboxBatchCountMax = 100;

/**
 * Rows due now. A row scheduled further ahead than any backoff can put it (`retryDelayMsCap`)
 * was scheduled before the wall clock jumped back (NTP fix, dead RTC battery): it is due too,
 * or a clock correction of hours would hold money back for hours.
 */
export function nextDueRows(
  db: DatabaseSync,
  nowMs: number,
  countMax: number,
  retryDelayMsCap: number,
): OutboxRow[] {
  assert(Number.isSafeInteger(countMax) && countMax > 0, 'nextDueRows: count');
  assert(countMax <= outboxBatchCountMax, 'nextDueRows: count max');
  const ids = statement(
    db,
    `SELECT transfer_id FROM outbox WHERE delivered_at_ms IS NULL AND parked_reason IS NULL
       AND (next_attempt_at_ms <= ? OR next_attempt_at_ms > ?)
     ORDER BY created_at_ms, transfer_id LIMIT ?`,
  )
    .all(nowMs, nowMs + retryDelayMsCap, countMax)
    .map((row) => row.transfer_id);
  const rows: OutboxRow[] = [];
  for (const id of ids) {
    assert(typeof id === 'string', 'nextDueRows: transfer_id is text');
    const row = readOutbox(db, id);
    if (row !== null) rows.push(row);
  }
  return rows;
}

/** Earliest next attempt among rows still to send, or null when none wait. */
export function earliestNextAttemptMs(db: DatabaseSync): number | null {
  const row = statement(
    db,
    `SELECT MIN(next_attempt_at_ms) AS at FROM outbox
     WHERE delivered_at_ms IS NULL AND parked_reason IS NULL`,
  ).get();
  const at = row?.at;
  return typeof at === 'number' ? at : null;
}

export type OutboxStats = {
  /** Rows still to deliver (not parked). */
  pendingCount: number;
  /** Rows central refused for good: kept for the operator, never retried automatically. */
  parkedCount: number;
  oldestPendingCreatedAtMs: number | null;
};

export function outboxStats(db: DatabaseSync): OutboxStats {
  const pending = statement(
    db,
    `SELECT COUNT(*) AS n, MIN(created_at_ms) AS oldest FROM outbox
     WHERE delivered_at_ms IS NULL AND parked_reason IS NULL`,
  ).get();
  const parked = statement(
    db,
    `SELECT COUNT(*) AS n FROM outbox
     WHERE delivered_at_ms IS NULL AND parked_reason IS NOT NULL`,
  ).get();
  const pendingCount = pending?.n;
  const parkedCount = parked?.n;
  assert(typeof pendingCount === 'number' && typeof parkedCount === 'number', 'outboxStats');
  const oldest = pending?.oldest;
  return {
    pendingCount,
    parkedCount,
    oldestPendingCreatedAtMs: typeof oldest === 'number' ? oldest : null,
  };
}

export type RowOutcome =
  | { kind: 'delivered' }
  | { kind: 'parked'; reason: string }
  | { kind: 'retry'; error: string; nextAttemptAtMs: number };

/** Records what central said about each row, all in one transaction. */
export function applyOutcomes(
  db: DatabaseSync,
  outcomes: ReadonlyArray<{ transferId: string; outcome: RowOutcome }>,
  nowMs: number,
): void {
  assert(outcomes.length <= outboxBatchCountMax, 'applyOutcomes: bounded');
  inTransaction(db, () => {
    for (const { transferId, outcome } of outcomes) {
      switch (outcome.kind) {
        case 'delivered':
          markOutboxDelivered(db, transferId, nowMs);
          break;
        case 'parked':
          recordOutboxFailure(db, transferId, { error: outcome.reason, nextAttemptAtMs: nowMs });
          parkOutbox(db, transferId, outcome.reason);
          break;
        case 'retry':
          recordOutboxFailure(db, transferId, {
            error: outcome.error,
            nextAttemptAtMs: outcome.nextAttemptAtMs,
          });
          break;
      }
    }
  });
}
