/**
 * `npm run bench`: every speed and memory target of the project, on this machine, as one
 * table; also written to bench/results.json with the machine's description.
 * `npm run bench -- ledger receipt` runs only the named areas and replaces only their rows.
 *
 * Rows with a reference carry the bare version of the same work measured in this run (area
 * `ref`): a one-row node:sqlite durable commit, a blank page in the same Chromium (for the
 * app, through the same emulated mobile link). Their ratio
 * says what our code adds and holds on a busy machine, where the absolute numbers do not.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchSearch } from '../central/bench-search.ts';
import { appBenchRows, runAppBench } from './app-bench.ts';
import { pgSearchBenchRows, runPgSearchBench } from './central-pg-search-bench.ts';
import { runWriteBench, writeBenchRows } from './central-write-bench.ts';
import { consoleBenchRows, runConsoleBench } from './console-bench.ts';
import { depositBenchRows, runDepositBench } from './deposit-bench.ts';
import { fiscalBenchRows, runFiscalBench } from './fiscal-bench.ts';
import { type CommitReferences, ledgerBenchRows, runLedgerBench } from './ledger-bench.ts';
import { memoryBenchRows, runMemoryBench } from './memory-bench.ts';
import { receiptBenchRows, runReceiptBench } from './receipt-bench.ts';
import { rendererBenchRows, runRendererBench } from './renderer-bench.ts';
import { fleetBenchRows, runFleetBench } from './fleet-bench.ts';
import { rosterBenchRows, runRosterBench } from './roster-bench.ts';
import { runSyncBench, syncBenchRows } from './sync-bench.ts';
import { type BenchRow, benchRow, formatTable } from './table.ts';

/** Set by the ledger area, which runs first whenever an area compares with a bare commit. */
let commitReferences: CommitReferences | null = null;

type Area = { name: string; needsCommitReference?: boolean; run(): Promise<BenchRow[]> };

const areas: Area[] = [
  {
    name: 'ledger',
    async run() {
      const { rows, references } = ledgerBenchRows(await runLedgerBench());
      commitReferences = references;
      return rows;
    },
  },
  {
    name: 'deposit',
    needsCommitReference: true,
    run: async () => depositBenchRows(await runDepositBench(), commitReferences?.p99 ?? null),
  },
  { name: 'receipt', run: async () => receiptBenchRows(await runReceiptBench()) },
  { name: 'fiscal', run: async () => fiscalBenchRows(await runFiscalBench()) },
  { name: 'central', needsCommitReference: true, run: centralRows },
  // Central on both engines: group-committed writes against a bare insert, search on PostgreSQL.
  { name: 'central-write', run: async () => writeBenchRows(await runWriteBench()) },
  { name: 'central-pg', run: async () => pgSearchBenchRows(await runPgSearchBench()) },
  { name: 'sync', run: async () => syncBenchRows(await runSyncBench()) },
  { name: 'roster', run: async () => rosterBenchRows(await runRosterBench()) },
  { name: 'fleet', run: async () => fleetBenchRows(await runFleetBench()) },
  { name: 'renderer', run: async () => rendererBenchRows(await runRendererBench()) },
  // The operator console's fleet page with a national fleet, beside a static table of it.
  { name: 'console', run: async () => consoleBenchRows(await runConsoleBench()) },
  // The payer's app: first load on a throttled mobile link, against a blank page on the same.
  { name: 'app', run: async () => appBenchRows(await runAppBench()) },
  { name: 'memory', run: async () => memoryBenchRows(await runMemoryBench()) },
];

async function centralRows(): Promise<BenchRow[]> {
  const inmateCount = Number(process.env.BENCH_INMATES ?? 1_000_000);
  const result = await benchSearch({ inmateCount });
  const label = `${inmateCount.toLocaleString('en')} inmates`;
  const row = (name: string, value: number, unit: string, extra = {}) =>
    benchRow({ area: 'central', name, value, unit, ...extra });
  return [
    row(`search p50 (${label})`, result.p50Ms, 'ms'),
    row(`search p99 (${label})`, result.p99Ms, 'ms', { target: { below: 20 } }),
    // Each creation is one durable commit behind HTTP, a signature check and validation.
    row('signed transfer creations', result.transfersPerSecond, '/s', {
      reference: commitReferences?.perSec ?? null,
    }),
  ];
}

const wanted = process.argv.slice(2);
const selected = areas.filter((area) => wanted.length === 0 || wanted.includes(area.name));
if (selected.some((area) => area.needsCommitReference) && !selected.includes(areas[0]!)) {
  selected.unshift(areas[0]!);
}
/** A row with the area that measured it (a `ref` row belongs to the area it serves). */
type StoredRow = BenchRow & { measuredBy: string; measuredAt: string };
const rows: StoredRow[] = [];
for (const area of selected) {
  const startedAt = performance.now();
  process.stderr.write(`bench: ${area.name}…`);
  const measuredAt = new Date().toISOString();
  for (const row of await area.run()) rows.push({ ...row, measuredBy: area.name, measuredAt });
  process.stderr.write(` ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`);
}

console.log(formatTable(rows));
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryBytes: os.totalmem(),
  loadAverage: os.loadavg(),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
// A run of some areas replaces only their rows: the file keeps the other areas' last numbers,
// each with the time it was measured at.
const resultsUrl = new URL('./results.json', import.meta.url);
const ran = new Set(selected.map((area) => area.name));
const kept = wanted.length === 0 ? [] : previousRows().filter((row) => !ran.has(row.measuredBy));
writeFileSync(
  resultsUrl,
  `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, rows: [...kept, ...rows] }, null, 2)}\n`,
);

function previousRows(): StoredRow[] {
  try {
    const stored = JSON.parse(readFileSync(resultsUrl, 'utf8')) as { rows?: unknown };
    if (!Array.isArray(stored.rows)) return [];
    // Rows from before rows said who measured them cannot be attributed: dropped.
    return (stored.rows as StoredRow[]).filter((row) => typeof row?.measuredBy === 'string');
  } catch {
    return [];
  }
}
if (rows.some((row) => row.met === false)) process.exitCode = 1;
