/**
 * Group commit: the small writes of concurrent requests (a signed request's nonce, a
 * heartbeat, a transfer creation) share one durable commit instead of paying one each.
 *
 * `run(work)` queues the work; whatever is queued when the database is free becomes one batch,
 * one outermost transaction (storage/port.ts: serializable; SQLite's COMMIT and WAL flush, a
 * PostgreSQL COMMIT). A caller's promise settles only after the batch is durable, so an
 * answer built on it never claims a row the database could still lose.
 *
 * Gathering: a batch starts on the next turn of the event loop after work arrives (so all
 * that was queued in the same turn joins it), never while the batch before it holds the
 * writer: whatever arrived meanwhile is the next batch. The writer is free once the batch's
 * COMMIT is made; on SQLite that is before it is durable (storage/sqlite.ts flushes the WAL
 * afterwards, off the event loop), so the next batch runs while the last one is flushed, and
 * each batch's callers still hear only after their own flush. Under load a batch also waits,
 * at most `windowMs`, until as many items are queued as the last batch had (requests read
 * while a batch ran reach the queue a few turns later). A lone write (last batch of one)
 * waits for nothing; as load falls, so does the size waited for. One batch holds the writer
 * at a time: concurrent serializable batches on PostgreSQL conflict (the same index pages,
 * the same terminals' rows) far more than they gain.
 *
 * Failure of one item: its caller gets its error; the others commit. A batch is first run
 * with its items straight in the transaction (on PostgreSQL a savepoint is two more round
 * trips per item); if an item throws, that pass is rolled back and the batch runs again with
 * each item in a savepoint, where the failing one is undone alone. Items must therefore be
 * safe to run twice, as every transaction callback already is (storage/port.ts).
 *
 * Conflicts: an item that meets one PostgreSQL wants a transaction retried for (serialization
 * failure, deadlock, a unique key a concurrent transaction inserted) is rolled back to its
 * savepoint and run again alone once the batch committed, on a fresh snapshot, with the
 * adapter's retries; a batch whose COMMIT meets one is run again whole by the adapter, and if
 * that keeps failing, item by item. So idempotency keys stay exact: the database's unique
 * keys decide, as without batching.
 *
 * Work already inside a transaction runs there (a savepoint), not in a batch: its caller's
 * transaction commits it.
 */
import type { CentralDb, TransactionHooks } from './port.ts';

export type GroupCommitStats = {
  /** Batches committed: each is one durable transaction. */
  batches: number;
  /** Items settled in committed batches (succeeded or failed on their own). */
  items: number;
  largestBatch: number;
  /** Items waiting for the next batch now. */
  queued: number;
  /** Batches whose callers have not all heard yet: running, or committed and being flushed. */
  unsettled: number;
};

export type GroupCommitter = {
  /** Runs work in the next shared transaction; settles once that transaction committed. */
  run<T>(work: () => Promise<T>): Promise<T>;
  stats(): GroupCommitStats;
  /** Refuses new work, commits what was queued, waits for the last batch. */
  close(): Promise<void>;
};

/** PostgreSQL codes its adapter retries a whole transaction on (storage/postgres.ts). */
const RETRY_CODES = new Set(['40001', '40P01', '23505']);

function retryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRY_CODES.has(code);
}

type Item = {
  queuedAtMs: number;
  work: () => Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
};

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** A batch's outcome per item (null: run alone later) and the items to run alone. */
type Pass = { outcomes: readonly (Outcome | null)[]; later: readonly Item[] };

/** Ends the savepoint-free pass when one item fails: that pass is rolled back, not retried. */
class ItemFailed extends Error {
  constructor(cause: unknown) {
    super('an item of the batch failed', { cause });
  }
}

export type GroupCommitOptions = {
  /** Items per transaction at most: bounds how long one batch holds SQLite's writer. */
  batchMax?: number;
  /** How long a batch may wait for as many items as the one before it had. */
  windowMs?: number;
};

