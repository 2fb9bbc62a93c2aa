import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import { type Kopecks, kopecks } from '../../common/money.ts';
import { statement } from './db.ts';
import { intentFromRow, sessionFromRow } from './journal-rows.ts';
import type {
  SessionCredit,
  SessionRecord,
  SessionState,
  SessionStatus,
  StackIntent,
} from './journal-types.ts';
import { intColumn, kopecksColumn, oneOf } from './rows.ts';

export function readSession(db: DatabaseSync, sessionId: string): SessionRecord | null {
  const row = statement(db, 'SELECT * FROM deposit_session WHERE id = ?').get(sessionId);
  return row === undefined ? null : sessionFromRow(row);
}

function sessionStatus(db: DatabaseSync, sessionId: string): SessionStatus {
  const transfer = statement(db, 'SELECT 1 FROM transfer WHERE session_id = ?').get(sessionId);
  const cancel = statement(db, 'SELECT 1 FROM session_cancel WHERE session_id = ?').get(sessionId);
  assert(transfer === undefined || cancel === undefined, 'session both transferred and cancelled');
  if (transfer !== undefined) return 'transferred';
  return cancel === undefined ? 'open' : 'cancelled';
}

export function readSessionState(db: DatabaseSync, sessionId: string): SessionState | null {
  const session = readSession(db, sessionId);
  if (session === null) return null;
  const credits: SessionCredit[] = statement(
    db,
    `SELECT o.intent_id, o.kind, o.bill_type, o.credited_kopecks, o.at_ms
     FROM intent_outcome o JOIN stack_intent i ON i.id = o.intent_id
     WHERE i.session_id = ? AND o.kind <> 'returned' ORDER BY o.id`,
  )
    .all(sessionId)
    .map((row) => ({
      intentId: intColumn(row, 'intent_id'),
      kind: oneOf(row, 'kind', ['stacked', 'unresolved'] as const),
      billType: intColumn(row, 'bill_type'),
      noteKopecks: kopecksColumn(row, 'credited_kopecks'),
      atMs: intColumn(row, 'at_ms'),
    }));
  let accepted = 0;
  for (const credit of credits) accepted += credit.noteKopecks;
  const openRow = statement(
    db,
    `SELECT COUNT(*) AS n FROM open_intent x JOIN stack_intent i ON i.id = x.intent_id
     WHERE i.session_id = ?`,
  ).get(sessionId);
  assert(openRow !== undefined, 'open intent count');
  return {
    ...session,
    status: sessionStatus(db, sessionId),
    credits,
    acceptedKopecks: kopecks(accepted),
    openIntentCount: intColumn(openRow, 'n'),
  };
}

/** Sessions with neither a transfer nor a cancel row, oldest first. */
export function openSessionIds(db: DatabaseSync): string[] {
  return statement(
    db,
    `SELECT s.id FROM open_session x JOIN deposit_session s ON s.id = x.session_id
     ORDER BY s.opened_at_ms, s.rowid`,
  )
    .all()
    .map((row) => {
      const id = row.id;
      assert(typeof id === 'string', 'session id');
      return id;
    });
}

export function openIntents(db: DatabaseSync): StackIntent[] {
  return statement(
    db,
    'SELECT i.* FROM open_intent x JOIN stack_intent i ON i.id = x.intent_id ORDER BY x.intent_id',
  )
    .all()
    .map(intentFromRow);
}

export type InvariantReport = {
  /** Σ notes the journal says went into the cassette (stacked + unresolved credits). */
  cassetteNotesKopecks: Kopecks;
  /** Σ credits per session (sum of each session's credited outcomes). */
  creditsKopecks: Kopecks;
  transfersKopecks: Kopecks;
  openSessionsKopecks: Kopecks;
  /** Problems found, in words; empty when ok. */
  problems: readonly string[];
  ok: boolean;
};

function scalar(db: DatabaseSync, sql: string): number {
  const row = db.prepare(sql).get();
  assert(row !== undefined, 'scalar query');
  return intColumn(row, 'v');
}

/**
 * Σ cassette = Σ credits = Σ transfers + Σ open sessions (all time), plus the structural
 * rules: each transfer equals its session's credits and has an outbox row, cancelled sessions
 * hold no money. Run after recovery and by the crash tests.
 */
export function checkInvariant(db: DatabaseSync): InvariantReport {
  const cassette = scalar(
    db,
    `SELECT COALESCE(SUM(credited_kopecks), 0) AS v FROM intent_outcome
     WHERE kind IN ('stacked', 'unresolved')`,
  );
  const credits = scalar(
    db,
    `SELECT COALESCE(SUM(o.credited_kopecks), 0) AS v FROM intent_outcome o
     JOIN stack_intent i ON i.id = o.intent_id JOIN deposit_session s ON s.id = i.session_id`,
  );
  const transfers = scalar(db, 'SELECT COALESCE(SUM(accepted_kopecks), 0) AS v FROM transfer');
  const open = scalar(
    db,
    `SELECT COALESCE(SUM(o.credited_kopecks), 0) AS v FROM intent_outcome o
     JOIN stack_intent i ON i.id = o.intent_id
     WHERE NOT EXISTS (SELECT 1 FROM transfer t WHERE t.session_id = i.session_id)
       AND NOT EXISTS (SELECT 1 FROM session_cancel c WHERE c.session_id = i.session_id)`,
  );
  const problems: string[] = [];
  const staleIndex = scalar(
    db,
    `SELECT (SELECT COUNT(*) FROM open_intent x WHERE EXISTS
       (SELECT 1 FROM intent_outcome o WHERE o.intent_id = x.intent_id))
     + (SELECT COUNT(*) FROM stack_intent i WHERE NOT EXISTS
       (SELECT 1 FROM intent_outcome o WHERE o.intent_id = i.id)) -
       (SELECT COUNT(*) FROM open_intent) AS v`,
  );
  if (staleIndex !== 0) problems.push('open_intent index disagrees with the journal');
  if (cassette !== credits) problems.push(`cassette ${cassette} != credits ${credits}`);
  if (credits !== transfers + open) {
    problems.push(`credits ${credits} != transfers ${transfers} + open sessions ${open}`);
  }
  const badTransfers = scalar(
    db,
    `SELECT COUNT(*) AS v FROM transfer t WHERE t.accepted_kopecks <>
       (SELECT COALESCE(SUM(o.credited_kopecks), 0) FROM intent_outcome o
        JOIN stack_intent i ON i.id = o.intent_id WHERE i.session_id = t.session_id)
     OR NOT EXISTS (SELECT 1 FROM outbox x WHERE x.transfer_id = t.id)`,
  );
  if (badTransfers > 0) problems.push(`${badTransfers} transfer(s) off their credits or outbox`);
  const moneyInCancelled = scalar(
    db,
    `SELECT COUNT(*) AS v FROM session_cancel c JOIN stack_intent i ON i.session_id = c.session_id
     JOIN intent_outcome o ON o.intent_id = i.id WHERE o.credited_kopecks > 0`,
  );
  if (moneyInCancelled > 0) problems.push(`${moneyInCancelled} credit(s) in cancelled sessions`);
  return {
    cassetteNotesKopecks: kopecks(cassette),
    creditsKopecks: kopecks(credits),
    transfersKopecks: kopecks(transfers),
    openSessionsKopecks: kopecks(open),
    problems,
    ok: problems.length === 0,
  };
}
