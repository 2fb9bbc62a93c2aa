/**
 * Token buckets keyed by caller (terminal id, IP), kept in central's database (table
 * rate_limits), so every central process in front of one database spends from the same bucket
 * and a restart hands nobody a fresh allowance.
 *
 * A bucket is one integer, the time at which it would be full again (the generic cell rate
 * algorithm): a bucket of `burst` tokens refilled one per `msPerToken` lets a request through
 * when that time, moved on by one token, is at most `burst` tokens ahead of now. Taking is a
 * single conditional UPDATE, atomic on both engines without a transaction (PostgreSQL
 * re-checks the condition on the row it waited for), so a burst of parallel requests at two
 * processes never overspends. A row whose bucket is full again says nothing and is pruned.
 */
import { assert } from '../common/assert.ts';
import type { CentralDb } from './db.ts';

export type RateLimit = { burst: number; refillPerMinute: number };

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

export type RateLimiter = {
  take(key: string, nowMs: number): Promise<Take>;
  /** What take() would answer, without spending a token. */
  peek(key: string, nowMs: number): Promise<Take>;
};

const TAKE_SQL = `UPDATE rate_limits SET full_at_ms =
    (CASE WHEN full_at_ms > ? THEN full_at_ms ELSE ? END) + ?
  WHERE key = ? AND (CASE WHEN full_at_ms > ? THEN full_at_ms ELSE ? END) + ? <= ?`;
const INSERT_SQL = `INSERT INTO rate_limits (key, full_at_ms) VALUES (?, ?)
  ON CONFLICT (key) DO NOTHING`;
const READ_SQL = 'SELECT full_at_ms FROM rate_limits WHERE key = ?';

/**
 * `name` keeps limiters apart in the shared table: two limiters with different rates never
 * spend from one bucket, and one limiter shared by several route groups is one name.
 */
export function createRateLimiter(db: CentralDb, name: string, limit: RateLimit): RateLimiter {
  assert(limit.burst >= 1 && limit.refillPerMinute > 0, 'rate limit: burst and refill');
  const msPerToken = Math.max(1, Math.round(60_000 / limit.refillPerMinute));
  const spanMs = limit.burst * msPerToken;
  const keyOf = (key: string) => `${name}:${key}`;
  /** Refused while the bucket, one token on, would be more than a full bucket ahead. */
  const verdict = (fullAtMs: number | undefined, nowMs: number): Take => {
    if (fullAtMs === undefined) return { ok: true };
    const after = Math.max(fullAtMs, nowMs) + msPerToken;
    return after - nowMs <= spanMs
      ? { ok: true }
      : { ok: false, retryAfterMs: after - nowMs - spanMs };
  };
  const read = async (key: string) =>
    (await db.get<{ full_at_ms: number }>(READ_SQL, key))?.full_at_ms;
  const takeOnce = (key: string, nowMs: number) =>
    db.run(TAKE_SQL, nowMs, nowMs, msPerToken, key, nowMs, nowMs, msPerToken, nowMs + spanMs);
  return {
    peek: async (key, nowMs) => verdict(await read(keyOf(key)), nowMs),
    async take(key, nowMs) {
      const row = keyOf(key);
      if ((await takeOnce(row, nowMs)) === 1) return { ok: true };
      // No row yet: a full bucket, of which this request takes one token.
      if ((await db.run(INSERT_SQL, row, nowMs + msPerToken)) === 1) return { ok: true };
      // Another request created it meanwhile: take from it as usual.
      if ((await takeOnce(row, nowMs)) === 1) return { ok: true };
      const refused = verdict(await read(row), nowMs);
      return refused.ok ? { ok: false, retryAfterMs: 1 } : refused;
    },
  };
}

/** Deletes the buckets that are full again: a missing row is a full bucket. */
export async function pruneRateLimits(db: CentralDb, nowMs: number): Promise<void> {
  await db.run('DELETE FROM rate_limits WHERE full_at_ms <= ?', nowMs);
}
