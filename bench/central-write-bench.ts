/**
 * Central's write path under many kiosks at once, on SQLite and on PostgreSQL:
 *  - signed transfer creations per second (POST /v1/transfers: signature, nonce, validation,
 *    idempotency record, answer stored), and
 *  - signed heartbeats per second (POST /v1/terminal/heartbeat),
 * each as a ratio to a bare durable one-row insert on the same engine measured just before
 * (bench/central-bare-insert.ts). Group commit (central/storage/group-commit.ts) is what lets
 * central answer more durable writes per second than one writer committing row by row.
 * Beside them, an unsigned GET /v1/health sent by the same client over the same connections:
 * the most requests a second HTTP itself allows with central and its load on these cores,
 * whatever the database does.
 * Each load is 12 000 requests after a warm-up (BENCH_CENTRAL_WRITE_REQUESTS changes it).
 * Run alone: node bench/central-write-bench.ts. `npm run bench -- central-write` runs it too.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTerminalKeys } from '../main/sync/signing.ts';
import { type CentralServer, startCentral } from '../central/server.ts';
import {
  barePostgresInsertsPerSec,
  bareSqliteInsertsPerSec,
  startBenchPostgres,
} from './central-bare-insert.ts';
import { type LoadKind, type LoadResult, runCentralLoad } from './central-load.ts';
import { type BenchRow, benchRow } from './table.ts';

export type Engine = 'sqlite' | 'postgresql';

/**
 * A load's result, and the CPU spent meanwhile (user + system) by central's process and by a
 * database server of its own (PostgreSQL; 0 for SQLite, which runs inside central; null when
 * it could not be read).
 */
export type MeasuredLoad = LoadResult & { centralCpuUs: number; databaseCpuUs: number | null };

export type EngineWriteResult = {
  engine: Engine;
  concurrency: number;
  /** Cores this machine has: central and its load share them. */
  cores: number;
  bareInsertsPerSec: number;
  transfers: MeasuredLoad;
  heartbeats: MeasuredLoad;
  /** Unsigned GET /v1/health with the same client: what HTTP alone allows on this machine. */
  health: MeasuredLoad;
  /** Transactions central committed for them, and the writes (nonce + row) they held. */
  batches: number;
  batchedWrites: number;
};

export type WriteBenchOptions = {
  /** Requests in flight at once (kiosks sending together). */
  concurrency?: number;
  /** Requests measured per kind (signed before the clock starts: bench/central-load.ts). */
  requests?: number;
  bareDurationMs?: number;
};

const TERMINAL_COUNT = 4;
const DEMO_REFS = ['idemo000000000001', 'idemo000000000002', 'idemo000000000003'];

