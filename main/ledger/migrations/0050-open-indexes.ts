import type { Migration } from './registry.ts';

/**
 * Open intents and open sessions as small index tables kept by triggers in the same
 * transaction as the journal row. Without them, "oldest open intent" scans every intent ever
 * written (NOT EXISTS per row): a year of notes would slow every credit.
 */
export const migration0050: Migration = {
  version: 50,
  name: '0050-open-indexes',
  sql: `
CREATE TABLE open_intent (
  intent_id INTEGER PRIMARY KEY REFERENCES stack_intent(id)
) STRICT;
INSERT INTO open_intent (intent_id)
  SELECT i.id FROM stack_intent i
  WHERE NOT EXISTS (SELECT 1 FROM intent_outcome o WHERE o.intent_id = i.id);
CREATE TRIGGER open_intent_add AFTER INSERT ON stack_intent
BEGIN INSERT INTO open_intent (intent_id) VALUES (NEW.id); END;
CREATE TRIGGER open_intent_remove AFTER INSERT ON intent_outcome
BEGIN DELETE FROM open_intent WHERE intent_id = NEW.intent_id; END;

CREATE TABLE open_session (
  session_id TEXT PRIMARY KEY REFERENCES deposit_session(id)
) STRICT;
INSERT INTO open_session (session_id)
  SELECT s.id FROM deposit_session s
  WHERE NOT EXISTS (SELECT 1 FROM transfer t WHERE t.session_id = s.id)
    AND NOT EXISTS (SELECT 1 FROM session_cancel c WHERE c.session_id = s.id);
CREATE TRIGGER open_session_add AFTER INSERT ON deposit_session
BEGIN INSERT INTO open_session (session_id) VALUES (NEW.id); END;
CREATE TRIGGER open_session_transferred AFTER INSERT ON transfer
BEGIN DELETE FROM open_session WHERE session_id = NEW.session_id; END;
CREATE TRIGGER open_session_cancelled AFTER INSERT ON session_cancel
BEGIN DELETE FROM open_session WHERE session_id = NEW.session_id; END;
`,
};
