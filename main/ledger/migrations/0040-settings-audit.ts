import type { Migration } from './registry.ts';

/** Operator settings (key → JSON value) and an append-only audit log for service mode. */
export const migration0040: Migration = {
  version: 40,
  name: '0040-settings-audit',
  sql: `
CREATE TABLE setting (
  key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
  value_json TEXT NOT NULL CHECK (json_valid(value_json)),
  updated_at_ms INTEGER NOT NULL CHECK (updated_at_ms >= 0)
) STRICT;

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL CHECK (at_ms >= 0),
  actor TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
  action TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
  detail_json TEXT NOT NULL CHECK (json_valid(detail_json))
) STRICT;
CREATE INDEX audit_log_at ON audit_log(at_ms);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
`,
};
