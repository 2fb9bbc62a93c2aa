import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';

/**
 * The raw connection behind a Ledger, for tests and benches only (to corrupt a row on
 * purpose, count rows, or turn fsync off while seeding a big backlog). Product code reaches
 * the database only through the Ledger's own functions; ledger-boundary.test.ts keeps it so.
 */
const connections = new WeakMap<object, DatabaseSync>();

export function registerConnection(ledger: object, db: DatabaseSync): void {
  connections.set(ledger, db);
}

export function connectionOf(ledger: object): DatabaseSync {
  const db = connections.get(ledger);
  assert(db !== undefined, 'connectionOf: not a ledger opened by openLedger');
  return db;
}
