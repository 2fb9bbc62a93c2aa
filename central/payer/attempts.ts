/**
 * The wrong-secret throttle of payer accounts: wrong passwords at login or at a password
 * change, and wrong SMS login codes, counted per (phone, client), where the client is the
 * kiosk's terminal id or the payer app's address. Keyed by phone, not account, so a phone
 * nobody registered is throttled exactly like a registered one (no oracle), and per client, so
 * a stranger guessing elsewhere cannot lock the owner out.
 *
 * An attempt is reserved, counted as a failure, in one serializable transaction BEFORE the
 * password hash runs, and cleared only when it succeeds: requests in flight at the same time,
 * at this central process or at another on the same database, each take a reservation, so a
 * burst of parallel guesses cannot overtake the count.
 */
import { err, ok, type Result } from '../../common/result.ts';
import { type CentralDb, statement } from '../db.ts';
import type { CentralMetrics } from '../metrics.ts';

/** Wrong attempts allowed per (phone, client) before the first wait. */
export const ATTEMPTS_FREE = 5;
/** The wait after the ATTEMPTS_FREE-th failure; it doubles with each further failure. */
export const ATTEMPT_WAIT_FIRST_MS = 60_000;
export const ATTEMPT_WAIT_MAX_MS = 60 * 60_000;
/** A (phone, client) with no attempt for this long starts afresh (and its row is pruned). */
export const ATTEMPTS_FORGET_MS = 24 * 60 * 60_000;

export type AttemptThrottle = {
  /** Counts one attempt as failed until `succeeded`; refused while this client must wait. */
  reserve(
    phone: string,
    client: string,
    nowMs: number,
  ): Promise<Result<void, { retryAfterMs: number }>>;
  /** The secret was right: this client's count starts over. */
  succeeded(phone: string, client: string): Promise<void>;
  prune(nowMs: number): Promise<void>;
};

type Row = { failures: number; blocked_until_ms: number; last_attempt_ms: number };

/** How long a client waits after its `failures`-th wrong attempt in a row. */
export function waitAfterMs(failures: number): number {
  if (failures < ATTEMPTS_FREE) return 0;
  return Math.min(ATTEMPT_WAIT_FIRST_MS * 2 ** (failures - ATTEMPTS_FREE), ATTEMPT_WAIT_MAX_MS);
}

export function createAttemptThrottle(db: CentralDb, metrics: CentralMetrics): AttemptThrottle {
  const read = statement(
    db,
    `SELECT failures, blocked_until_ms, last_attempt_ms FROM payer_attempts
       WHERE phone = ? AND client = ?`,
  );
  const write = statement(
    db,
    `INSERT INTO payer_attempts (phone, client, failures, blocked_until_ms, last_attempt_ms)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (phone, client) DO UPDATE SET
       failures = excluded.failures, blocked_until_ms = excluded.blocked_until_ms,
       last_attempt_ms = excluded.last_attempt_ms`,
  );
  const clear = statement(db, 'DELETE FROM payer_attempts WHERE phone = ? AND client = ?');
  const prune = statement(db, 'DELETE FROM payer_attempts WHERE last_attempt_ms < ?');
  return {
    reserve: (phone, client, nowMs) =>
      db
        .transaction(async (): Promise<Result<void, { retryAfterMs: number }>> => {
          const row = await read.get<Row>(phone, client);
          if (row !== undefined && row.blocked_until_ms > nowMs) {
            return err({ retryAfterMs: row.blocked_until_ms - nowMs });
          }
          const fresh = row === undefined || nowMs - row.last_attempt_ms > ATTEMPTS_FORGET_MS;
          const failures = fresh ? 1 : row.failures + 1;
          const waitMs = waitAfterMs(failures);
          await write.run(phone, client, failures, waitMs === 0 ? 0 : nowMs + waitMs, nowMs);
          return ok(undefined);
        })
        .then((result) => {
          // Counted once the transaction decided: a retried transaction must not count twice.
          if (!result.ok) metrics.payerAttemptsRefused.inc();
          return result;
        }),
    async succeeded(phone, client) {
      await clear.run(phone, client);
    },
    async prune(nowMs) {
      await prune.run(nowMs - ATTEMPTS_FORGET_MS);
    },
  };
}
