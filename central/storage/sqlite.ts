/**
 * The embedded adapter of the storage port (storage/port.ts): one node:sqlite connection, WAL
 * and synchronous=FULL asserted, statements prepared once per SQL text.
 *
 * node:sqlite is synchronous but the port is not: a transaction's callback awaits between its
 * statements, and another request must not slip its own statements into it (one connection
 * has one transaction). So every use of the connection takes a turn in a queue: a whole
 * transaction is one turn, a statement outside any transaction is one. Statements issued
 * inside a transaction's callback (found through the async context) run at once, in it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import type { CentralDb, SqlValue } from './port.ts';

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

/** The port over an open node:sqlite connection (configured by the caller). */
export function sqliteAdapter(raw: DatabaseSync): CentralDb {
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
  /** In the current transaction's turn, or in a turn of its own. */
  const inTurn = <T>(work: () => T): Promise<T> =>
    turns.getStore() !== undefined ? Promise.resolve().then(work) : queue(work);

  const transaction = async <T>(work: () => Promise<T>): Promise<T> => {
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
    return queue(async () => {
      raw.exec('BEGIN IMMEDIATE');
      try {
        const result = await turns.run({ depth: 0 }, work);
        raw.exec('COMMIT');
        return result;
      } catch (error) {
        if (raw.isTransaction) raw.exec('ROLLBACK');
        throw error;
      }
    });
  };

  return {
    dialect: 'sqlite',
    get: <T>(sql: string, ...params: SqlValue[]) =>
      inTurn(() => prepared(sql).get(...params) as T | undefined),
    all: <T>(sql: string, ...params: SqlValue[]) =>
      inTurn(() => prepared(sql).all(...params) as T[]),
    run: (sql, ...params) => inTurn(() => Number(prepared(sql).run(...params).changes)),
    exec: (sql) => inTurn(() => raw.exec(sql)),
    transaction,
    inTransaction: () => turns.getStore() !== undefined,
    close: () =>
      queue(() => {
        if (raw.isOpen) raw.close();
      }),
  };
}
