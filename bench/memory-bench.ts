/**
 * Memory bench: does the kiosk main process keep anything per payer session? RSS over 10 000
 * payer sessions in one process, measured after session 100 (everything lazily built exists by
 * then: statements, caches, buffers) and after the last one. Target: < 5 MB growth between the
 * two, i.e. nothing retained per session.
 *
 * How it is measured: a child process started with --expose-gc runs only this workload (the
 * other benches' heaps do not count); before each reading it runs global.gc() twice, so the
 * reading is what is still referenced, plus what V8 and SQLite keep reserved (RSS). V8's young
 * generation is pinned (see CHILD_NODE_FLAGS). SQLite's page cache is not: it fills up to the
 * ledger's cache_size while the file grows, and that counts. Growth that happens in steps and
 * then stops is a high-water mark, growth that goes on is retention: the second-half row tells
 * which. MEMORY_BENCH_TRACE=1 prints RSS, heap and new space every 500 sessions on stderr.
 *
 * One payer session is the main-process path of a cash payment, with the real modules the
 * kiosk composes: the deposit service on a real ledger file (WAL, synchronous=FULL), the CCNET
 * driver speaking bytes to the byte-exact acceptor emulator (fast motor timings), the receipt
 * service printing through the ESC/POS driver to the printer emulator, and the completed
 * payment read back for the success screen. Start, one to three notes, Pay, receipt. Left out:
 * the IPC/WebSocket layer, the status model and sending to central (the outbox grows in the
 * file, as on a kiosk that is offline). The emulators' own records (printed receipts, the
 * cassette) are emptied as an operator would, so they do not count against the kiosk.
 * Run alone: node bench/memory-bench.ts [sessions].
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { getHeapSpaceStatistics } from 'node:v8';
import { type Kopecks, rubles } from '../common/money.ts';
import { CcnetEmulator } from '../emulators/ccnet/emulator.ts';
import { createEmulatedEscposPrinter } from '../main/dev/emulated-printer.ts';
import { createMemoryLinkPair } from '../protocol/memory-link.ts';
import type { DepositConfig } from '../main/core/deposit-types.ts';
import { createDepositService, type DepositService } from '../main/deposit/deposit-service.ts';
import { createCcnetDriver } from '../main/devices/ccnet/driver.ts';
import { openLedger } from '../main/ledger/ledger.ts';
import { silentLogger } from '../main/log.ts';
import { createReceiptService, type ReceiptService } from '../main/receipts/receipt-service.ts';
import { type BenchRow, benchRow } from './table.ts';

export type MemoryBenchResult = {
  sessions: number;
  warmupSessions: number;
  warmRssBytes: number;
  /** After half the sessions: growth that stops there is a high-water mark, not retention. */
  halfRssBytes: number;
  finalRssBytes: number;
  warmHeapUsedBytes: number;
  finalHeapUsedBytes: number;
  sessionMsMean: number;
};

const CHILD_FLAG = '--memory-bench-child';
/**
 * gc() for settled readings; the young generation pinned at its largest size, because V8 grows
 * it once, whenever allocation first peaks (seen: 14 → 28 MB around session 700), and that
 * bounded step would otherwise read as growth per session.
 */
const CHILD_NODE_FLAGS = ['--expose-gc', '--min-semi-space-size=16', '--max-semi-space-size=16'];
const NOTE_KOPECKS: readonly Kopecks[] = [rubles(100), rubles(500), rubles(1_000)];
const RECIPIENT_REFS = ['idemo000000000001', 'idemo000000000002', 'idemo000000000003'];
const depositConfig: DepositConfig = {
  depositKopecksMax: rubles(15_000),
  commissionBasisPoints: 300,
  commissionMinKopecks: rubles(30),
  enabledNoteKopecks: [50, 100, 200, 500, 1_000, 2_000, 5_000].map(rubles),
};
const quiet = { info() {}, warn() {}, error() {} };

