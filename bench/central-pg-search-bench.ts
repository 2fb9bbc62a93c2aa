/**
 * Inmate search on PostgreSQL at 1 000 000 inmates: the searcher the route calls, on central's
 * storage port, against a throwaway PostgreSQL (the tests' harness, fsync on), with an exact
 * indexed lookup of the same people (by ref, the unique index) measured in the same run as
 * its reference. The inmates are bulk-loaded by central's generator: many rows per INSERT,
 * indexes dropped first and built once at the end, then ANALYZE.
 * Run alone: node bench/central-pg-search-bench.ts [count].
 */
import { assert } from '../common/assert.ts';
import { createRng } from '../common/prng.ts';
import { type Inmate, typedQuery } from '../central/bench-search.ts';
import { openCentralDb, statement } from '../central/db.ts';
import { generateInmates, seedReferenceData } from '../central/generate.ts';
import { createSearcher } from '../central/search.ts';
import { startBenchPostgres } from './central-bare-insert.ts';
import { type BenchRow, benchRow, summarize } from './table.ts';

export type PgSearchBenchResult = {
  inmateCount: number;
  loadMs: number;
  search: { p50: number; p99: number };
  exact: { p50: number; p99: number };
};

/** The reference: one person by the unique index, one round trip, the same columns. */
const EXACT_SQL = `SELECT ref, facility_id, surname, name, patronymic, birth_year FROM inmates
  WHERE ref = ?`;

export type PgSearchBenchOptions = { inmateCount?: number; searchCount?: number };

export async function runPgSearchBench(
  options: PgSearchBenchOptions = {},
): Promise<PgSearchBenchResult> {
  const inmateCount = options.inmateCount ?? 1_000_000;
  const searchCount = options.searchCount ?? 2_000;
  const server = await startBenchPostgres();
  try {
    const { db } = await openCentralDb('', await server.createDatabase());
    try {
      await seedReferenceData(db);
      const loadStartedMs = performance.now();
      await generateInmates(db, { count: inmateCount, includeFixed: false });
      await db.exec('ANALYZE inmates');
      const loadMs = performance.now() - loadStartedMs;
      const rng = createRng(11);
      const sample = statement(
        db,
        `SELECT ref, facility_id, surname, name, patronymic, birth_year FROM inmates
           WHERE rowid = ?`,
      );
      const inmates: Inmate[] = [];
      for (let index = 0; index < searchCount; index += 1) {
        inmates.push((await sample.get<Inmate>(1 + rng.int(inmateCount)))!);
      }
      const exactLookup = statement(db, EXACT_SQL);
      const search = createSearcher(db);
      const searchMs: number[] = [];
      const exactMs: number[] = [];
      let found = 0;
      for (const inmate of inmates) {
        const query = typedQuery(inmate, rng);
        let startedMs = performance.now();
        const result = await search(query);
        searchMs.push(performance.now() - startedMs);
        if (result.ok && result.value.some((match) => match.inmateRef === inmate.ref)) found += 1;
        startedMs = performance.now();
        const row = await exactLookup.get<Inmate>(inmate.ref);
        exactMs.push(performance.now() - startedMs);
        assert(row?.ref === inmate.ref, 'pg search bench: the exact lookup missed');
      }
      // A fast search that misses people is no search: fail the bench loudly.
      assert(found / searchCount >= 0.9, `pg search bench: found only ${found}/${searchCount}`);
      const pick = (samples: number[]) => {
        const { p50, p99 } = summarize(samples);
        return { p50, p99 };
      };
      return { inmateCount, loadMs, search: pick(searchMs), exact: pick(exactMs) };
    } finally {
      await db.close();
    }
  } finally {
    await server.stop();
  }
}

export function pgSearchBenchRows(result: PgSearchBenchResult): BenchRow[] {
  const label = `${result.inmateCount.toLocaleString('en')} inmates, postgresql`;
  const exactP99 = benchRow({
    area: 'ref',
    name: `exact indexed lookup by ref p99 (${label})`,
    value: result.exact.p99,
    unit: 'ms',
  });
  return [
    benchRow({
      area: 'central-pg',
      name: `bulk load (${label})`,
      value: result.loadMs,
      unit: 'ms',
    }),
    exactP99,
    benchRow({
      area: 'central-pg',
      name: `search p50 (${label})`,
      value: result.search.p50,
      unit: 'ms',
    }),
    benchRow({
      area: 'central-pg',
      name: `search p99 (${label})`,
      value: result.search.p99,
      unit: 'ms',
      reference: exactP99,
      target: { below: 20, ratioAtMost: 10 },
    }),
  ];
}

if (import.meta.main) {
  const { formatTable } = await import('./table.ts');
  const inmateCount = Number(process.argv[2] ?? 1_000_000);
  console.log(formatTable(pgSearchBenchRows(await runPgSearchBench({ inmateCount }))));
}
