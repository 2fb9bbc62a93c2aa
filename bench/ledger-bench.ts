/**
 * Ledger bench: latency of one durable money commit (BEGIN IMMEDIATE … COMMIT, WAL,
 * synchronous=FULL) on a real file: a stack intent, then its credit, as in a deposit.
 * Run alone: node bench/ledger-bench.ts [commits]. The lead's `npm run bench` calls
 * runLedgerBench().
 */
import { join } from 'node:path';
import { rubles } from '../common/money.ts';
import { openLedger } from '../main/ledger/ledger.ts';
import { sampleSession, tempDir } from '../tests/support/ledger-support.ts';
import { type BenchRow, summarize } from './table.ts';

export type LedgerBenchResult = {
  commits: number;
  commitP50Ms: number;
  commitP99Ms: number;
  commitMaxMs: number;
};

export async function runLedgerBench(
  options: { commits?: number } = {},
): Promise<LedgerBenchResult> {
  const commits = options.commits ?? 2_000;
  const temp = tempDir('kiosk-ledger-bench-');
  const ledger = openLedger(join(temp.dir, 'ledger.db'));
  try {
    const samples: number[] = [];
    let session = sampleSession(Date.now());
    ledger.openSession(session);
    for (let index = 0; index < commits / 2; index += 1) {
      if (index % 100 === 99) {
        // A real session holds at most a couple of hundred notes.
        session = sampleSession(Date.now() + index);
        ledger.openSession(session);
      }
      const atMs = Date.now();
      let started = performance.now();
      ledger.writeIntent({
        sessionId: session.sessionId,
        billType: 4,
        noteKopecks: rubles(100),
        atMs,
      });
      samples.push(performance.now() - started);
      started = performance.now();
      ledger.resolveOldestIntent({ kind: 'stacked', billType: 4, noteKopecks: rubles(100), atMs });
      samples.push(performance.now() - started);
    }
    const summary = summarize(samples);
    return {
      commits: samples.length,
      commitP50Ms: summary.p50,
      commitP99Ms: summary.p99,
      commitMaxMs: summary.max,
    };
  } finally {
    ledger.close();
    temp.remove();
  }
}

export function ledgerBenchRows(result: LedgerBenchResult): BenchRow[] {
  const row = (name: string, value: number, target: string, met: boolean | null): BenchRow => ({
    area: 'ledger',
    name,
    value: Math.round(value * 1_000) / 1_000,
    unit: 'ms',
    target,
    met,
  });
  return [
    row('durable commit p50 (WAL, synchronous=FULL)', result.commitP50Ms, '', null),
    row('durable commit p99', result.commitP99Ms, '< 20 ms', result.commitP99Ms < 20),
    row('durable commit max', result.commitMaxMs, '', null),
  ];
}

if (import.meta.main) {
  const commits = Number(process.argv[2] ?? 2_000);
  const result = await runLedgerBench({ commits });
  console.log(JSON.stringify(result, null, 2));
}
