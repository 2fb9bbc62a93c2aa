/**
 * `npm run bench`: every speed and memory target of the project, on this machine, as one
 * table; also written to bench/results.json with the machine's description.
 * `npm run bench -- ledger receipt` runs only the named areas.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { benchSearch } from '../central/bench-search.ts';
import { depositBenchRows, runDepositBench } from './deposit-bench.ts';
import { ledgerBenchRows, runLedgerBench } from './ledger-bench.ts';
import { receiptBenchRows, runReceiptBench } from './receipt-bench.ts';
import { rendererBenchRows, runRendererBench } from './renderer-bench.ts';
import { runSyncBench, syncBenchRows } from './sync-bench.ts';
import { type BenchRow, formatTable } from './table.ts';

type Area = { name: string; run(): Promise<BenchRow[]> };

const areas: Area[] = [
  { name: 'ledger', run: async () => ledgerBenchRows(await runLedgerBench()) },
  { name: 'deposit', run: async () => depositBenchRows(await runDepositBench()) },
  { name: 'receipt', run: async () => receiptBenchRows(await runReceiptBench()) },
  {
    name: 'central',
    async run() {
      const inmateCount = Number(process.env.BENCH_INMATES ?? 1_000_000);
      const result = await benchSearch({ inmateCount });
      const label = `${inmateCount.toLocaleString('en')} inmates`;
      return [
        {
          area: 'central',
          name: `search p50 (${label})`,
          value: result.p50Ms,
          unit: 'ms',
          target: '',
          met: null,
        },
        {
          area: 'central',
          name: `search p99 (${label})`,
          value: result.p99Ms,
          unit: 'ms',
          target: '< 20 ms',
          met: result.p99Ms < 20,
        },
        {
          area: 'central',
          name: 'signed transfer creations',
          value: result.transfersPerSecond,
          unit: '/s',
          target: '',
          met: null,
        },
      ];
    },
  },
  { name: 'sync', run: async () => syncBenchRows(await runSyncBench()) },
  { name: 'renderer', run: async () => rendererBenchRows(await runRendererBench()) },
];

const wanted = process.argv.slice(2);
const rows: BenchRow[] = [];
for (const area of areas) {
  if (wanted.length > 0 && !wanted.includes(area.name)) continue;
  const startedAt = performance.now();
  process.stderr.write(`bench: ${area.name}…`);
  rows.push(...(await area.run()));
  process.stderr.write(` ${((performance.now() - startedAt) / 1000).toFixed(1)} s\n`);
}

console.log(formatTable(rows));
const machine = {
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  memoryBytes: os.totalmem(),
  node: process.version,
  platform: `${os.platform()} ${os.release()}`,
};
writeFileSync(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, rows }, null, 2)}\n`,
);
if (rows.some((row) => row.met === false)) process.exitCode = 1;
