/**
 * Sync bench: a kiosk that was offline holds a backlog of transfers; central comes back.
 *  - drain rate: transfers/s from sender start to an empty outbox, against the real central
 *    server over HTTP (batches of 100, signed, idempotent). Target ≥ 500 /s.
 *  - kiosk memory while the backlog is queued: RSS and heap of the kiosk-side process only
 *    (central runs in the parent process, so its memory is not counted).
 * Run alone: node bench/sync-bench.ts [count]. `npm run bench` calls runSyncBench().
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startTestCentral } from '../tests/support/central-harness.ts';
import { openLedger } from '../main/ledger/ledger.ts';
import { sampleRecipient, tempDir } from '../tests/support/ledger-support.ts';
import { silentLogger } from '../main/log.ts';
import { seededRandom } from '../common/prng.ts';
import { outboxTransportOf } from '../main/sync/central-adapters.ts';
import { createCentralClient } from '../main/sync/central-client.ts';
import { createOutboxSender } from '../main/sync/outbox-sender.ts';
import { seedTransfers } from '../tests/support/sync-support.ts';
import { type BenchRow, benchRow } from './table.ts';

export type SyncBenchResult = {
  transferCount: number;
  /** The kiosk's own cost per transfer (read, build body, mark delivered) with a central
   *  that answers instantly: shows which side limits the end-to-end rate. */
  kioskOnlyTransfersPerSec: number;
  drainMs: number;
  drainTransfersPerSec: number;
  queuedRssBytes: number;
  queuedHeapUsedBytes: number;
  drainedRssBytes: number;
};

const CHILD_FLAG = '--sync-bench-child';
const DEMO_REFS = ['idemo000000000001', 'idemo000000000002', 'idemo000000000003'];

export async function runSyncBench(options: { count?: number } = {}): Promise<SyncBenchResult> {
  const count = options.count ?? 10_000;
  const central = await startTestCentral();
  const temp = tempDir('kiosk-sync-bench-');
  try {
    const terminal = await central.enrolTerminal('bench-sync', ['77-sizo-1']);
    const ledgerPath = join(temp.dir, 'ledger.db');
    const ledger = openLedger(ledgerPath);
    seedTransfers(ledger, {
      count,
      startMs: Date.now() - count,
      recipientFor: (index) => ({
        ...sampleRecipient,
        inmateRef: DEMO_REFS[index % DEMO_REFS.length]!,
        facilityId: '77-sizo-1',
      }),
      fast: true,
    });
    ledger.close();
    const child = spawn(process.execPath, [import.meta.filename, CHILD_FLAG], {
      env: {
        ...process.env,
        SYNC_BENCH_LEDGER: ledgerPath,
        SYNC_BENCH_URL: central.central.url,
        SYNC_BENCH_TERMINAL: terminal.terminalId,
        SYNC_BENCH_KEYS: JSON.stringify(terminal.keys),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let measured: ChildResult | null = null;
    for await (const line of createInterface({ input: child.stdout })) {
      measured = JSON.parse(line) as ChildResult;
    }
    const delivered = (await central.central.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM transfers WHERE terminal_id = ?',
      terminal.terminalId,
    ))!;
    if (measured === null || delivered.n !== count) {
      throw new Error(`sync bench: central has ${delivered.n} of ${count} transfers`);
    }
    const kioskOnlyTransfersPerSec = await kioskOnlyRate(temp.dir, count);
    return { ...measured, transferCount: count, kioskOnlyTransfersPerSec };
  } finally {
    temp.remove();
    await central.stop();
  }
}

type ChildResult = Omit<SyncBenchResult, 'transferCount' | 'kioskOnlyTransfersPerSec'>;

async function kioskOnlyRate(dir: string, count: number): Promise<number> {
  const ledger = openLedger(join(dir, 'kiosk-only.db'));
  try {
    seedTransfers(ledger, { count, startMs: Date.now() - count, fast: true });
    const sender = createOutboxSender({
      ledger,
      client: {
        sendOne: async () => ({ ok: true, value: {} }),
        sendBatch: async (bodies) => ({
          ok: true,
          value: bodies.map((b) => ({ transferId: b.transferId, httpStatus: 201, code: null })),
        }),
      },
      now: Date.now,
      random: seededRandom(2),
      log: silentLogger(),
    });
    const startMs = performance.now();
    for (let round = 0; round < 1_000_000; round += 1) {
      if ((await sender.drainOnce()).kind !== 'sent') break;
    }
    return (count / (performance.now() - startMs)) * 1000;
  } finally {
    ledger.close();
  }
}

export function syncBenchRows(result: SyncBenchResult): BenchRow[] {
  const mb = (bytes: number) => bytes / 1024 / 1024;
  const row = (name: string, value: number, unit: string, target = {}) =>
    benchRow({ area: 'sync', name, value, unit, target });
  return [
    row(
      `drain ${result.transferCount} queued transfers after an outage`,
      result.drainTransfersPerSec,
      'transfers/s',
      { atLeast: 500 },
    ),
    row(
      'kiosk side alone (central answering instantly)',
      result.kioskOnlyTransfersPerSec,
      'transfers/s',
    ),
    row('drain time', result.drainMs, 'ms'),
    row(`kiosk RSS with ${result.transferCount} queued`, mb(result.queuedRssBytes), 'MiB'),
    row(
      `kiosk heap used with ${result.transferCount} queued`,
      mb(result.queuedHeapUsedBytes),
      'MiB',
    ),
  ];
}

/** The kiosk side: open the ledger with its backlog, report memory, drain, report time. */
async function child(): Promise<void> {
  const env = (name: string) => process.env[name] ?? '';
  const ledger = openLedger(env('SYNC_BENCH_LEDGER'));
  const client = createCentralClient({
    baseUrl: env('SYNC_BENCH_URL'),
    terminalId: env('SYNC_BENCH_TERMINAL'),
    keyStore: JSON.parse(env('SYNC_BENCH_KEYS')) as { privateKeyPem: string; publicKeyPem: string },
    timeoutMs: 30_000,
  });
  const sender = createOutboxSender({
    ledger,
    client: outboxTransportOf(client),
    now: Date.now,
    random: seededRandom(1),
    log: silentLogger(),
  });
  const queued = sender.status();
  const queuedMemory = process.memoryUsage();
  const startMs = performance.now();
  for (let round = 0; round < 1_000_000; round += 1) {
    const report = await sender.drainOnce();
    if (report.kind !== 'sent') break;
  }
  const drainMs = performance.now() - startMs;
  const left = sender.status().pendingCount;
  if (left !== 0) throw new Error(`sync bench child: ${left} transfers not drained`);
  process.stdout.write(
    `${JSON.stringify({
      drainMs,
      drainTransfersPerSec: (queued.pendingCount / drainMs) * 1000,
      queuedRssBytes: queuedMemory.rss,
      queuedHeapUsedBytes: queuedMemory.heapUsed,
      drainedRssBytes: process.memoryUsage().rss,
    })}\n`,
  );
  ledger.close();
}

if (process.argv.includes(CHILD_FLAG)) {
  await child();
} else if (import.meta.filename === process.argv[1]) {
  const result = await runSyncBench({ count: Number(process.argv[2] ?? 10_000) });
  const { formatTable } = await import('./table.ts');
  console.log(formatTable(syncBenchRows(result)));
}
