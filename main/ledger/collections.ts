import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import { type Kopecks, kopecks } from '../../common/money.ts';
import { inTransaction, statement } from './db.ts';
import { intColumn, kopecksColumn, textColumn } from './rows.ts';

export type DenominationTotal = { noteKopecks: Kopecks; count: number; totalKopecks: Kopecks };

export type CassetteTotals = {
  /** Journal position the current period starts after (0 = since the beginning). */
  afterOutcomeId: number;
  throughOutcomeId: number;
  startedAtMs: number;
  denominations: readonly DenominationTotal[];
  totalKopecks: Kopecks;
  /** Credits made without device evidence: the operator checks them against the count. */
  unresolvedCount: number;
  unmatchedStackedCount: number;
};

function lastCollection(db: DatabaseSync): { throughOutcomeId: number; endedAtMs: number } {
  const row = statement(
    db,
    'SELECT through_outcome_id, ended_at_ms FROM collection ORDER BY id DESC LIMIT 1',
  ).get();
  if (row === undefined) return { throughOutcomeId: 0, endedAtMs: 0 };
  return {
    throughOutcomeId: intColumn(row, 'through_outcome_id'),
    endedAtMs: intColumn(row, 'ended_at_ms'),
  };
}

/**
 * Before the first collection the period starts at the first note the kiosk ever took (0 when
 * it has taken none): there is no earlier collection to count from.
 */
function firstNoteAtMs(db: DatabaseSync): number {
  const row = statement(db, 'SELECT COALESCE(MIN(created_at_ms), 0) AS v FROM stack_intent').get();
  return row === undefined ? 0 : intColumn(row, 'v');
}

/** What should be in the cassette now: credits since the last collection, per denomination. */
export function totalsSinceLastCollection(db: DatabaseSync): CassetteTotals {
  const last = lastCollection(db);
  const through = statement(db, 'SELECT COALESCE(MAX(id), 0) AS v FROM intent_outcome').get();
  assert(through !== undefined, 'totals: max outcome');
  const rows = statement(
    db,
    `SELECT credited_kopecks AS note, COUNT(*) AS n, SUM(credited_kopecks) AS total
     FROM intent_outcome WHERE id > ? AND kind IN ('stacked', 'unresolved')
     GROUP BY credited_kopecks ORDER BY credited_kopecks`,
  ).all(last.throughOutcomeId);
  const denominations = rows.map((row) => ({
    noteKopecks: kopecksColumn(row, 'note'),
    count: intColumn(row, 'n'),
    totalKopecks: kopecksColumn(row, 'total'),
  }));
  const unresolved = statement(
    db,
    `SELECT COUNT(*) AS v FROM intent_outcome WHERE id > ? AND kind = 'unresolved'`,
  ).get(last.throughOutcomeId);
  const unmatched = statement(
    db,
    'SELECT COUNT(*) AS v FROM unmatched_stacked WHERE at_ms >= ?',
  ).get(last.endedAtMs);
  let total = 0;
  for (const row of denominations) total += row.totalKopecks;
  return {
    afterOutcomeId: last.throughOutcomeId,
    throughOutcomeId: intColumn(through, 'v'),
    startedAtMs:
      last.throughOutcomeId > 0 || last.endedAtMs > 0 ? last.endedAtMs : firstNoteAtMs(db),
    denominations,
    totalKopecks: kopecks(total),
    unresolvedCount: unresolved === undefined ? 0 : intColumn(unresolved, 'v'),
    unmatchedStackedCount: unmatched === undefined ? 0 : intColumn(unmatched, 'v'),
  };
}

export type CollectionInput = {
  operatorId: string;
  endedAtMs: number;
  /** What the operator counted, per denomination. */
  counted: readonly { noteKopecks: Kopecks; count: number }[];
  comment: string;
};

export type CollectionRecord = {
  collectionId: number;
  expectedKopecks: Kopecks;
  countedKopecks: Kopecks;
  mismatch: boolean;
  comment: string;
};

/** Closes the period at the current journal position; a mismatch needs a comment. */
export function recordCollection(db: DatabaseSync, input: CollectionInput): CollectionRecord {
  assert(input.operatorId.length > 0, 'collection: operator');
  return inTransaction(db, () => {
    const totals = totalsSinceLastCollection(db);
    const notes = new Set<number>([
      ...totals.denominations.map((row) => row.noteKopecks),
      ...input.counted.map((row) => row.noteKopecks),
    ]);
    let counted = 0;
    for (const row of input.counted) {
      assert(Number.isSafeInteger(row.count) && row.count >= 0, 'collection: count');
      counted += row.noteKopecks * row.count;
    }
    const mismatch = counted !== totals.totalKopecks;
    assert(!mismatch || input.comment.trim().length > 0, 'collection: mismatch needs a comment');
    const result = statement(
      db,
      `INSERT INTO collection (through_outcome_id, started_at_ms, ended_at_ms, expected_kopecks,
         counted_kopecks, mismatch, unresolved_count, comment, operator_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      totals.throughOutcomeId,
      totals.startedAtMs,
      Math.max(input.endedAtMs, totals.startedAtMs),
      totals.totalKopecks,
      counted,
      mismatch ? 1 : 0,
      totals.unresolvedCount,
      input.comment,
      input.operatorId,
    );
    const collectionId = Number(result.lastInsertRowid);
    for (const note of [...notes].sort((a, b) => a - b)) {
      const expected = totals.denominations.find((row) => row.noteKopecks === note)?.count ?? 0;
      const countedNotes = input.counted
        .filter((row) => row.noteKopecks === note)
        .reduce((sum, row) => sum + row.count, 0);
      statement(
        db,
        `INSERT INTO collection_count (collection_id, note_kopecks, expected_count, counted_count)
         VALUES (?, ?, ?, ?)`,
      ).run(collectionId, note, expected, countedNotes);
    }
    const back = statement(db, 'SELECT * FROM collection WHERE id = ?').get(collectionId);
    assert(back !== undefined, 'collection: read-back');
    assert(kopecksColumn(back, 'expected_kopecks') === totals.totalKopecks, 'collection: back');
    return {
      collectionId,
      expectedKopecks: totals.totalKopecks,
      countedKopecks: kopecks(counted),
      mismatch,
      comment: textColumn(back, 'comment'),
    };
  });
}
