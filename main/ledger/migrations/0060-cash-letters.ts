import type { Migration } from './registry.ts';

/**
 * A letter typed at the kiosk and paid in cash (common/letter.ts). Its terms (who, pages,
 * blanks, price) are written with its deposit session when the session opens and again on the
 * transfer; both columns are frozen like the money columns around them, NULL on every row
 * written before this version.
 *
 * Its text is not a money fact and not ours to keep: it lives in letter_text only until it has
 * no more use — central acknowledged the outbox row that carried it, the session was cancelled,
 * or the cash fell short of the price (the letter is not sent). Triggers delete it in the same
 * transaction as that fact, so no path can forget to.
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

CREATE TABLE letter_text (
  letter_id TEXT PRIMARY KEY CHECK (length(letter_id) = 36),
  body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000)
) STRICT;

CREATE TRIGGER letter_text_sent AFTER UPDATE OF delivered_at_ms ON outbox
  WHEN NEW.delivered_at_ms IS NOT NULL AND json_extract(NEW.payload_json, '$.letter') IS NOT NULL
BEGIN
  DELETE FROM letter_text WHERE letter_id = json_extract(NEW.payload_json, '$.letter.letterId');
END;
CREATE TRIGGER letter_text_cancelled AFTER INSERT ON session_cancel
BEGIN
  DELETE FROM letter_text WHERE letter_id = (SELECT json_extract(letter_json, '$.letterId')
    FROM deposit_session WHERE id = NEW.session_id);
END;
CREATE TRIGGER letter_text_unpaid AFTER INSERT ON transfer
  WHEN NEW.letter_json IS NOT NULL
    AND NEW.accepted_kopecks < json_extract(NEW.letter_json, '$.priceKopecks')
BEGIN
  DELETE FROM letter_text WHERE letter_id = json_extract(NEW.letter_json, '$.letterId');
END;
`,
};
