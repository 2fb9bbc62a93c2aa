import type { Migration } from './registry.ts';

/**
 * A letter typed at the kiosk and paid in cash (common/letter.ts) is written with its deposit
 * session when the session opens, and again on the transfer when the cash covered its price:
 * the letter then rides with the outbox row of that transfer. Both columns are frozen like the
 * money columns around them; NULL on every row written before this version.
 */
export const migration0060: Migration = {
  version: 60,
  name: '0060-cash-letters',
  sql: `
ALTER TABLE deposit_session ADD COLUMN letter_json TEXT
  CHECK (letter_json IS NULL OR json_valid(letter_json));
ALTER TABLE transfer ADD COLUMN letter_json TEXT
  CHECK (letter_json IS NULL OR json_valid(letter_json));
CREATE TRIGGER transfer_letter_frozen BEFORE UPDATE OF letter_json ON transfer
BEGIN SELECT RAISE(ABORT, 'transfer: only receipt_state may change'); END;
`,
};
