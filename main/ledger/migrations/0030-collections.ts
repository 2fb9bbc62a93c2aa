import type { Migration } from './registry.ts';

/**
 * Инкассация. A period is bounded by journal position, not by clock: it covers the
 * intent_outcome rows with id in (previous through_outcome_id, this through_outcome_id], so a
 * clock jump cannot move a note between periods.
 */
export const migration0030: Migration = {
  version: 30,
  name: '0030-collections',
  sql: `
CREATE TABLE collection (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  through_outcome_id INTEGER NOT NULL CHECK (through_outcome_id >= 0),
  started_at_ms INTEGER NOT NULL CHECK (started_at_ms >= 0),
  ended_at_ms INTEGER NOT NULL CHECK (ended_at_ms >= started_at_ms),
  expected_kopecks INTEGER NOT NULL CHECK (expected_kopecks >= 0),
  counted_kopecks INTEGER NOT NULL CHECK (counted_kopecks >= 0),
  mismatch INTEGER NOT NULL CHECK (mismatch IN (0, 1)),
  unresolved_count INTEGER NOT NULL CHECK (unresolved_count >= 0),
  comment TEXT NOT NULL,
  operator_id TEXT NOT NULL CHECK (length(operator_id) > 0),
  CHECK (mismatch = (expected_kopecks <> counted_kopecks)),
  CHECK (mismatch = 0 OR length(comment) > 0)
) STRICT;

CREATE TABLE collection_count (
  collection_id INTEGER NOT NULL REFERENCES collection(id),
  note_kopecks INTEGER NOT NULL CHECK (note_kopecks > 0),
  expected_count INTEGER NOT NULL CHECK (expected_count >= 0),
  counted_count INTEGER NOT NULL CHECK (counted_count >= 0),
  PRIMARY KEY (collection_id, note_kopecks)
) STRICT;

CREATE TRIGGER collection_no_update BEFORE UPDATE ON collection
BEGIN SELECT RAISE(ABORT, 'collection is append-only'); END;
CREATE TRIGGER collection_no_delete BEFORE DELETE ON collection
BEGIN SELECT RAISE(ABORT, 'collection is append-only'); END;
CREATE TRIGGER collection_count_no_update BEFORE UPDATE ON collection_count
BEGIN SELECT RAISE(ABORT, 'collection_count is append-only'); END;
CREATE TRIGGER collection_count_no_delete BEFORE DELETE ON collection_count
BEGIN SELECT RAISE(ABORT, 'collection_count is append-only'); END;
`,
};
