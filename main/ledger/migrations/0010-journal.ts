import type { Migration } from './registry.ts';

/** Raises on any UPDATE or DELETE: journal rows are facts about money, never rewritten. */
function appendOnly(table: string): string {
  return `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END;`;
}

const sessionCreditsSql = (sessionExpr: string) => `
  (SELECT COALESCE(SUM(o.credited_kopecks), 0) FROM intent_outcome o
     JOIN stack_intent i ON i.id = o.intent_id WHERE i.session_id = ${sessionExpr})`;

const sessionOpenIntentSql = (sessionExpr: string) => `
  EXISTS (SELECT 1 FROM stack_intent i WHERE i.session_id = ${sessionExpr}
     AND NOT EXISTS (SELECT 1 FROM intent_outcome o WHERE o.intent_id = i.id))`;

const sessionClosedSql = (sessionExpr: string) => `
  (EXISTS (SELECT 1 FROM transfer t WHERE t.session_id = ${sessionExpr})
   OR EXISTS (SELECT 1 FROM session_cancel c WHERE c.session_id = ${sessionExpr}))`;

/**
 * The money journal (docs/ARCHITECTURE.md §4). A session is open until a transfer or cancel row.
 * A stack intent is written BEFORE STACK goes to the device; its one outcome row (stacked,
 * returned or unresolved) is UNIQUE per intent, so a note can never be credited twice.
 */
export const migration0010: Migration = {
  version: 10,
  name: '0010-journal',
  sql: `
CREATE TABLE deposit_session (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  recipient_json TEXT NOT NULL CHECK (json_valid(recipient_json)),
  payer_account_id TEXT,
  deposit_kopecks_max INTEGER NOT NULL CHECK (deposit_kopecks_max > 0),
  commission_basis_points INTEGER NOT NULL CHECK (commission_basis_points BETWEEN 0 AND 10000),
  commission_min_kopecks INTEGER NOT NULL CHECK (commission_min_kopecks >= 0),
  opened_at_ms INTEGER NOT NULL CHECK (opened_at_ms >= 0)
) STRICT;

CREATE TABLE session_cancel (
  session_id TEXT PRIMARY KEY REFERENCES deposit_session(id),
  reason TEXT NOT NULL CHECK (reason IN ('payer', 'idle-timeout', 'recovery')),
  cancelled_at_ms INTEGER NOT NULL CHECK (cancelled_at_ms >= 0)
) STRICT;

CREATE TABLE stack_intent (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL REFERENCES deposit_session(id),
  bill_type INTEGER NOT NULL CHECK (bill_type BETWEEN 0 AND 47),
  note_kopecks INTEGER NOT NULL CHECK (note_kopecks > 0),
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0)
) STRICT;
CREATE INDEX stack_intent_session ON stack_intent(session_id);

CREATE TABLE intent_outcome (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  intent_id INTEGER NOT NULL UNIQUE REFERENCES stack_intent(id),
  kind TEXT NOT NULL CHECK (kind IN ('stacked', 'returned', 'unresolved')),
  bill_type INTEGER NOT NULL CHECK (bill_type BETWEEN 0 AND 47),
  credited_kopecks INTEGER NOT NULL CHECK (credited_kopecks >= 0),
  at_ms INTEGER NOT NULL CHECK (at_ms >= 0),
  CHECK ((kind = 'returned') = (credited_kopecks = 0))
) STRICT;

CREATE TABLE unmatched_stacked (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  bill_type INTEGER NOT NULL CHECK (bill_type BETWEEN 0 AND 47),
  note_kopecks INTEGER NOT NULL CHECK (note_kopecks >= 0),
  at_ms INTEGER NOT NULL CHECK (at_ms >= 0)
) STRICT;

CREATE TABLE transfer (
  id TEXT PRIMARY KEY CHECK (length(id) = 36),
  session_id TEXT NOT NULL UNIQUE REFERENCES deposit_session(id),
  accepted_kopecks INTEGER NOT NULL CHECK (accepted_kopecks > 0),
  commission_kopecks INTEGER NOT NULL CHECK (commission_kopecks >= 0),
  credited_kopecks INTEGER NOT NULL CHECK (credited_kopecks >= 0),
  recipient_json TEXT NOT NULL CHECK (json_valid(recipient_json)),
  payer_account_id TEXT,
  recovered INTEGER NOT NULL CHECK (recovered IN (0, 1)),
  receipt_state TEXT NOT NULL CHECK (receipt_state IN ('pending', 'printed', 'unprinted')),
  created_at_ms INTEGER NOT NULL CHECK (created_at_ms >= 0),
  CHECK (commission_kopecks + credited_kopecks = accepted_kopecks)
) STRICT;
CREATE INDEX transfer_created ON transfer(created_at_ms);

${appendOnly('deposit_session')}
${appendOnly('session_cancel')}
${appendOnly('stack_intent')}
${appendOnly('intent_outcome')}
${appendOnly('unmatched_stacked')}

CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer
BEGIN SELECT RAISE(ABORT, 'transfer is append-only'); END;
CREATE TRIGGER transfer_money_frozen BEFORE UPDATE OF id, session_id, accepted_kopecks,
  commission_kopecks, credited_kopecks, recipient_json, payer_account_id, recovered,
  created_at_ms ON transfer
BEGIN SELECT RAISE(ABORT, 'transfer: only receipt_state may change'); END;
CREATE TRIGGER transfer_receipt_forward BEFORE UPDATE OF receipt_state ON transfer
  WHEN OLD.receipt_state = 'printed' OR NEW.receipt_state = 'pending'
BEGIN SELECT RAISE(ABORT, 'transfer: receipt_state only moves forward'); END;

CREATE TRIGGER stack_intent_session_open BEFORE INSERT ON stack_intent
  WHEN ${sessionClosedSql('NEW.session_id')}
BEGIN SELECT RAISE(ABORT, 'stack_intent: session is closed'); END;

CREATE TRIGGER transfer_session_settled BEFORE INSERT ON transfer
  WHEN ${sessionClosedSql('NEW.session_id')} OR ${sessionOpenIntentSql('NEW.session_id')}
    OR NEW.accepted_kopecks <> ${sessionCreditsSql('NEW.session_id')}
BEGIN SELECT RAISE(ABORT, 'transfer: session closed, has an open intent or amount mismatch'); END;

CREATE TRIGGER session_cancel_empty BEFORE INSERT ON session_cancel
  WHEN ${sessionClosedSql('NEW.session_id')} OR ${sessionOpenIntentSql('NEW.session_id')}
    OR ${sessionCreditsSql('NEW.session_id')} <> 0
BEGIN SELECT RAISE(ABORT, 'session_cancel: session closed, has an open intent or money'); END;
`,
};
