import type { Migration } from './registry.ts';

/**
 * The sender's name of a payment made by a logged-in payer, as their account at central holds
 * it (set once there, then locked), so the receipt, its copies and a payment recovered after a
 * crash print «Отправитель: …». Written once when the session opens and copied onto its
 * transfer; NULL for an anonymous payer and on rows written before this version.
 */
export const migration0110: Migration = {
  version: 110,
  name: '0110-sender-name',
  sql: `
ALTER TABLE deposit_session ADD COLUMN sender_name TEXT
  CHECK (sender_name IS NULL OR length(sender_name) BETWEEN 1 AND 200);
ALTER TABLE transfer ADD COLUMN sender_name TEXT
  CHECK (sender_name IS NULL OR length(sender_name) BETWEEN 1 AND 200);
`,
};
