import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import { migrate } from './migrations/registry.ts';

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
export const busyTimeoutMs = 5_000;

/** SQLite's code for synchronous=FULL: every commit is fsynced before COMMIT returns. */
const synchronousFull = 2;

/**
 * Opens (creating if needed) the ledger database file with the durability settings set AND read
 * back: a PRAGMA that silently did not apply (read-only file, old build, a driver default that
 * reverts on reopen) would leave acknowledged money commits exposed to a power cut.
 */
export function openDatabase(path: string): DatabaseSync {
  const db = new DatabaseSync(path, { timeout: busyTimeoutMs });
  try {
    configure(db, path);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function configure(db: DatabaseSync, path: string): void {
  db.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  db.exec('PRAGMA trusted_schema = OFF');
  const journalMode = pragmaValue(db, 'journal_mode');
  const synchronous = pragmaValue(db, 'synchronous');
  const foreignKeys = pragmaValue(db, 'foreign_keys');
  // ':memory:' cannot do WAL; tests use real files, as production does.
  assert(journalMode === 'wal', `ledger ${path}: journal_mode is ${String(journalMode)}, not wal`);
  assert(synchronous === synchronousFull, `ledger ${path}: synchronous is ${String(synchronous)}`);
  assert(foreignKeys === 1, `ledger ${path}: foreign_keys is off`);
}

export function pragmaValue(db: DatabaseSync, name: string): unknown {
  const row = db.prepare(`PRAGMA ${name}`).get();
  assert(row !== undefined, `PRAGMA ${name}: no row`);
  return Object.values(row)[0];
}

/**
 * Runs `work` inside BEGIN IMMEDIATE … COMMIT: one transaction per money event. IMMEDIATE takes
 * the write lock up front, so a second writer waits (busy_timeout) instead of failing mid-way.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  let value: T;
  try {
    value = work();
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
  try {
    db.exec('COMMIT');
  } catch (error) {
    // A failed COMMIT (SQLITE_IOERR_FSYNC, disk full) may leave the transaction open: roll it
    // back so the caller sees "not written" and never acknowledges the money event.
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return value;
}

const statementCache = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/** Prepared once per connection: the money path runs the same few statements all day. */
export function statement(db: DatabaseSync, sql: string): StatementSync {
  let cache = statementCache.get(db);
  if (cache === undefined) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (prepared === undefined) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}
