import type { Migration } from './registry.ts';

/**
 * One outbox row per transfer, written in the transfer's own transaction (transactional
 * outbox): the sender delivers at least once with Idempotency-Key = transfer id, central dedups.
 */
export const migration0020: Migration = {
  version: 20,
  name: '0020-outbox',
  sql: `
CREATE TABLE outbox (
  transfer_id TEXT PRIMARY KEY REFERENCES transfer(id),
  idempotency_key TEXT NOT NULL UNIQUE CHECK (idempotency_key = transfer_id),
  payload_json TEXT NOT NULL CHECK (json_valid(payload_json)),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at_ms INTEGER NOT NULL CHECK (next_attempt_at_ms >= 0),
  last_error TEXT,
  delivered_at_ms INTEGER CHECK (delivered_at_ms >= 0),
  parked_reason TEXT,
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0)
) STRICT;
CREATE INDEX outbox_due ON outbox(next_attempt_at_ms)
  WHERE delivered_at_ms IS NULL AND parked_reason IS NULL;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox rows are kept for reconciliation'); END;
CREATE TRIGGER outbox_key_frozen BEFORE UPDATE OF transfer_id, idempotency_key, payload_json,
  created_at_ms ON outbox
BEGIN SELECT RAISE(ABORT, 'outbox: key and payload never change'); END;
`,
};
