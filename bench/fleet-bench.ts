/**
 * Benchmark: a national fleet against central on PostgreSQL (the tests' throwaway server),
 * with one and with two central processes (central/start.ts children on the same database).
 * The fleet simulator (tests/sim/fleet-sim.ts) runs in real time (a heartbeat per terminal a
 * minute, transfers at the visiting-hours peak, roster fetches, outage backlogs, two payers
 * paying from their wallets) for a few seconds per fleet size; the rows are heartbeat and
 * transfer p99 at 10 000 terminals and the largest fleet tried whose p99 of both stays under
 * 50 ms with no failed request (from 10 000 up while it holds, else down until it does).
 * BENCH_FLEET_SIZES (1000,2500,5000,10000,20000,40000,80000) and
 * BENCH_FLEET_STEP_MS (8000) change the steps.
 *   node bench/fleet-bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openCentralDb } from '../central/db.ts';
import { TEST_ADMIN_TOKEN } from '../tests/support/central-harness.ts';
import { startTestPostgres } from '../tests/support/postgres-server.ts';
import { DEFAULT_FLEET } from '../tests/sim/fleet-schedule.ts';
import {
  provisionTerminals,
  recipientsOf,
  registerPayers,
  startCentralProcesses,
} from '../tests/sim/fleet-setup.ts';
import { runFleet, type SimPayer, type SimTerminal } from '../tests/sim/fleet-sim.ts';
import { type BenchRow, benchRow, summarize } from './table.ts';

export const FLEET_P99_TARGET_MS = 50;
/** The fleet size the first rows are measured at. */
const BASE_FLEET = 10_000;

type Step = {
  terminals: number;
  heartbeatP99Ms: number;
  transferP99Ms: number;
  failures: number;
  shed: number;
  requests: number;
};
export type FleetBenchResult = { processes: number; steps: Step[] }[];

const sizes = () =>
  (process.env.BENCH_FLEET_SIZES ?? '1000,2500,5000,10000,20000,40000,80000')
    .split(',')
    .map(Number)
    .sort((a, b) => a - b);

const meets = (step: Step) =>
  step.failures === 0 &&
  step.shed === 0 &&
  Math.max(step.heartbeatP99Ms, step.transferP99Ms) < FLEET_P99_TARGET_MS;