export async function runMemoryBench(
  options: { sessions?: number; warmupSessions?: number } = {},
): Promise<MemoryBenchResult> {
  const sessions = options.sessions ?? 10_000;
  const warmupSessions = Math.min(options.warmupSessions ?? 100, sessions);
  const child = spawn(process.execPath, [...CHILD_NODE_FLAGS, import.meta.filename, CHILD_FLAG], {
    env: {
      ...process.env,
      MEMORY_BENCH_SESSIONS: String(sessions),
      MEMORY_BENCH_WARMUP: String(warmupSessions),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let result: MemoryBenchResult | null = null;
  for await (const line of createInterface({ input: child.stdout })) {
    result = JSON.parse(line) as MemoryBenchResult;
  }
  const code = await exited;
  if (result === null || code !== 0) throw new Error(`memory bench child exited with ${code}`);
  return result;
}

export function memoryBenchRows(result: MemoryBenchResult): BenchRow[] {
  const mb = (bytes: number) => Math.round(bytes / 10_000) / 100;
  const row = (name: string, value: number, unit: string, target = {}) =>
    benchRow({ area: 'memory', name, value, unit, target });
  const half = Math.floor(result.sessions / 2);
  const after = (count: number) => `RSS after payer session ${count.toLocaleString('en')}`;
  return [
    row(after(result.warmupSessions), mb(result.warmRssBytes), 'MB'),
    row(after(result.sessions), mb(result.finalRssBytes), 'MB'),
    row(
      `RSS growth, sessions ${result.warmupSessions}→${result.sessions.toLocaleString('en')}`,
      mb(result.finalRssBytes - result.warmRssBytes),
      'MB',
      { below: 5 },
    ),
    row(
      `RSS growth, second half (${half.toLocaleString('en')}→${result.sessions.toLocaleString('en')})`,
      mb(result.finalRssBytes - result.halfRssBytes),
      'MB',
    ),
    row(
      `heap used growth, sessions ${result.warmupSessions}→last`,
      mb(result.finalHeapUsedBytes - result.warmHeapUsedBytes),
      'MB',
    ),
    row('one payer session (start, notes, Pay, receipt)', result.sessionMsMean, 'ms'),
  ];
}

type Rig = {
  deposit: DepositService;
  receipts: ReceiptService;
  acceptor: CcnetEmulator;
  clearPaper(): void;
  close(): Promise<void>;
};

async function openRig(dir: string): Promise<Rig> {
  const acceptor = new CcnetEmulator({
    timings: { initializeMs: 5, acceptMs: 1, stackMs: 1, returnMs: 1, rejectMs: 1 },
    tickMs: 1,
  });
  const [hostSide, deviceSide] = createMemoryLinkPair();
  acceptor.attach(deviceSide);
  const driver = createCcnetDriver(hostSide, {
    pollIntervalMs: 2,
    responseTimeoutMs: 200,
    busFreeMs: 0,
  });
  const ledger = openLedger(join(dir, 'ledger.sqlite'));
  const { printer, emulator: paper } = createEmulatedEscposPrinter({ widthColumns: 48 });
  const receipts = createReceiptService({
    ledger,
    printer,
    context: () => ({
      terminalId: 'BENCH-1',
      agent: null,
      utcOffsetMinutes: 180,
      creditingTimeText: 'в течение 3–5 рабочих дней',
      supportPhone: '8 800 000-00-00',
      trackingUrlPrefix: null,
    }),
    widthColumns: () => 48,
    creditingTimeKey: 'crediting-3-5-days',
    log: silentLogger(),
  });
  const deposit = createDepositService({
    ledger,
    acceptor: driver,
    config: depositConfig,
    receipts,
    now: Date.now,
    log: quiet,
  });
  // What the kiosk does with every change: serialise the view for the screen.
  deposit.onDidChange((view) => void JSON.stringify(view));
  await deposit.recover();
  return {
    deposit,
    receipts,
    acceptor,
    clearPaper: () => paper.clearReceipts(),
    async close() {
      await deposit.drained();
      await driver.close();
      await printer.close();
      acceptor.detach();
      ledger.close();
    },
  };
}

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`memory bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

async function payerSession(rig: Rig, index: number): Promise<void> {
  const started = await rig.deposit.startSession({
    recipient: {
      kind: 'inmate',
      inmateRef: RECIPIENT_REFS[index % RECIPIENT_REFS.length]!,
      maskedName: 'Иванов И. И.',
      birthYear: 1985,
      facilityId: '77-sizo-1',
      facilityName: 'ФКУ СИЗО-1 УФСИН России по г. Москве',
    },
  });
  if (!started.ok) throw new Error(`memory bench: session ${index}: ${started.error.kind}`);
  const notes = 1 + (index % 3);
  for (let note = 0; note < notes; note += 1) {
    rig.acceptor.insertNote(NOTE_KOPECKS[(index + note) % NOTE_KOPECKS.length]!);
    await waitFor(() => rig.deposit.view()?.notes.length === note + 1, `note ${note + 1}`);
  }
  const paid = await rig.deposit.payNow();
  if (!paid.ok) throw new Error(`memory bench: pay ${index}: ${paid.error.kind}`);
  if (rig.receipts.completedPayment(paid.value.transferId)?.receipt !== 'printed') {
    throw new Error(`memory bench: session ${index}: no printed receipt`);
  }
  rig.clearPaper();
  // The emulated cassette holds 1 000 notes; a collector empties it long before.
  if (index % 300 === 0) rig.acceptor.collectCassette();
}

function newSpaceBytes(): number {
  const space = getHeapSpaceStatistics().find((entry) => entry.space_name === 'new_space');
  return space?.physical_space_size ?? 0;
}

function settledMemory(): NodeJS.MemoryUsage {
  globalThis.gc?.();
  globalThis.gc?.();
  return process.memoryUsage();
}

async function child(): Promise<void> {
  if (globalThis.gc === undefined) throw new Error('memory bench child needs --expose-gc');
  const sessions = Number(process.env.MEMORY_BENCH_SESSIONS);
  const warmupSessions = Number(process.env.MEMORY_BENCH_WARMUP);
  // MEMORY_BENCH_TRACE=1: RSS every 500 sessions on stderr, to see where growth happens.
  const trace = process.env.MEMORY_BENCH_TRACE === '1';
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-memory-bench-'));
  const rig = await openRig(dir);
  try {
    const halfSessions = Math.floor(sessions / 2);
    let warm = settledMemory();
    let half = warm;
    let warmAtMs = performance.now();
    for (let index = 1; index <= sessions; index += 1) {
      await payerSession(rig, index);
      if (trace && index % 500 === 0) {
        const now = settledMemory();
        const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
        process.stderr.write(
          `memory bench: session ${index}: RSS ${mb(now.rss)} MB, heap ${mb(now.heapUsed)} MB,` +
            ` external ${mb(now.external)} MB, new space ${mb(newSpaceBytes())} MB\n`,
        );
      }
      if (index === halfSessions) half = settledMemory();
      if (index === warmupSessions) {
        warm = settledMemory();
        warmAtMs = performance.now();
      }
    }
    const final = settledMemory();
    const measured = Math.max(1, sessions - warmupSessions);
    const result: MemoryBenchResult = {
      sessions,
      warmupSessions,
      warmRssBytes: warm.rss,
      halfRssBytes: half.rss,
      finalRssBytes: final.rss,
      warmHeapUsedBytes: warm.heapUsed,
      finalHeapUsedBytes: final.heapUsed,
      sessionMsMean: (performance.now() - warmAtMs) / measured,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await rig.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes(CHILD_FLAG)) {
  await child();
} else if (import.meta.main) {
  const result = await runMemoryBench({ sessions: Number(process.argv[2] ?? 10_000) });
  const { formatTable } = await import('./table.ts');
  console.log(formatTable(memoryBenchRows(result)));
}
