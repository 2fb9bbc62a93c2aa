import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';

/** The money tables and the audit trail, dumped whole: the journal a bookkeeper asks for. */
export const exportedTables = [
  'deposit_session',
  'session_cancel',
  'stack_intent',
  'intent_outcome',
  'unmatched_stacked',
  'transfer',
  'outbox',
  'collection',
  'collection_count',
  'audit_log',
] as const;

export type DumpRow = Record<string, SQLOutputValue>;

export type JournalDump = {
  /** Each exported table present in this database, its rows in insertion order. */
  tables(): Array<{ table: string; rows: () => Iterable<DumpRow> }>;
  /** The transfer table, oldest first, for the bookkeeper's CSV. */
  transfers(): Iterable<DumpRow>;
};

/**
 * Row iterators over the raw tables (columns as stored), read lazily so a big journal never
 * sits in memory whole. Table names come from the fixed list above, never from a caller.
 */
export function journalDump(db: DatabaseSync): JournalDump {
  return {
    tables() {
      const present = new Set(
        db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
          .all()
          .map((row) => String(row.name)),
      );
      return exportedTables
        .filter((table) => present.has(table))
        .map((table) => ({
          table,
          rows: () => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).iterate(),
        }));
    },
    transfers: () => db.prepare('SELECT * FROM transfer ORDER BY created_at_ms').iterate(),
  };
}
