/**
 * The reference for every durable-commit headline: a bare node:sqlite commit with the ledger's
 * durability settings (journal_mode=WAL, synchronous=FULL) and nothing else — one row, one
 * `BEGIN IMMEDIATE … COMMIT`, no schema checks, no audit, no outbox. Its file lives in the same
 * temporary directory as the ledger's, so both pay the same fsync on the same disk.
 */
import { DatabaseSync } from 'node:sqlite';

export type BareCommitter = {
  /** One durable one-row commit; returns how long it took, in ms. */
  commitOnceMs(): number;
  close(): void;
};

export function openBareCommitter(filePath: string): BareCommitter {
  const db = new DatabaseSync(filePath);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  const mode = db.prepare('PRAGMA journal_mode').get() as { journal_mode: string };
  const sync = db.prepare('PRAGMA synchronous').get() as { synchronous: number };
  // A reference that silently ran without fsync would flatter every ratio against it.
  if (mode.journal_mode !== 'wal' || sync.synchronous !== 2) {
    throw new Error(`bare commit: got ${mode.journal_mode}, synchronous=${sync.synchronous}`);
  }
  db.exec(
    'CREATE TABLE IF NOT EXISTS bare (id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL,' +
      ' amount_kopecks INTEGER NOT NULL)',
  );
  const insert = db.prepare('INSERT INTO bare (at_ms, amount_kopecks) VALUES (?, ?)');
  return {
    commitOnceMs() {
      const startedMs = performance.now();
      db.exec('BEGIN IMMEDIATE');
      insert.run(Date.now(), 10_000);
      db.exec('COMMIT');
      return performance.now() - startedMs;
    },
    close: () => db.close(),
  };
}