export function createGroupCommitter(
  db: CentralDb,
  options: GroupCommitOptions = {},
): GroupCommitter {
  const batchMax = options.batchMax ?? 200;
  const windowMs = options.windowMs ?? 2;
  const queue: Item[] = [];
  const counts = { batches: 0, items: 0, largestBatch: 0 };
  /** The batch holding the writer (until its COMMIT is made), if any. */
  let writing: Promise<void> | null = null;
  /** Batches whose callers have not all heard yet (committing, or waiting to be durable). */
  const unsettled = new Set<Promise<void>>();
  let scheduled = false;
  let waiting: NodeJS.Timeout | null = null;
  let closing = false;
  /** The size of the last batch: under steady load, about what the next one will gather. */
  let expected = 1;

  const count = (size: number) => {
    counts.batches += 1;
    counts.items += size;
    counts.largestBatch = Math.max(counts.largestBatch, size);
  };

  /** One item in a transaction of its own (the adapter's retries apply), after a batch. */
  const alone = async (item: Item): Promise<void> => {
    try {
      const value = await db.transaction(item.work);
      count(1);
      item.resolve(value);
    } catch (error) {
      item.reject(error);
    }
  };

  /**
   * Every item straight in the shared transaction: no savepoint round trips. Where the engine
   * gains by it (db.concurrently: PostgreSQL), the items run at once and their statements
   * share round trips; any failure among them sends the batch to the savepoint pass, which
   * runs them one by one. Items meet only through unique keys (two creations of one transfer
   * id collide on its key and are sorted out one by one there), never through a read of
   * another item's write.
   */
  const plainPass = (batch: readonly Item[], hooks: TransactionHooks): Promise<Pass> =>
    db.transaction(async () => {
      if (db.concurrently !== undefined && batch.length > 1) {
        const settled = await db.concurrently(batch.map((item) => item.work));
        const failed = settled.find((outcome) => outcome.status === 'rejected');
        if (failed !== undefined) throw new ItemFailed(failed.reason);
        const outcomes = settled.map((outcome) => ({
          ok: true as const,
          value: (outcome as PromiseFulfilledResult<unknown>).value,
        }));
        return { outcomes, later: [] };
      }
      const outcomes: Outcome[] = [];
      for (const item of batch) {
        try {
          outcomes.push({ ok: true, value: await item.work() });
        } catch (error) {
          throw new ItemFailed(error);
        }
      }
      return { outcomes, later: [] };
    }, hooks);

  /** Each item in a savepoint: a failing one is undone alone, the others commit. */
  const savepointPass = (batch: readonly Item[], hooks: TransactionHooks): Promise<Pass> =>
    db.transaction(async () => {
      // Items that met a conflict PostgreSQL wants retried: run alone once the batch committed.
      const later: Item[] = [];
      const outcomes: (Outcome | null)[] = [];
      for (const item of batch) {
        try {
          outcomes.push({ ok: true, value: await db.transaction(item.work) });
        } catch (error) {
          if (retryable(error)) later.push(item);
          outcomes.push(retryable(error) ? null : { ok: false, error });
        }
      }
      return { outcomes, later };
    }, hooks);

  /** What the batch's callers hear; null when nothing of it is durable (all were told so). */
  const runPasses = async (
    batch: readonly Item[],
    hooks: TransactionHooks,
  ): Promise<Pass | null> => {
    try {
      try {
        return await plainPass(batch, hooks);
      } catch (error) {
        if (!(error instanceof ItemFailed)) throw error;
        return await savepointPass(batch, hooks);
      }
    } catch (error) {
      if (!retryable(error) || batch.length === 1) {
        // Nothing of this batch is durable: every caller hears so, none hears "done".
        for (const item of batch) item.reject(error);
        return null;
      }
      // Contention the adapter's retries did not outlast: each on its own.
      return { outcomes: batch.map(() => null), later: [...batch] };
    }
  };

  const commitBatch = async (batch: readonly Item[], hooks: TransactionHooks): Promise<void> => {
    const pass = await runPasses(batch, hooks);
    if (pass === null) return;
    const settled = pass.outcomes.filter((outcome) => outcome !== null).length;
    if (settled > 0) count(settled);
    for (const [index, item] of batch.entries()) {
      const outcome = pass.outcomes[index];
      if (outcome === null || outcome === undefined) continue;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    }
    for (const item of pass.later) await alone(item);
  };

  const gathered = (): boolean =>
    closing ||
    queue.length >= Math.min(expected, batchMax) ||
    performance.now() - queue[0]!.queuedAtMs >= windowMs;

  const startBatch = () => {
    scheduled = false;
    if (writing !== null || queue.length === 0 || waiting !== null) return;
    if (!gathered()) {
      const leftMs = windowMs - (performance.now() - queue[0]!.queuedAtMs);
      waiting = setTimeout(
        () => {
          waiting = null;
          startBatch();
        },
        Math.max(0, leftMs),
      );
      return;
    }
    const batch = queue.splice(0, batchMax);
    expected = batch.length;
    // The writer is released once: at the batch's COMMIT where the engine tells, else when
    // its callers have heard.
    let settled: Promise<void> | null = null;
    const release = () => {
      if (settled === null || writing !== settled) return;
      writing = null;
      schedule();
    };
    settled = commitBatch(batch, { committed: release }).finally(() => {
      if (settled !== null) unsettled.delete(settled);
      release();
    });
    writing = settled;
    unsettled.add(settled);
  };

  function schedule(): void {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(startBatch);
  }

  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      if (db.inTransaction()) return db.transaction(work);
      if (closing) return Promise.reject(new Error('central is closing: the write was not made'));
      return new Promise<T>((resolve, reject) => {
        const queuedAtMs = performance.now();
        queue.push({ queuedAtMs, work, resolve: resolve as (value: unknown) => void, reject });
        if (waiting !== null && gathered()) {
          clearTimeout(waiting);
          waiting = null;
        }
        schedule();
      });
    },
    stats: () => ({ ...counts, queued: queue.length, unsettled: unsettled.size }),
    async close() {
      closing = true;
      if (waiting !== null) {
        clearTimeout(waiting);
        waiting = null;
        schedule();
      }
      while (unsettled.size > 0 || queue.length > 0) {
        const [batch] = unsettled;
        await (batch ?? new Promise((resolve) => setImmediate(resolve)));
      }
    },
  };
}
