import type { Migration } from './registry.ts';

/**
 * SMS copies of receipts waiting for central (main/ledger/receipt-sms.ts). The id is made on the
 * kiosk and is central's Idempotency-Key, so a copy re-sent after a crash is never sent twice.
 * The phone is kept only until central has the copy; then only its last digits remain.
 */
export const migration0090: Migration = {
  version: 90,
  name: '0090-receipt-sms',
  sql: `
CREATE TABLE receipt_sms (
  sms_id TEXT PRIMARY KEY CHECK (length(sms_id) = 36),
  transfer_id TEXT NOT NULL CHECK (length(transfer_id) = 36),
  phone TEXT NOT NULL CHECK (length(phone) BETWEEN 4 AND 16),
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'refused')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_ms INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL,
  settled_at_ms INTEGER,
  last_error TEXT
) STRICT;
CREATE INDEX receipt_sms_due ON receipt_sms(state, next_attempt_ms);
CREATE INDEX receipt_sms_by_transfer ON receipt_sms(transfer_id);
`,
};
