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
import { type CentralDb, statement } from './db.ts';

/** Stale rows are deleted every this many checks (cheap: an index range). */
const PRUNE_EVERY_CHECKS = 256;

export type SearchGuard = {
  check(keys: readonly GuardKey[], probe: SearchProbe, nowMs: number): Promise<GuardVerdict>;
  prune(nowMs: number): Promise<void>;
};

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** What common/search-guard.ts asks of one scope about one probe, read in one go. */
type ScopeCounts = {
  seen: boolean;
  years: number;
  names: number;
  dateSeen: boolean;
  dates: number;
};

/**
 * checkSearch (common/search-guard.ts) is synchronous and asks only about the probe's own name,
 * so its answers are read first, per scope, inside the transaction, and its records written
 * after it decided: the same decision as asking the database question by question.
 */
function snapshotStore(
  counts: ReadonlyMap<string, ScopeCounts>,
  probe: SearchProbe,
  records: GuardKey[],
): GuardStore {
  const of = (key: GuardKey, name: string): ScopeCounts => {
    const found = counts.get(`${key.scope}:${key.id}`);
    if (found === undefined || name !== probe.nameFingerprint) {
      throw new Error('search guard: asked about a scope or name it did not read');
    }
    return found;
  };
  return {
    atomically: (work) => work(),
    seen: (key) => of(key, probe.nameFingerprint).seen,
    yearsOf: (key, name) => of(key, name).years,
    nameSeen: (key, name) => of(key, name).years > 0,
    namesOf: (key) => of(key, probe.nameFingerprint).names,
    dateSeen: (key) => of(key, probe.nameFingerprint).dateSeen,
    datesOf: (key, name) => of(key, name).dates,
    record: (key) => {
      records.push(key);
    },
  };
}

export function createSearchGuard(db: CentralDb): SearchGuard {
  const dateSeen = statement(
    db,
    `SELECT 1 FROM search_guard_dates WHERE scope = ? AND name_hash = ? AND facility_id = ?
       AND birth_year = ? AND birth_date = ? AND at_ms >= ?`,
  );
  const dates = statement(
    db,
    'SELECT COUNT(*) AS n FROM search_guard_dates WHERE scope = ? AND name_hash = ? AND at_ms >= ?',
  );
  const recordDate = statement(
    db,
    `INSERT INTO search_guard_dates (scope, name_hash, facility_id, birth_year, birth_date, at_ms)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, name_hash, facility_id, birth_year, birth_date)
       DO UPDATE SET at_ms = excluded.at_ms`,
  );
  const pruneDates = statement(db, 'DELETE FROM search_guard_dates WHERE at_ms < ?');
  const seen = statement(
    db,
    `SELECT 1 FROM search_guard WHERE scope = ? AND name_hash = ? AND facility_id = ?
       AND birth_year = ? AND at_ms >= ?`,
  );
  const years = statement(
    db,
    'SELECT COUNT(*) AS n FROM search_guard WHERE scope = ? AND name_hash = ? AND at_ms >= ?',
  );
  const names = statement(
    db,
    'SELECT COUNT(DISTINCT name_hash) AS n FROM search_guard WHERE scope = ? AND at_ms >= ?',
  );
  const record = statement(
    db,
    `INSERT INTO search_guard (scope, name_hash, facility_id, birth_year, at_ms)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (scope, name_hash, facility_id, birth_year) DO UPDATE SET at_ms = excluded.at_ms`,
  );
  const prune = statement(db, 'DELETE FROM search_guard WHERE at_ms < ?');
  const scopeOf = (key: GuardKey) => `${key.scope}:${key.id}`;
  const count = (row: { n: number } | undefined) => Number(row?.n ?? 0);
  const read = async (key: GuardKey, probe: SearchProbe, sinceMs: number) => {
    const scope = scopeOf(key);
    const name = hashOf(probe.nameFingerprint);
    const date = probe.birthDate ?? '';
    const where = [scope, name, probe.facilityId, probe.birthYear] as const;
    return {
      seen: (await seen.get(...where, sinceMs)) !== undefined,
      years: count(await years.get(scope, name, sinceMs)),
      names: count(await names.get(scope, sinceMs)),
      dateSeen: date !== '' && (await dateSeen.get(...where, date, sinceMs)) !== undefined,
      dates: date === '' ? 0 : count(await dates.get(scope, name, sinceMs)),
    } satisfies ScopeCounts;
  };
  const write = async (key: GuardKey, probe: SearchProbe, nowMs: number) => {
    const where = [scopeOf(key), hashOf(probe.nameFingerprint), probe.facilityId, probe.birthYear];
    if ((probe.birthDate ?? '') !== '') await recordDate.run(...where, probe.birthDate!, nowMs);
    await record.run(...where, nowMs);
  };
  const pruneAll = async (nowMs: number): Promise<void> => {
    await prune.run(nowMs - SEARCH_GUARD.windowMs);
    await pruneDates.run(nowMs - SEARCH_GUARD.windowMs);
  };
  let checks = 0;
  return {
    async check(keys, probe, nowMs) {
      checks += 1;
      if (checks % PRUNE_EVERY_CHECKS === 0) await pruneAll(nowMs);
      const sinceMs = nowMs - SEARCH_GUARD.windowMs;
      return db.transaction(async () => {
        const counts = new Map<string, ScopeCounts>();
        for (const key of keys) counts.set(scopeOf(key), await read(key, probe, sinceMs));
        const records: GuardKey[] = [];
        const verdict = checkSearch(snapshotStore(counts, probe, records), keys, probe, nowMs);
        for (const key of records) await write(key, probe, nowMs);
        return verdict;
      });
    },
    prune: (nowMs) => pruneAll(nowMs),
  };
}