async function enrolTerminals(central: CentralServer) {
  const terminals: { terminalId: string; privateKeyPem: string }[] = [];
  for (let index = 1; index <= TERMINAL_COUNT; index += 1) {
    const terminalId = `bench-write-${index}`;
    const keys = generateTerminalKeys();
    const code = await central.issueEnrolmentCode(terminalId, ['77-sizo-1']);
    const response = await fetch(`${central.url}/v1/terminals/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ terminalId, code, publicKeyPem: keys.publicKeyPem }),
    });
    if (!response.ok) throw new Error(`write bench: enrolment answered ${response.status}`);
    terminals.push({ terminalId, privateKeyPem: keys.privateKeyPem });
  }
  return terminals;
}

function assertAllAccepted(kind: LoadKind, result: LoadResult): void {
  const wanted = kind === 'transfer' ? '201' : '200';
  const others = Object.entries(result.statuses).filter(([status]) => status !== wanted);
  if (others.length > 0 || result.requests === 0) {
    throw new Error(`write bench: ${kind} answers ${JSON.stringify(result.statuses)}`);
  }
}

async function measureEngine(
  engine: Engine,
  dir: string,
  databaseUrl: string | null,
  options: Required<WriteBenchOptions>,
  databaseCpuUs: () => number | null = () => 0,
): Promise<EngineWriteResult> {
  mkdirSync(dir, { recursive: true });
  const bareInsertsPerSec =
    databaseUrl === null
      ? bareSqliteInsertsPerSec(dir, options.bareDurationMs)
      : await barePostgresInsertsPerSec(databaseUrl, options.bareDurationMs);
  const central = await startCentral({
    dataDir: join(dir, 'central'),
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    demo: true,
    log: false,
  });
  try {
    const terminals = await enrolTerminals(central);
    const load = async (kind: LoadKind): Promise<MeasuredLoad> => {
      const cpuBefore = process.cpuUsage();
      const databaseBefore = databaseCpuUs();
      const result = await runCentralLoad({
        baseUrl: central.url,
        terminals,
        kind,
        concurrency: options.concurrency,
        warmupRequests: options.concurrency * 10,
        requests: options.requests,
        inmateRefs: DEMO_REFS,
      });
      const cpu = process.cpuUsage(cpuBefore);
      const databaseAfter = databaseCpuUs();
      assertAllAccepted(kind, result);
      // Both include the warm-up requests: scaled to the measured ones.
      const share = options.requests / (options.requests + options.concurrency * 10);
      const database =
        databaseBefore === null || databaseAfter === null
          ? null
          : (databaseAfter - databaseBefore) * share;
      return {
        ...result,
        centralCpuUs: (cpu.user + cpu.system) * share,
        databaseCpuUs: database,
      };
    };
    const health = await load('health');
    const transfers = await load('transfer');
    const heartbeats = await load('heartbeat');
    const stats = central.commits.stats();
    return {
      engine,
      concurrency: options.concurrency,
      cores: availableParallelism(),
      bareInsertsPerSec,
      transfers,
      heartbeats,
      health,
      batches: stats.batches,
      batchedWrites: stats.items,
    };
  } finally {
    await central.close();
  }
}

export async function runWriteBench(options: WriteBenchOptions = {}): Promise<EngineWriteResult[]> {
  const settings = {
    concurrency: options.concurrency ?? 64,
    requests: options.requests ?? Number(process.env.BENCH_CENTRAL_WRITE_REQUESTS ?? 12_000),
    bareDurationMs: options.bareDurationMs ?? 1_500,
  };
  const dir = mkdtempSync(join(tmpdir(), 'central-write-bench-'));
  try {
    const sqlite = await measureEngine('sqlite', join(dir, 'sqlite'), null, settings);
    const postgres = await startBenchPostgres();
    try {
      const url = await postgres.createDatabase();
      const pgDir = join(dir, 'pg');
      return [sqlite, await measureEngine('postgresql', pgDir, url, settings, postgres.cpuUs)];
    } finally {
      await postgres.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU of central, its database server and the load for a load's measured requests. */
function cpuUs(load: MeasuredLoad): number | null {
  if (load.databaseCpuUs === null) return null;
  return load.centralCpuUs + load.databaseCpuUs + load.loadCpuUs;
}

/**
 * The PostgreSQL server's own CPU per transfer (SQLite's is inside central's), and what the
 * machine's cores allow at the CPU all three spend per transfer: where that is below the bare
 * insert, no batching reaches 1× on this machine.
 */
function databaseRows(result: EngineWriteResult, reference: BenchRow): BenchRow[] {
  const { transfers } = result;
  const total = cpuUs(transfers);
  if (total === null) return [];
  const server =
    result.engine === 'postgresql'
      ? [
          benchRow({
            area: 'central-write',
            name: 'CPU per signed transfer creation, PostgreSQL server',
            value: (transfers.databaseCpuUs ?? 0) / transfers.requests,
            unit: 'µs',
          }),
        ]
      : [];
  return [
    ...server,
    benchRow({
      area: 'central-write',
      name: `signed transfer creations ${result.cores} cores allow at that CPU (${result.engine})`,
      value: (result.cores * 1e6 * transfers.requests) / total,
      unit: '/s',
      reference,
    }),
  ];
}

export function writeBenchRows(results: readonly EngineWriteResult[]): BenchRow[] {
  return results.flatMap((result) => {
    const reference = benchRow({
      area: 'ref',
      name: `bare durable insert, ${result.engine} (1 row per commit)`,
      value: result.bareInsertsPerSec,
      unit: '/s',
    });
    const inFlight = `${result.engine}, ${result.concurrency} in flight`;
    const ceiling = benchRow({
      area: 'ref',
      name: `unsigned GET /v1/health, same client (${inFlight}): the HTTP ceiling here`,
      value: result.health.perSec,
      unit: '/s',
    });
    return [
      reference,
      ceiling,
      benchRow({
        area: 'central-write',
        name: `signed transfer creations (${inFlight})`,
        value: result.transfers.perSec,
        unit: '/s',
        reference,
        target: { ratioAtLeast: 1 },
      }),
      benchRow({
        area: 'central-write',
        name: `signed transfer creations against the HTTP ceiling (${inFlight})`,
        value: result.transfers.perSec,
        unit: '/s',
        reference: ceiling,
      }),
      benchRow({
        area: 'central-write',
        name: `CPU per signed transfer creation, central (${result.engine})`,
        value: result.transfers.centralCpuUs / result.transfers.requests,
        unit: 'µs',
      }),
      benchRow({
        area: 'central-write',
        name: `CPU per signed transfer creation, load generator (${result.engine})`,
        value: result.transfers.loadCpuUs / result.transfers.requests,
        unit: 'µs',
      }),
      ...databaseRows(result, reference),
      benchRow({
        area: 'central-write',
        name: `signed heartbeats (${inFlight})`,
        value: result.heartbeats.perSec,
        unit: '/s',
        reference,
      }),
      benchRow({
        area: 'central-write',
        name: `writes per commit (${result.engine}: nonce + transfer or heartbeat)`,
        value: result.batchedWrites / Math.max(1, result.batches),
        unit: 'writes',
      }),
    ];
  });
}

if (import.meta.main) {
  const { formatTable } = await import('./table.ts');
  console.log(formatTable(writeBenchRows(await runWriteBench())));
}
