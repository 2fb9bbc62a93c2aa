/**
 * Migration 200 of central/storage/schema-*.ts, the console's second part: remote commands to
 * kiosks and the files they send back (logs, screenshots), configuration layers (defaults,
 * per region, per group) that a terminal's own overrides sit on, terminal groups, and the
 * facts of an alert (its numbers, so the console words them in the reader's language).
 */
const COMMAND_STATUSES = `'sent', 'acknowledged', 'done', 'refused', 'failed', 'expired'`;

export const FLEET_SQLITE_SQL = `
  CREATE TABLE terminal_commands (
    terminal_id TEXT NOT NULL, command_id INTEGER NOT NULL CHECK (command_id >= 1),
    kind TEXT NOT NULL, args TEXT NOT NULL CHECK (json_valid(args)),
    status TEXT NOT NULL CHECK (status IN (${COMMAND_STATUSES})),
    reason TEXT, detail TEXT, payload TEXT NOT NULL, signature TEXT NOT NULL,
    created_by TEXT NOT NULL, created_at_ms INTEGER NOT NULL, expires_at_ms INTEGER NOT NULL,
    delivered_at_ms INTEGER, acknowledged_at_ms INTEGER, finished_at_ms INTEGER,
    PRIMARY KEY (terminal_id, command_id)
  ) STRICT;
  CREATE INDEX terminal_commands_open ON terminal_commands(terminal_id, status);
  CREATE TABLE terminal_command_files (
    terminal_id TEXT NOT NULL, command_id INTEGER NOT NULL, kind TEXT NOT NULL,
    content TEXT NOT NULL, byte_count INTEGER NOT NULL, meta TEXT NOT NULL
      CHECK (json_valid(meta)),
    received_at_ms INTEGER NOT NULL,
    PRIMARY KEY (terminal_id, command_id),
    FOREIGN KEY (terminal_id, command_id) REFERENCES terminal_commands(terminal_id, command_id)
  ) STRICT;
  CREATE TABLE config_layers (
    layer TEXT PRIMARY KEY, overrides TEXT NOT NULL CHECK (json_valid(overrides)),
    version INTEGER NOT NULL CHECK (version >= 1), updated_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE terminal_groups (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at_ms INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE terminal_group_members (
    terminal_id TEXT PRIMARY KEY, group_id TEXT NOT NULL REFERENCES terminal_groups(id)
  ) STRICT;
  ALTER TABLE console_alerts ADD COLUMN facts TEXT CHECK (facts IS NULL OR json_valid(facts));
`;

export const FLEET_POSTGRES_SQL = `
  CREATE TABLE terminal_commands (
    terminal_id TEXT NOT NULL, command_id BIGINT NOT NULL CHECK (command_id >= 1),
    kind TEXT NOT NULL, args TEXT NOT NULL CHECK (args IS JSON),
    status TEXT NOT NULL CHECK (status IN (${COMMAND_STATUSES})),
    reason TEXT, detail TEXT, payload TEXT NOT NULL, signature TEXT NOT NULL,
    created_by TEXT NOT NULL, created_at_ms BIGINT NOT NULL, expires_at_ms BIGINT NOT NULL,
    delivered_at_ms BIGINT, acknowledged_at_ms BIGINT, finished_at_ms BIGINT,
    PRIMARY KEY (terminal_id, command_id)
  );
  CREATE INDEX terminal_commands_open ON terminal_commands(terminal_id, status);
  CREATE TABLE terminal_command_files (
    terminal_id TEXT NOT NULL, command_id BIGINT NOT NULL, kind TEXT NOT NULL,
    content TEXT NOT NULL, byte_count BIGINT NOT NULL, meta TEXT NOT NULL CHECK (meta IS JSON),
    received_at_ms BIGINT NOT NULL,
    PRIMARY KEY (terminal_id, command_id),
    FOREIGN KEY (terminal_id, command_id) REFERENCES terminal_commands(terminal_id, command_id)
  );
  CREATE TABLE config_layers (
    layer TEXT PRIMARY KEY, overrides TEXT NOT NULL CHECK (overrides IS JSON),
    version BIGINT NOT NULL CHECK (version >= 1), updated_at_ms BIGINT NOT NULL
  );
  CREATE TABLE terminal_groups (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at_ms BIGINT NOT NULL
  );
  CREATE TABLE terminal_group_members (
    terminal_id TEXT PRIMARY KEY, group_id TEXT NOT NULL REFERENCES terminal_groups(id)
  );
  ALTER TABLE console_alerts ADD COLUMN facts TEXT CHECK (facts IS NULL OR facts IS JSON);
`;
