/**
 * Benchmark: the roster feed at national size, on each engine. A central process (a
 * central/start.ts child; PostgreSQL from the same throwaway server the tests start) takes a
 * full load of 500 000 arrivals from a registry in signed batches of 500, then a 10 000-record
 * daily delta, while kiosks keep searching and paying: search and transfer p99 during the
 * load stand beside the same at rest (the reference). BENCH_ROSTER_PEOPLE, BENCH_ROSTER_DELTA
 * and BENCH_ROSTER_ADAPTERS (sqlite,postgres) change the sizes and engines.
 *   node bench/roster-bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openCentralDb } from '../central/db.ts';
import { createRng } from '../common/prng.ts';
import { TEST_ADMIN_TOKEN, uuidV7 } from '../tests/support/central-harness.ts';
import { startTestPostgres } from '../tests/support/postgres-server.ts';
import { enrolRegistry, signedHeaders } from '../tests/support/registry-client.ts';
import { enrolTerminals, startCentralProcesses } from '../tests/sim/fleet-setup.ts';
import type { SimTerminal } from '../tests/sim/fleet-sim.ts';
import { arrivalOf, type BenchPerson, benchPeople, deltaRecords } from './roster-people.ts';
import { type BenchRow, benchRow, summarize } from './table.ts';

const BATCH_RECORDS = 500;
/** A probe every this often: one kiosk search or transfer, alternately. */
const PROBE_EVERY_MS = 40;
/** Kiosks per phase: the search limit is 20 at once per terminal, then 30 a minute. */
const KIOSKS_PER_PHASE = 25;
const SEARCHES_PER_KIOSK = 15;

type Phase = { searchMs: number[]; transferMs: number[] };
type AdapterResult = {
  adapter: 'sqlite' | 'postgres';
  people: number;
  loadSeconds: number;
  delta: number;
  deltaSeconds: number;
  rest: Phase;
  load: Phase;
  deltaPhase: Phase;
};

/** Kiosk traffic until stop(): searches for people already loaded, and transfers to them. */
function probe(
  url: string,
  kiosks: readonly SimTerminal[],
  loaded: () => readonly Refd[],
  paceMs = PROBE_EVERY_MS,
) {
  const phase: Phase = { searchMs: [], transferMs: [] };
  let running = true;
  let turn = 0;
  const rng = createRng(99);
  const budget = KIOSKS_PER_PHASE * SEARCHES_PER_KIOSK;
  const post = async (kiosk: SimTerminal, path: string, body: unknown, key?: string) => {
    const bodyText = JSON.stringify(body);
    const headers = signedHeaders({
      keyId: kiosk.terminalId,
      privateKeyPem: kiosk.privateKey,
      method: 'POST',
      target: path,
      bodyText,
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    const startedMs = performance.now();
    const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: bodyText });
    await response.arrayBuffer();
    if (response.status >= 300) throw new Error(`bench probe ${path}: ${response.status}`);
    return performance.now() - startedMs;
  };
  const loop = (async () => {
    while (running) {
      const people = loaded();
      if (people.length > 0 && phase.searchMs.length < budget) {
        const person = people[rng.int(people.length)]!;
        const kiosk = kiosks[Math.floor(turn / 2) % kiosks.length]!;
        if (turn % 2 === 0) {
          const query = {
            facilityId: person.person.facilityId,
            surname: person.person.surname,
            name: person.person.name,
            birthYear: person.person.birthYear,
          };
          phase.searchMs.push(await post(kiosk, '/v1/inmates/search', query));
        } else {
          const transferId = uuidV7();
          const transfer = {
            transferId,
            inmateRef: person.ref,
            depositedKopecks: 103_000,
            amountKopecks: 100_000,
            commissionKopecks: 3_000,
            kioskCreatedAtMs: Date.now(),
          };
          phase.transferMs.push(await post(kiosk, '/v1/transfers', transfer, transferId));
        }
        turn += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, paceMs));
    }
  })();
  return {
    phase,
    /** Resolves once the phase has its searches (or at once, if stopped). */
    async full() {
      while (running && phase.searchMs.length < budget) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async stop() {
      running = false;
      await loop;
      return phase;
    },
  };
}

type Refd = { person: BenchPerson; ref: string };

