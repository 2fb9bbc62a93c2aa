/**
 * Ledger bench: latency of one durable money commit (BEGIN IMMEDIATE … COMMIT, WAL,
 * synchronous=FULL) on a real file: a stack intent, then its credit, as in a deposit.
 * Interleaved with it, in the same directory, the bare reference (bare-commit.ts): every ledger
 * commit is followed by a bare one, so both see the same disk and the same load, and the
 * headline is printed as a ratio to it.
 * Run alone: node bench/ledger-bench.ts [commits]. `npm run bench` calls runLedgerBench().
 */
import { join } from 'node:path';
import { rubles } from '../common/money.ts';
import { openLedger } from '../main/ledger/ledger.ts';
import { sampleSession, tempDir } from '../tests/support/ledger-support.ts';
import { openBareCommitter } from './bare-commit.ts';
import { type BenchRow, benchRow, summarize } from './table.ts';

type CommitStats = { commits: number; p50Ms: number; p99Ms: number; maxMs: number };

export type LedgerBenchResult = {
  ledger: CommitStats;
  bare: CommitStats & { commitsPerSec: number };
};

/** The bare commit rows other areas compare with (transfer creation, escrow decision). */
export type CommitReferences = { p50: BenchRow; p99: BenchRow; perSec: BenchRow };

function statsOf(samples: number[]): CommitStats {
  const summary = summarize(samples);
  return { commits: samples.length, p50Ms: summary.p50, p99Ms: summary.p99, maxMs: summary.max };
}

export async function runLedgerBench(
  options: { commits?: number } = {},
): Promise<LedgerBenchResult> {
  const commits = options.commits ?? 2_000;
  const temp = tempDir('kiosk-ledger-bench-');
  const ledger = openLedger(join(temp.dir, 'ledger.db'));
  const bare = openBareCommitter(join(temp.dir, 'bare.db'));
  try {
    const samples: number[] = [];
    const bareSamples: number[] = [];
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
      bareSamples.push(bare.commitOnceMs());
      started = performance.now();
      ledger.resolveOldestIntent({ kind: 'stacked', billType: 4, noteKopecks: rubles(100), atMs });
      samples.push(performance.now() - started);
      bareSamples.push(bare.commitOnceMs());
    }
    const bareTotalMs = bareSamples.reduce((sum, ms) => sum + ms, 0);
    return {
      ledger: statsOf(samples),
      bare: { ...statsOf(bareSamples), commitsPerSec: (bareSamples.length / bareTotalMs) * 1000 },
    };
  } finally {
    bare.close();
    ledger.close();
    temp.remove();
  }
}

export function ledgerBenchRows(result: LedgerBenchResult): {
  rows: BenchRow[];
  references: CommitReferences;
} {
  const ms = (value: number) => Math.round(value * 1_000) / 1_000;
  const ref = (name: string, value: number, unit: string) =>
    benchRow({ area: 'ref', name, value, unit });
  const references: CommitReferences = {
    p50: ref('bare sqlite commit p50', ms(result.bare.p50Ms), 'ms'),
    p99: ref('bare sqlite commit p99', ms(result.bare.p99Ms), 'ms'),
    perSec: ref('bare sqlite commits/s', Math.round(result.bare.commitsPerSec), '/s'),
  };
  const ledger = (name: string, value: number, reference: BenchRow | null, target = {}) =>
    benchRow({ area: 'ledger', name, value: ms(value), unit: 'ms', reference, target });
  return {
    references,
    rows: [
      references.p50,
      references.p99,
      references.perSec,
      ledger('durable commit p50 (WAL, synchronous=FULL)', result.ledger.p50Ms, references.p50),
      // Intent and credit each write the journal and its audit rows in one transaction:
      // within 3× a one-row commit, and under the escrow decision's 20 ms share in any case.
      ledger('durable commit p99', result.ledger.p99Ms, references.p99, {
        ratioAtMost: 3,
        below: 20,
      }),
      ledger('durable commit max', result.ledger.maxMs, null),
    ],
  };
}

if (import.meta.main) {
  const commits = Number(process.argv[2] ?? 2_000);
  const result = await runLedgerBench({ commits });
  const { formatTable } = await import('./table.ts');
  console.log(formatTable(ledgerBenchRows(result).rows));
}
