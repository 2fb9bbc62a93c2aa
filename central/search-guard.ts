/**
 * Central's store for the search sweep guard (common/search-guard.ts): in its database, not
 * in process memory, so several central processes share one count, and a restart does not
 * hand a sweeper a fresh allowance. Names are kept only as a SHA-256 of their search keys.
 */
import { createHash } from 'node:crypto';
import {
  checkSearch,
  type GuardKey,
  type GuardStore,
  type GuardVerdict,
  SEARCH_GUARD,
  type SearchProbe,
} from '../common/search-guard.ts';
import { type CentralDb, inTransaction } from './db.ts';

/** Stale rows are deleted every this many checks (cheap: an index range). */
const PRUNE_EVERY_CHECKS = 256;

export type SearchGuard = {
  check(keys: readonly GuardKey[], probe: SearchProbe, nowMs: number): GuardVerdict;
  prune(nowMs: number): void;
};

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

export function createSearchGuard(db: CentralDb): SearchGuard {
  db.exec(`CREATE TABLE IF NOT EXISTS search_guard (
      scope TEXT NOT NULL,
      name_hash TEXT NOT NULL,
      facility_id TEXT NOT NULL,
      birth_year INTEGER NOT NULL,
      at_ms INTEGER NOT NULL,
      PRIMARY KEY (scope, name_hash, facility_id, birth_year)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS search_guard_at ON search_guard (at_ms);
    CREATE TABLE IF NOT EXISTS search_guard_dates (
      scope TEXT NOT NULL,
      name_hash TEXT NOT NULL,
      facility_id TEXT NOT NULL,
      birth_year INTEGER NOT NULL,
      birth_date TEXT NOT NULL,
      at_ms INTEGER NOT NULL,
      PRIMARY KEY (scope, name_hash, facility_id, birth_year, birth_date)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS search_guard_dates_at ON search_guard_dates (at_ms);`);
  const dateSeen = db.prepare(
    `SELECT 1 FROM search_guard_dates WHERE scope = ? AND name_hash = ? AND facility_id = ?
       AND birth_year = ? AND birth_date = ? AND at_ms >= ?`,
  );
  const dates = db.prepare(
    'SELECT COUNT(*) AS n FROM search_guard_dates WHERE scope = ? AND name_hash = ? AND at_ms >= ?',
  );
  const recordDate = db.prepare(
    `INSERT INTO search_guard_dates (scope, name_hash, facility_id, birth_year, birth_date, at_ms)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, name_hash, facility_id, birth_year, birth_date)
       DO UPDATE SET at_ms = excluded.at_ms`,
  );
  const pruneDates = db.prepare('DELETE FROM search_guard_dates WHERE at_ms < ?');
  const seen = db.prepare(
    `SELECT 1 FROM search_guard WHERE scope = ? AND name_hash = ? AND facility_id = ?
       AND birth_year = ? AND at_ms >= ?`,
  );
  const years = db.prepare(
    'SELECT COUNT(*) AS n FROM search_guard WHERE scope = ? AND name_hash = ? AND at_ms >= ?',
  );
  const names = db.prepare(
    'SELECT COUNT(DISTINCT name_hash) AS n FROM search_guard WHERE scope = ? AND at_ms >= ?',
  );
  const record = db.prepare(
    `INSERT INTO search_guard (scope, name_hash, facility_id, birth_year, at_ms)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (scope, name_hash, facility_id, birth_year) DO UPDATE SET at_ms = excluded.at_ms`,
  );
  const prune = db.prepare('DELETE FROM search_guard WHERE at_ms < ?');
  const scopeOf = (key: GuardKey) => `${key.scope}:${key.id}`;
  const count = (row: unknown) => Number((row as { n: number }).n);
  const store: GuardStore = {
    atomically: (work) => inTransaction(db, work),
    seen: (key, probe, sinceMs) =>
      seen.get(
        scopeOf(key),
        hashOf(probe.nameFingerprint),
        probe.facilityId,
        probe.birthYear,
        sinceMs,
      ) !== undefined,
    yearsOf: (key, name, sinceMs) => count(years.get(scopeOf(key), hashOf(name), sinceMs)),
    nameSeen: (key, name, sinceMs) => count(years.get(scopeOf(key), hashOf(name), sinceMs)) > 0,
    namesOf: (key, sinceMs) => count(names.get(scopeOf(key), sinceMs)),
    dateSeen: (key, probe, sinceMs) =>
      dateSeen.get(
        scopeOf(key),
        hashOf(probe.nameFingerprint),
        probe.facilityId,
        probe.birthYear,
        probe.birthDate ?? '',
        sinceMs,
      ) !== undefined,
    datesOf: (key, name, sinceMs) => count(dates.get(scopeOf(key), hashOf(name), sinceMs)),
    record: (key, probe, nowMs) => {
      if ((probe.birthDate ?? '') !== '') {
        recordDate.run(
          scopeOf(key),
          hashOf(probe.nameFingerprint),
          probe.facilityId,
          probe.birthYear,
          probe.birthDate ?? '',
          nowMs,
        );
      }
      record.run(
        scopeOf(key),
        hashOf(probe.nameFingerprint),
        probe.facilityId,
        probe.birthYear,
        nowMs,
      );
    },
  };
  const pruneAll = (nowMs: number): void => {
    prune.run(nowMs - SEARCH_GUARD.windowMs);
    pruneDates.run(nowMs - SEARCH_GUARD.windowMs);
  };
  let checks = 0;
  return {
    check(keys, probe, nowMs) {
      checks += 1;
      if (checks % PRUNE_EVERY_CHECKS === 0) pruneAll(nowMs);
      return checkSearch(store, keys, probe, nowMs);
    },
    prune: (nowMs) => pruneAll(nowMs),
  };
}
