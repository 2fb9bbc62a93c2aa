import type { Migration } from './registry.ts';

/**
 * The version of central's terminal configuration a session's terms came from, so the terms
 * shown, the receipt and the outbox row can name it. Written once when the session opens;
 * NULL on sessions opened before this version (and when the kiosk had no configuration).
 */
export const migration0080: Migration = {
  version: 80,
  name: '0080-config-version',
  sql: `
ALTER TABLE deposit_session ADD COLUMN config_version INTEGER
  CHECK (config_version IS NULL OR config_version >= 1);
`,
};
