/**
 * The operator console's tables (one migration in central/db.ts): its users, their sessions,
 * the audit log, the heartbeat history behind each terminal's timeline, alerts and their
 * deliveries, and the console's settings (alert rules). Only central/console/store-*.ts reads
 * or writes them.
 */
export const CONSOLE_MIGRATION_SQL = `
  CREATE TABLE console_users (
    id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, email TEXT,
    role TEXT NOT NULL
      CHECK (role IN ('viewer', 'operator', 'collector-manager', 'administrator')),
    scope TEXT NOT NULL CHECK (json_valid(scope)), password_hash TEXT NOT NULL,
    totp_secret TEXT, totp_pending_secret TEXT, totp_last_step INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES console_users(id),
    created_at_ms INTEGER NOT NULL, last_seen_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX console_sessions_by_user ON console_sessions(user_id);
  CREATE TABLE console_audit (
    id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, user_id TEXT, login TEXT NOT NULL,
    action TEXT NOT NULL, target TEXT NOT NULL, detail TEXT NOT NULL CHECK (json_valid(detail)),
    ip TEXT NOT NULL
  ) STRICT;
  CREATE INDEX console_audit_by_time ON console_audit(at_ms);
  CREATE TABLE console_heartbeats (
    terminal_id TEXT NOT NULL, received_at_ms INTEGER NOT NULL,
    body TEXT NOT NULL CHECK (json_valid(body))
  ) STRICT;
  CREATE INDEX console_heartbeats_by_terminal ON console_heartbeats(terminal_id, received_at_ms);
  CREATE TABLE console_alerts (
    id TEXT PRIMARY KEY, terminal_id TEXT NOT NULL, kind TEXT NOT NULL,
    severity TEXT NOT NULL CHECK (severity IN ('warning', 'critical')), detail TEXT NOT NULL,
    opened_at_ms INTEGER NOT NULL, resolved_at_ms INTEGER, acked_at_ms INTEGER,
    acked_by TEXT, ack_note TEXT
  ) STRICT;
  CREATE UNIQUE INDEX console_alerts_open ON console_alerts(terminal_id, kind)
    WHERE resolved_at_ms IS NULL;
  CREATE INDEX console_alerts_by_time ON console_alerts(opened_at_ms);
  CREATE TABLE console_alert_deliveries (
    alert_id TEXT NOT NULL REFERENCES console_alerts(id), channel TEXT NOT NULL,
    target TEXT NOT NULL, ok INTEGER NOT NULL CHECK (ok IN (0, 1)), error TEXT,
    attempted_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX console_alert_deliveries_by_alert ON console_alert_deliveries(alert_id);
  CREATE TABLE console_settings (
    key TEXT PRIMARY KEY, value TEXT NOT NULL CHECK (json_valid(value)),
    updated_at_ms INTEGER NOT NULL
  ) STRICT;
`;
