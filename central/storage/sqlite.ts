/**
 * The embedded adapter of the storage port (storage/port.ts): one node:sqlite connection in WAL
 * mode, statements prepared once per SQL text.
 *
 * node:sqlite is synchronous but the port is not: a transaction's callback awaits between its
 * statements, and another request must not slip its own statements into it (one connection
 * has one transaction). So every use of the connection takes a turn in a queue: a whole
 * transaction is one turn, a statement outside any transaction is one. Statements issued
 * inside a transaction's callback (found through the async context) run at once, in it.
 *
 * Durability without blocking the event loop: with synchronous=FULL, every COMMIT would wait
 * for the disk inside node:sqlite's synchronous call, and the whole server with it (up to a
 * third of the write bench's time on this machine, much more on a slow disk). Instead the
 * connection runs with synchronous=NORMAL, where a COMMIT only writes the transaction to the
 * WAL, and the adapter flushes the WAL file itself (fdatasync on libuv's thread pool). No
 * answer leaves before that flush covers it:
 *  - a transaction's promise settles only after a flush that started after its COMMIT;
 *  - so does every other use of the connection, reads included: a read may have seen a row
 *    whose flush is still running, and an answer built on it must not outlive a power cut
 *    that the row does not;
 *  - one flush covers every commit made before it started, so concurrent transactions share
 *    flushes, and the next transaction may commit while the previous one is being flushed
 *    (storage/group-commit.ts starts the next batch then).
 * SQLite keeps the rest of the guarantee: in WAL mode with synchronous=NORMAL it flushes the
 * WAL before any checkpoint copies it into the database, and a power cut loses at most the
 * commits not yet flushed, never the database's consistency. A failed flush leaves it unknown
 * what reached the disk, so the adapter then refuses all work until central is restarted
 * (SQLite recovers the database from its WAL on open).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { type FileHandle, open } from 'node:fs/promises';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import type { CentralDb, SqlValue, TransactionHooks } from './port.ts';

type Turn = { depth: number };

/** A FIFO lock: run(work) starts work when every earlier work has settled. */
function createQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T> | T): Promise<T> => {
    const result = tail.then(work, work);
    tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };
}

/**
 * WAL, foreign keys, a busy timeout; synchronous=FULL for the schema migrations that run before
 * the adapter exists (sqliteAdapter then takes over durability, see the file comment).
 */
export function configureSqlite(db: DatabaseSync): void {
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA busy_timeout = 5000');
  const journal = db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
  const synchronous = db.prepare('PRAGMA synchronous').get() as { synchronous: number };
  assert(journal.journal_mode === 'wal', 'central db: journal_mode is not WAL');
  assert(synchronous.synchronous === 2, 'central db: synchronous is not FULL');
}

/** Flushes the WAL file's data to the disk (fdatasync); the tests put a slower one in. */
export type WalFlush = (wal: FileHandle) => Promise<void>;

export type SqliteAdapterOptions = {
  /** The database file's path: its WAL is this path with `-wal`. */
  path: string;
  flushWal?: WalFlush;
};

