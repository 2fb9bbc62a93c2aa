import type { Migration } from './registry.ts';

/**
 * The fiscal receipt owed for each payment of a fiscal kiosk (main/ledger/fiscal-store.ts),
 * written in the payment's own transaction. Transfers made before this version, or on a kiosk
 * that does not fiscalise, have no row: the journal shows them as «не фискализирован».
 *
 * States: pending → issuing (the ФН's last document number seen before the attempt, written
 * before the receipt is sent) → issued (the document) | held (a ФН failure: the money stays,
 * the receipt is issued later or replaced by a correction receipt). A document of one ФН
 * belongs to one payment only (unique index). Delivery to central is tracked on the same row.
 * fiscal_shift keeps when the kiosk opened the current shift (the ФН does not say).
 */
export const migration0100: Migration = {
  version: 100,
  name: '0100-fiscal',
  sql: `
CREATE TABLE fiscal_intent (
  transfer_id TEXT PRIMARY KEY REFERENCES transfer(id),
  terms_json TEXT NOT NULL CHECK (json_valid(terms_json)),
  total_kopecks INTEGER NOT NULL CHECK (total_kopecks > 0),
  state TEXT NOT NULL CHECK (state IN ('pending', 'issuing', 'issued', 'held')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  fn_before TEXT,
  fd_before INTEGER CHECK (fd_before IS NULL OR fd_before >= 0),
  attempt_at_ms INTEGER,
  kind TEXT CHECK (kind IS NULL OR kind IN ('receipt', 'correction')),
  fd_number INTEGER CHECK (fd_number IS NULL OR fd_number > 0),
  fiscal_sign INTEGER,
  fn_number TEXT,
  shift_number INTEGER,
  receipt_number INTEGER,
  issued_at TEXT,
  issued_recorded_at_ms INTEGER,
  held_reason TEXT,
  last_error TEXT,
  created_at_ms INTEGER NOT NULL,
  sent_at_ms INTEGER,
  send_attempts INTEGER NOT NULL DEFAULT 0,
  next_send_at_ms INTEGER NOT NULL DEFAULT 0,
  send_error TEXT,
  send_parked_reason TEXT,
  CHECK ((state = 'issued') = (fd_number IS NOT NULL)),
  CHECK (state <> 'issued' OR (kind IS NOT NULL AND fn_number IS NOT NULL
    AND fiscal_sign IS NOT NULL AND shift_number IS NOT NULL AND issued_at IS NOT NULL)),
  CHECK (state <> 'issuing' OR (fd_before IS NOT NULL AND fn_before IS NOT NULL)),
  CHECK (state <> 'held' OR held_reason IS NOT NULL),
  CHECK (sent_at_ms IS NULL OR state = 'issued')
) STRICT;
CREATE INDEX fiscal_intent_open ON fiscal_intent(state, created_at_ms);
CREATE UNIQUE INDEX fiscal_intent_document ON fiscal_intent(fn_number, fd_number)
  WHERE fd_number IS NOT NULL;
CREATE INDEX fiscal_intent_unsent ON fiscal_intent(next_send_at_ms)
  WHERE state = 'issued' AND sent_at_ms IS NULL AND send_parked_reason IS NULL;
CREATE TABLE fiscal_shift (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  shift_number INTEGER,
  opened_at_ms INTEGER,
  last_scheduled_date TEXT,
  updated_at_ms INTEGER NOT NULL
) STRICT;
`,
};