export async function runFleetBench(): Promise<FleetBenchResult> {
  const stepMs = Number(process.env.BENCH_FLEET_STEP_MS ?? 8_000);
  const server = await startTestPostgres();
  const dataDir = mkdtempSync(join(tmpdir(), 'fleet-bench-'));
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS fleet_bench');
  await admin.query('CREATE DATABASE fleet_bench');
  await admin.end();
  const databaseUrl = server.adminUrl.replace(/\/postgres$/, '/fleet_bench');
  const env = { dataDir, databaseUrl, adminToken: TEST_ADMIN_TOKEN };
  const results: FleetBenchResult = [];
  let db: Awaited<ReturnType<typeof openCentralDb>>['db'] | null = null;
  try {
    const first = await startCentralProcesses(1, env);
    db = (await openCentralDb(dataDir, databaseUrl)).db;
    const terminals: SimTerminal[] = [];
    const facilities = (await db.all<{ id: string }>('SELECT id FROM facilities')).map((r) => r.id);
    const grow = async (count: number) => {
      if (terminals.length >= count) return;
      const have = terminals.length;
      terminals.push(
        ...(await provisionTerminals(db!, count - have, facilities, Date.now(), have)),
      );
    };
    await grow(Math.max(1, Math.min(...sizes())));
    const payers: SimPayer[] = await registerPayers(
      first.urls[0]!,
      TEST_ADMIN_TOKEN,
      2,
      terminals[0]!,
    );
    const recipients = await recipientsOf(db, 500);
    await first.stop();
    for (const processes of [1, 2]) {
      const central = await startCentralProcesses(processes, env);
      const steps: Step[] = [];
      try {
        // Warm-up, not measured: connection pools, JIT, the first key parses.
        const warm = {
          ...DEFAULT_FLEET,
          terminals: terminals.length,
          payers: 0,
          simDurationMs: 2_000,
        };
        await runFleet(
          { ...warm, seed: DEFAULT_FLEET.seed + processes },
          {
            urls: central.urls,
            terminals,
            payers: [],
            recipients,
            adminToken: TEST_ADMIN_TOKEN,
          },
          { compression: 1 },
        );
        // From 10 000 terminals up while the target holds, or down until it does.
        const ladder = sizes();
        let at = Math.max(0, ladder.indexOf(BASE_FLEET));
        let direction = 0;
        while (at >= 0 && at < ladder.length) {
          const size = ladder[at]!;
          await grow(size);
          const config = {
            ...DEFAULT_FLEET,
            seed: DEFAULT_FLEET.seed + processes * 100 + at,
            startHour: 11,
            terminals: size,
            payers: payers.length,
            paymentsPerPayer: 1,
            simDurationMs: stepMs,
          };
          const target = {
            urls: central.urls,
            terminals: terminals.slice(0, size),
            payers,
            recipients,
            adminToken: TEST_ADMIN_TOKEN,
          };
          const run = await runFleet(config, target, { compression: 1 });
          const step: Step = {
            terminals: size,
            heartbeatP99Ms: summarize(run.latenciesMs.heartbeat ?? []).p99,
            transferP99Ms: summarize(run.latenciesMs.transfer ?? []).p99,
            failures: run.failures.length,
            shed: run.shed,
            requests: Object.values(run.latenciesMs).reduce((sum, list) => sum + list.length, 0),
          };
          steps.push(step);
          // The slowest answers of the step, to tell a stall (all at one moment) from a queue.
          const slowest = [...run.timeline]
            .sort((a, b) => b.latencyMs - a.latencyMs)
            .slice(0, 3)
            .map((t) => `${t.kind}@${Math.round(t.atMs)}ms:${Math.round(t.latencyMs)}ms`);
          process.stderr.write(
            ` [${processes}p ${size}: ${JSON.stringify(step)} slowest ${slowest.join(' ')}]`,
          );
          if (direction === 0) direction = meets(step) ? 1 : -1;
          else if (meets(step) !== (direction === 1)) break;
          at += direction;
        }
      } finally {
        await central.stop();
      }
      results.push({ processes, steps });
    }
    return results;
  } finally {
    await db?.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function fleetBenchRows(results: FleetBenchResult): BenchRow[] {
  const rows: BenchRow[] = [];
  for (const { processes, steps } of results) {
    const label = `${processes} central process${processes === 1 ? '' : 'es'}, PostgreSQL`;
    const row = (name: string, value: number, unit: string, below?: number) =>
      benchRow({
        area: 'fleet',
        name: `${name} (${label})`,
        value,
        unit,
        ...(below === undefined ? {} : { target: { below } }),
      });
    const base = steps.find((step) => step.terminals === BASE_FLEET) ?? steps[0];
    if (base !== undefined) {
      const size = base.terminals.toLocaleString('en');
      rows.push(
        row(`heartbeat p99, ${size} terminals`, base.heartbeatP99Ms, 'ms', FLEET_P99_TARGET_MS),
      );
      rows.push(
        row(`transfer p99, ${size} terminals`, base.transferP99Ms, 'ms', FLEET_P99_TARGET_MS),
      );
    }
    const largest = Math.max(0, ...steps.filter(meets).map((step) => step.terminals));
    rows.push(row('largest fleet with heartbeat and transfer p99 < 50 ms', largest, 'terminals'));
  }
  return rows;
}

if (import.meta.main) {
  const { formatTable } = await import('./table.ts');
  console.log(formatTable(fleetBenchRows(await runFleetBench())));
}