/** The port over an open node:sqlite connection (configured by the caller: configureSqlite). */
export function sqliteAdapter(raw: DatabaseSync, options: SqliteAdapterOptions): CentralDb {
  raw.exec('PRAGMA synchronous = NORMAL');
  const synchronous = raw.prepare('PRAGMA synchronous').get() as { synchronous: number };
  assert(synchronous.synchronous === 1, 'central db: synchronous is not NORMAL');
  const flushWal = options.flushWal ?? ((wal) => wal.datasync());
  const durability = createDurability(`${options.path}-wal`, flushWal);
  const statements = new Map<string, StatementSync>();
  const turns = new AsyncLocalStorage<Turn>();
  const queue = createQueue();
  const prepared = (sql: string): StatementSync => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = raw.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  /**
   * A turn's answer, value or error, once the WAL is flushed as far as the connection had
   * committed by then: a refusal (a unique key taken) may rest on another commit's row too.
   */
  const afterFlush = async <T>(turn: Promise<T>): Promise<T> => {
    try {
      return await turn;
    } finally {
      await durability.flushed();
    }
  };
  /**
   * In the current transaction's turn (its commit waits for the flush), or in a turn of its
   * own, answered once the WAL is flushed as far as the connection had committed by then.
   */
  const inTurn = <T>(work: () => T, writes: boolean): Promise<T> => {
    if (turns.getStore() !== undefined) return Promise.resolve().then(work);
    return afterFlush(
      queue(() => {
        // Checked in the turn: a flush may have failed while this waited for it.
        durability.usable();
        const value = work();
        // Outside a transaction a statement commits on its own (SQLite's autocommit).
        if (writes) durability.committed();
        return value;
      }),
    );
  };

  const transaction = async <T>(work: () => Promise<T>, hooks?: TransactionHooks): Promise<T> => {
    const turn = turns.getStore();
    if (turn !== undefined) {
      const name = `s${turn.depth + 1}`;
      raw.exec(`SAVEPOINT ${name}`);
      try {
        const result = await turns.run({ depth: turn.depth + 1 }, work);
        raw.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        raw.exec(`ROLLBACK TO ${name}`);
        raw.exec(`RELEASE ${name}`);
        throw error;
      }
    }
    return afterFlush(
      queue(async () => {
        durability.usable();
        raw.exec('BEGIN IMMEDIATE');
        let value: T;
        try {
          value = await turns.run({ depth: 0 }, work);
          raw.exec('COMMIT');
        } catch (error) {
          if (raw.isTransaction) raw.exec('ROLLBACK');
          throw error;
        }
        durability.committed();
        hooks?.committed?.();
        return value;
      }),
    );
  };

  return {
    dialect: 'sqlite',
    get: <T>(sql: string, ...params: SqlValue[]) =>
      inTurn(() => prepared(sql).get(...params) as T | undefined, false),
    all: <T>(sql: string, ...params: SqlValue[]) =>
      inTurn(() => prepared(sql).all(...params) as T[], false),
    run: (sql, ...params) => inTurn(() => Number(prepared(sql).run(...params).changes), true),
    exec: (sql) => inTurn(() => raw.exec(sql), true),
    transaction,
    inTransaction: () => turns.getStore() !== undefined,
    close: () =>
      queue(async () => {
        // SQLite removes the WAL when its last connection closes: no flush may be running.
        await durability.close();
        if (raw.isOpen) raw.close();
      }),
  };
}

/**
 * Which commits the WAL flushes have covered. `committed()` counts a commit; `flushed()`
 * settles once a flush that started after every commit counted so far has finished (at once
 * when there is none to wait for). Flushes run one at a time; commits made during one are
 * covered by the next, which starts as soon as it ends.
 */
function createDurability(walPath: string, flushWal: WalFlush) {
  let commits = 0;
  let flushedCommits = 0;
  let flushing: Promise<void> | null = null;
  let failure: Error | null = null;
  let wal: FileHandle | null = null;
  let waiting: { commits: number; resolve(): void; reject(error: Error): void }[] = [];

  const flushLoop = async (): Promise<void> => {
    while (flushedCommits < commits) {
      const covered = commits;
      // Opened at the first flush: a new database has no WAL until its first write. SQLite
      // keeps the same file for as long as the connection is open.
      wal ??= await open(walPath, 'r');
      await flushWal(wal);
      flushedCommits = covered;
      // In the order they asked.
      const covering = waiting.filter((waiter) => waiter.commits <= covered);
      waiting = waiting.filter((waiter) => waiter.commits > covered);
      for (const waiter of covering) waiter.resolve();
    }
  };

  const fail = (cause: unknown) => {
    failure = new Error(
      'central db: the WAL could not be flushed to disk, so what was committed since the ' +
        'last flush may be lost; refusing all work until central is restarted',
      { cause },
    );
    const failed = waiting;
    waiting = [];
    for (const waiter of failed) waiter.reject(failure);
  };

  return {
    committed(): void {
      commits += 1;
    },
    /** Throws once a flush has failed. */
    usable(): void {
      if (failure !== null) throw failure;
    },
    flushed(): Promise<void> {
      if (failure !== null) return Promise.reject(failure);
      if (flushedCommits >= commits) return Promise.resolve();
      const promise = new Promise<void>((resolve, reject) => {
        waiting.push({ commits, resolve, reject });
      });
      flushing ??= flushLoop()
        .catch(fail)
        .finally(() => {
          flushing = null;
        });
      return promise;
    },
    /** Flushes what is left (SQLite's own close would too), then lets the WAL file go. */
    async close(): Promise<void> {
      if (failure === null && flushedCommits < commits) await this.flushed().catch(() => {});
      await flushing;
      await wal?.close();
      wal = null;
    },
  };
}
