/**
 * Migration 210 (central/storage/schema-*.ts): letters follow their way to the facility and
 * back. A letter keeps the facility it was addressed to (an inmate moved later does not move a
 * letter already delivered), when it was delivered and answered; the scanned reply lives in
 * `letter_replies`, one per letter, its bytes in the database (docs/PAYER-APP.md § Letters
 * says why not the data directory). The console gains the `facility-staff` role: SQLite
 * cannot change a CHECK in place, so console_users is rebuilt with its rows (foreign keys
 * deferred to the commit, where they are checked again).
 */

const REPLY_BYTES_MAX = 5 * 1024 * 1024;

export const LETTERS_SQLITE_SQL = `
  ALTER TABLE letters ADD COLUMN facility_id TEXT;
  ALTER TABLE letters ADD COLUMN delivered_at_ms INTEGER;
  ALTER TABLE letters ADD COLUMN answered_at_ms INTEGER;
  UPDATE letters SET facility_id = (SELECT facility_id FROM inmates WHERE inmates.ref = letters.inmate_ref);
  CREATE INDEX letters_by_facility ON letters(facility_id, created_at_ms);
  CREATE TABLE letter_replies (
    letter_id TEXT PRIMARY KEY REFERENCES letters(id),
    content_type TEXT NOT NULL
      CHECK (content_type IN ('image/png', 'image/jpeg', 'application/pdf')),
    size_bytes INTEGER NOT NULL CHECK (size_bytes > 0 AND size_bytes <= ${REPLY_BYTES_MAX}),
    sha256 TEXT NOT NULL, bytes BLOB NOT NULL, file_name TEXT NOT NULL,
    uploaded_by TEXT NOT NULL, uploaded_at_ms INTEGER NOT NULL, sms_sent_at_ms INTEGER
  ) STRICT;
  PRAGMA defer_foreign_keys = ON;
  CREATE TEMP TABLE console_users_before_210 AS SELECT * FROM console_users;
  DROP TABLE console_users;
  CREATE TABLE console_users (
    id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, email TEXT,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'collector-manager',
      'administrator', 'facility-staff')),
    scope TEXT NOT NULL CHECK (json_valid(scope)), password_hash TEXT NOT NULL,
    totp_secret TEXT, totp_pending_secret TEXT, totp_last_step INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL
  ) STRICT;
  INSERT INTO console_users SELECT * FROM console_users_before_210;
  DROP TABLE console_users_before_210;
`;

export const LETTERS_POSTGRES_SQL = `
  ALTER TABLE letters ADD COLUMN facility_id TEXT;
  ALTER TABLE letters ADD COLUMN delivered_at_ms BIGINT;
  ALTER TABLE letters ADD COLUMN answered_at_ms BIGINT;
  UPDATE letters SET facility_id = (SELECT facility_id FROM inmates WHERE inmates.ref = letters.inmate_ref);
  CREATE INDEX letters_by_facility ON letters(facility_id, created_at_ms);
  CREATE TABLE letter_replies (
    letter_id TEXT PRIMARY KEY REFERENCES letters(id),
    content_type TEXT NOT NULL
      CHECK (content_type IN ('image/png', 'image/jpeg', 'application/pdf')),
    size_bytes BIGINT NOT NULL CHECK (size_bytes > 0 AND size_bytes <= ${REPLY_BYTES_MAX}),
    sha256 TEXT NOT NULL, bytes BYTEA NOT NULL, file_name TEXT NOT NULL,
    uploaded_by TEXT NOT NULL, uploaded_at_ms BIGINT NOT NULL, sms_sent_at_ms BIGINT
  );
  ALTER TABLE console_users DROP CONSTRAINT console_users_role_check;
  ALTER TABLE console_users ADD CONSTRAINT console_users_role_check CHECK (role IN
    ('viewer', 'operator', 'collector-manager', 'administrator', 'facility-staff'));
`;