async function runAdapter(
  adapter: 'sqlite' | 'postgres',
  peopleCount: number,
  deltaCount: number,
): Promise<AdapterResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-bench-'));
  const server = adapter === 'postgres' ? await startTestPostgres() : null;
  let databaseUrl: string | null = null;
  if (server !== null) {
    const client = new pg.Client({ connectionString: server.adminUrl });
    await client.connect();
    await client.query('DROP DATABASE IF EXISTS roster_bench');
    await client.query('CREATE DATABASE roster_bench');
    await client.end();
    databaseUrl = server.adminUrl.replace(/\/postgres$/, '/roster_bench');
  }
  const central = await startCentralProcesses(1, {
    dataDir,
    databaseUrl,
    adminToken: TEST_ADMIN_TOKEN,
  });
  const { db } = await openCentralDb(dataDir, databaseUrl);
  try {
    const url = central.urls[0]!;
    const facilities = (await db.all<{ id: string }>('SELECT id FROM facilities ORDER BY id')).map(
      (row) => row.id,
    );
    const registry = await enrolRegistry(url, TEST_ADMIN_TOKEN, 'bench-registry', ['*']);
    const kiosks = await enrolTerminals(
      url,
      TEST_ADMIN_TOKEN,
      KIOSKS_PER_PHASE * 3,
      facilities.slice(0, 3),
    );
    const phaseKiosks = (index: number) =>
      kiosks.slice(index * KIOSKS_PER_PHASE, (index + 1) * KIOSKS_PER_PHASE);
    const people = benchPeople(peopleCount, facilities, 7);
    const loaded: Refd[] = [];
    const rng = createRng(8);
    const during = probe(url, phaseKiosks(0), () => loaded);
    const loadStartedMs = performance.now();
    // Two batches in flight: the registry prepares and signs the next one while central
    // applies this one (a full load names each person once, so order does not matter).
    let nextAt = 0;
    const sender = async () => {
      for (let at = nextAt; at < people.length; at = nextAt) {
        nextAt += BATCH_RECORDS;
        const batch = people.slice(at, at + BATCH_RECORDS);
        const records = batch.map((person, index) => arrivalOf(person, rng, `full-${at + index}`));
        const results = await registry.send(records);
        results.forEach((result, index) => {
          if (result.outcome !== 'applied')
            throw new Error(`bench: load ${JSON.stringify(result)}`);
          // Every 50th person is a probe target (enough to spread searches over the table).
          if ((at + index) % 50 === 0)
            loaded.push({ person: batch[index]!, ref: result.inmateRef! });
        });
      }
    };
    await Promise.all([sender(), sender()]);
    const loadSeconds = (performance.now() - loadStartedMs) / 1000;
    const load = await during.stop();
    const resting = probe(url, phaseKiosks(1), () => loaded, 5);
    await resting.full();
    const rest = await resting.stop();
    const records = deltaRecords(people, deltaCount, facilities, 11);
    const inDelta = probe(url, phaseKiosks(2), () => loaded);
    const deltaStartedMs = performance.now();
    for (let at = 0; at < records.length; at += BATCH_RECORDS) {
      const results = await registry.send(records.slice(at, at + BATCH_RECORDS));
      const bad = results.find((result) => result.outcome === 'rejected');
      if (bad !== undefined) throw new Error(`bench: delta record ${JSON.stringify(bad)}`);
    }
    const deltaSeconds = (performance.now() - deltaStartedMs) / 1000;
    const deltaPhase = await inDelta.stop();
    return {
      adapter,
      people: peopleCount,
      loadSeconds,
      delta: deltaCount,
      deltaSeconds,
      rest,
      load,
      deltaPhase,
    };
  } finally {
    await db.close();
    await central.stop();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runRosterBench(): Promise<AdapterResult[]> {
  const people = Number(process.env.BENCH_ROSTER_PEOPLE ?? 500_000);
  const delta = Number(process.env.BENCH_ROSTER_DELTA ?? 10_000);
  const adapters = (process.env.BENCH_ROSTER_ADAPTERS ?? 'sqlite,postgres').split(',');
  const results: AdapterResult[] = [];
  for (const adapter of adapters) {
    if (adapter !== 'sqlite' && adapter !== 'postgres')
      throw new Error(`bench: adapter ${adapter}`);
    results.push(await runAdapter(adapter, people, delta));
  }
  return results;
}

export function rosterBenchRows(results: readonly AdapterResult[]): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const result of results) {
    const row = (name: string, value: number, unit: string, extra = {}) =>
      benchRow({ area: 'roster', name: `${name} (${result.adapter})`, value, unit, ...extra });
    const p99 = (samples: number[]) => summarize(samples).p99;
    const size = result.people.toLocaleString('en');
    const searchRest = row('search p99 at rest', p99(result.rest.searchMs), 'ms');
    const transferRest = row('transfer p99 at rest', p99(result.rest.transferMs), 'ms');
    rows.push(
      row(`full load, ${size} people`, result.loadSeconds, 's'),
      row('full load rate', result.people / result.loadSeconds, 'records/s'),
      searchRest,
      row('search p99 during the full load', p99(result.load.searchMs), 'ms', {
        reference: searchRest,
      }),
      transferRest,
      row('transfer p99 during the full load', p99(result.load.transferMs), 'ms', {
        reference: transferRest,
      }),
      row(`delta of ${result.delta.toLocaleString('en')} records`, result.deltaSeconds, 's'),
      row('search p99 during the delta', p99(result.deltaPhase.searchMs), 'ms', {
        reference: searchRest,
      }),
    );
  }
  return rows;
}

if (import.meta.main) {
  const { formatTable } = await import('./table.ts');
  console.log(formatTable(rosterBenchRows(await runRosterBench())));
}
