import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';

/** The money tables and the audit trail, dumped whole: the journal a bookkeeper asks for. */
export const exportedTables = [
  'deposit_session',
  'session_cancel',
  'stack_intent',
  'intent_outcome',
  'unmatched_stacked',
  'transfer',
  'fiscal_intent',
  'outbox',
  'collection',
  'collection_count',
  'audit_log',
] as const;

export type DumpRow = Record<string, SQLOutputValue>;

export type JournalDump = {
  /** Each exported table present in this database, its rows in insertion order. */
  tables(): Array<{ table: string; rows: () => Iterable<DumpRow> }>;
  /** The transfer table with each row's fiscal document, oldest first, for the CSV. */
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
    // A transfer with no fiscal intent (made before fiscalisation, or on a kiosk where another
    // party fiscalises) shows fiscal_state 'none'.
    transfers: () =>
      db
        .prepare(
          `SELECT t.*, COALESCE(f.state, 'none') AS fiscal_state, f.kind AS fiscal_kind,
             f.fd_number AS fiscal_fd_number, f.fiscal_sign AS fiscal_sign,
             f.fn_number AS fiscal_fn_number, f.shift_number AS fiscal_shift_number,
             f.receipt_number AS fiscal_receipt_number, f.issued_at AS fiscal_issued_at,
             f.held_reason AS fiscal_held_reason
           FROM transfer t LEFT JOIN fiscal_intent f ON f.transfer_id = t.id
           ORDER BY t.created_at_ms`,
        )
        .iterate(),
  };
}
