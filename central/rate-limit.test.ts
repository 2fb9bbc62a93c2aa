/**
 * The rate limiter on central's database (SQLite, or PostgreSQL on the central-postgres
 * project): the bucket's arithmetic, and that two limiters on one database (two central
 * processes) spend from one bucket.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestCentralDb } from '../tests/support/central-postgres.ts';
import type { CentralDb } from './db.ts';
import { createRateLimiter, pruneRateLimits } from './rate-limit.ts';

let dir: string;
let db: CentralDb;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'central-rate-'));
  db = (await openTestCentralDb(dir)).db;
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createRateLimiter', () => {
  it('allows a burst, then refuses with the wait until the next token', async () => {
    const limiter = createRateLimiter(db, 'test', { burst: 2, refillPerMinute: 60 });
    expect(await limiter.take('a', 0)).toEqual({ ok: true });
    expect(await limiter.take('a', 0)).toEqual({ ok: true });
    expect(await limiter.peek('a', 0)).toEqual({ ok: false, retryAfterMs: 1_000 });
    expect(await limiter.take('a', 0)).toEqual({ ok: false, retryAfterMs: 1_000 });
    expect(await limiter.take('a', 500)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(await limiter.take('a', 1_000)).toEqual({ ok: true });
  });

  it('keeps callers apart and never refills above the burst', async () => {
    const limiter = createRateLimiter(db, 'test', { burst: 1, refillPerMinute: 60 });
    expect((await limiter.take('a', 0)).ok).toBe(true);
    expect((await limiter.take('b', 0)).ok).toBe(true);
    expect((await limiter.take('a', 3_600_000)).ok).toBe(true);
    expect((await limiter.take('a', 3_600_000)).ok).toBe(false);
  });

  it('keeps limiters of different names apart, and shares one name across instances', async () => {
    const first = createRateLimiter(db, 'shared', { burst: 3, refillPerMinute: 1 });
    const second = createRateLimiter(db, 'shared', { burst: 3, refillPerMinute: 1 });
    const other = createRateLimiter(db, 'other', { burst: 3, refillPerMinute: 1 });
    const taken = await Promise.all(
      Array.from({ length: 8 }, (_, index) => (index % 2 === 0 ? first : second).take('k', 0)),
    );
    expect(taken.filter((take) => take.ok)).toHaveLength(3);
    expect((await other.take('k', 0)).ok).toBe(true);
  });

  it('forgets a full bucket when pruned, which changes nothing for the caller', async () => {
    const limiter = createRateLimiter(db, 'test', { burst: 2, refillPerMinute: 60 });
    await limiter.take('a', 0);
    await pruneRateLimits(db, 500);
    expect(await db.get('SELECT COUNT(*) AS n FROM rate_limits')).toEqual({ n: 1 });
    await pruneRateLimits(db, 1_000);
    expect(await db.get('SELECT COUNT(*) AS n FROM rate_limits')).toEqual({ n: 0 });
    expect(await limiter.take('a', 1_000)).toEqual({ ok: true });
  });
});
