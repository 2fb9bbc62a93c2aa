/**
 * Crash campaign: the kiosk core runs as a child process against the CCNET emulator in its own
 * process on a pty. We feed notes, press Pay, and SIGKILL the kiosk at named points of the money
 * path or at random instants (optionally cutting the device's power too), restart it, and after
 * each recovery check against the cassette (ground truth):
 *   Σ cassette = Σ ledger credits = Σ transfers + Σ open sessions, per denomination, no note
 *   credited twice, nothing left unresolved;
 * and against the ФН of the ККТ emulator in its own process (fiscal-checks.ts): one fiscal
 * receipt per payment, its sum the cash taken, nothing issued twice, nothing left open.
 * Everything random comes from one seed, printed with every failure.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng, type Rng } from '../../common/prng.ts';
import type { CrashPoint } from '../../main/deposit/deposit-effects.ts';
import { openPtyPair, type PtyPair } from '../support/pty.ts';
import { fiscalCrashPoints } from './fiscal-child.ts';
import { checkFiscal, type FiscalEmulator, startFiscalEmulator } from './fiscal-checks.ts';
import { type JsonLineProcess, type JsonMessage, spawnJsonLines } from './json-line-process.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const crashPoints: readonly CrashPoint[] = [
  'before-intent',
  'after-intent',
  'after-stack-sent',
  'after-credit',
  'before-commit',
  'after-commit',
  'after-print',
];

/** The money path's points, then the fiscal receipt's, from cash in to the receipt closed. */
const allCrashPoints: readonly string[] = [...crashPoints, ...fiscalCrashPoints];

/** Denominations fed in; 10 руб. is not enabled by config and must come back. */
const noteKopecksChoices = [1_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000];

export type CampaignOptions = {
  seed: number;
  kills: number;
  dir: string;
  /** Called with a line per kill, for the log of a failing run. */
  trace?: (line: string) => void;
  /** Stop killing after this instant (still recover and check once): processes never leak
   * past a test timeout on a slow machine. The result says how many kills were done. */
  deadlineAtMs?: number;
};

export type CampaignResult = {
  kills: number;
  byPoint: Record<string, number>;
  cassetteKopecks: number;
  transfers: number;
  recoveredTransfers: number;
  unmatchedStacked: number;
  /** Credits without device evidence (flagged for collection); see checkAfterRecovery. */
  unresolvedCredits: number;
};

type Emulator = {
  process: JsonLineProcess;
  request(command: Record<string, unknown>): Promise<JsonMessage>;
};

async function startEmulator(pty: PtyPair): Promise<Emulator> {
  const options = {
    timings: {
      initializeMs: 20,
      acceptMs: 10,
      stackMs: 20,
      returnMs: 10,
      rejectMs: 10,
      // Short, so a kiosk that stays down a little finds the note returned (`82` at recovery).
      escrowTimeoutMs: 600,
    },
    // A long campaign inserts thousands of notes and nobody collects: a real 1 000-note cassette
    // would report full (41) and stop taking notes half-way through `npm run test:long`.
    cassetteCapacity: 100_000,
  };
  const process = spawnJsonLines(
    ['emulators/ccnet/pty-main.ts', pty.b, JSON.stringify(options)],
    {},
    repoRoot,
    (message) => message.type === 'reply' || message.type === 'ready',
  );
  await process.waitFor((message) => message.type === 'ready', 'emulator ready', 15_000);
  let nextId = 1;
  return {
    process,
    async request(command) {
      const id = nextId;
      nextId += 1;
      const sinceIndex = process.received();
      process.send({ id, ...command });
      const reply = await process.waitFor(
        (message) => message.type === 'reply' && message.id === id,
        `emulator reply to ${String(command.cmd)}`,
        30_000,
        sinceIndex,
      );
      if (reply.ok !== true)
        throw new Error(`emulator refused ${String(command.cmd)}: ${String(reply.error)}`);
      return reply;
    },
  };
}

/** A kiosk process that has loaded its code and waits for "go" (see kiosk-child.ts). */
function spawnKiosk(pty: PtyPair, dbPath: string, fiscalPty: string): JsonLineProcess {
  return spawnJsonLines(
    ['tests/crash/kiosk-child.ts'],
    { KIOSK_CRASH_DB: dbPath, KIOSK_CRASH_PTY: pty.a, KIOSK_CRASH_FISCAL_PTY: fiscalPty },
    repoRoot,
    (message) => message.type !== 'view',
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const random = createRng(options.seed);
  const trace = options.trace ?? (() => {});
  const dbPath = join(options.dir, 'ledger.db');
  const pty = await openPtyPair();
  const emulator = await startEmulator(pty);
  const fiscal: FiscalEmulator = await startFiscalEmulator(options.dir, repoRoot);
  const byPoint: Record<string, number> = {};
  let kiosk: JsonLineProcess | null = null;
  // Two kiosks load their code ahead of need, so a kill costs recovery time, not Node start-up.
  const spawn = () => spawnKiosk(pty, dbPath, fiscal.pty.a);
  const spares = [spawn(), spawn()];
  const takeKiosk = (crashAt: string | null) => {
    const taken = spares.shift()!;
    spares.push(spawn());
    taken.send({ cmd: 'go', crashAt: crashAt ?? '' });
    return taken;
  };
  let recoveredTransfers = 0;
  let cutsWithReturnPending = 0;
  try {
    let kills = 0;
    for (let kill = 0; kill < options.kills; kill += 1) {
      if (Date.now() > (options.deadlineAtMs ?? Number.POSITIVE_INFINITY)) break;
      kills += 1;
      const named = random.next() < 0.7;
      const point = named ? random.pick(allCrashPoints) : 'random';
      const crashAt = named ? `${point}:${random.intBetween(1, 2)}` : null;
      const bornAtMs = Date.now();
      kiosk = takeKiosk(crashAt);
      const ready = await readyOrKilled(kiosk);
      if (ready === null) {
        // Killed at its point while recovering a previous crash: a crash during recovery.
        byPoint[`${point} (in recovery)`] = (byPoint[`${point} (in recovery)`] ?? 0) + 1;
        trace(`kill ${kill}: planned ${crashAt}, died during recovery`);
        continue;
      }
      recoveredTransfers += await checkAfterRecovery(ready, emulator, dbPath, `kill ${kill}`);
      await checkFiscal(fiscal, dbPath, `kill ${kill}`);
      const unresolved = (ready.report as { unresolvedCredited: number }).unresolvedCredited;
      for (const message of kiosk.messages) {
        if (message.type === 'driver-log' || message.type === 'log') {
          trace(`kill ${kill}: ${JSON.stringify(message).slice(0, 300)}`);
        }
      }
      const r = ready.report as Record<string, unknown>;
      trace(
        `kill ${kill}: recovery open ${String(r.openIntentsAtStart)} stacked ${String(r.deviceStacked)} ` +
          `returned ${String(r.deviceReturned)} restacked ${String(r.restacked)} ` +
          `unmatched ${String(r.unmatchedStacked)} unresolved ${unresolved}`,
      );
      if (unresolved > 0) {
        const cassette = await cassetteOf(emulator);
        const credits = (ready.report as ReadyReport).invariant.creditsKopecks;
        trace(
          `kill ${kill}: recovery credited ${unresolved} without evidence ` +
            `(cassette ${cassette.totalKopecks}, credits ${credits})`,
        );
      }
      const lifeMs = named ? 3_000 : random.intBetween(20, 700);
      const died = await drive(kiosk, emulator, random, lifeMs);
      const outcome = died === 'self' ? point : 'random';
      byPoint[outcome] = (byPoint[outcome] ?? 0) + 1;
      const timing = `to ready ${Date.now() - bornAtMs} ms, recovery ${String(ready.recoverMs)} ms`;
      trace(`kill ${kill}: planned ${crashAt ?? 'random'}, died ${outcome} (${timing})`);
      // Down for longer than the device's escrow timeout: a note left in escrow goes back.
      if (random.next() < 0.2) await sleep(700);
      if (random.next() < 0.15) {
        // The whole kiosk loses power while down. Noted: a cut with an unacknowledged `82`
        // is the one way to an unresolved credit (see checkAfterRecovery).
        type Snapshot = { phase: string; pollAnswer: number[] };
        const before = (await emulator.request({ cmd: 'snapshot' })).snapshot as Snapshot;
        await emulator.request({ cmd: 'powerCycle', at: 'now' });
        const after = (await emulator.request({ cmd: 'snapshot' })).snapshot as Snapshot;
        // The device's motors move between the two requests: a note on its way back may be
        // out by the time power goes; then it comes up plain (10) and its `82` is gone.
        const returning = ['escrow', 'returning', 'returned'].includes(before.phase);
        if (returning && after.pollAnswer[0] === 0x10) cutsWithReturnPending += 1;
        trace(`power cut while down: ${before.phase} → ${after.pollAnswer[0]?.toString(16)}`);
      }
    }
    kiosk = takeKiosk(null);
    const ready = await kiosk.waitFor((m) => m.type === 'ready', 'final kiosk ready', 30_000);
    trace(`final recovery: ${JSON.stringify(ready.report).slice(0, 400)}`);
    recoveredTransfers += await checkAfterRecovery(ready, emulator, dbPath, 'final');
    await checkFiscal(fiscal, dbPath, 'final');
    const totals = ledgerTotals(dbPath);
    const cassette = await cassetteOf(emulator);
    if (totals.unresolved > cutsWithReturnPending) {
      throw new Error(
        `${totals.unresolved} unresolved credits, only ${cutsWithReturnPending} explained by ` +
          'a power cut with a returned note unacknowledged',
      );
    }
    return {
      kills,
      byPoint,
      cassetteKopecks: cassette.totalKopecks,
      transfers: totals.transfers,
      recoveredTransfers,
      unmatchedStacked: totals.unmatched,
      unresolvedCredits: totals.unresolved,
    };
  } finally {
    await kiosk?.kill('SIGKILL');
    for (const spare of spares) await spare.kill('SIGKILL');
    emulator.process.send({ cmd: 'exit' });
    await Promise.race([emulator.process.exited, sleep(2_000)]);
    await emulator.process.kill('SIGKILL');
    await pty.close();
    await fiscal.stop();
  }
}

/** The ready line, or null when the kiosk SIGKILLed itself before recovery finished. */
async function readyOrKilled(kiosk: JsonLineProcess): Promise<JsonMessage | null> {
  try {
    return await kiosk.waitFor((m) => m.type === 'ready', 'kiosk ready', 30_000);
  } catch (error) {
    const exit = kiosk.isAlive() ? null : await kiosk.exited;
    if (exit?.signal === 'SIGKILL') return null;
    throw error;
  }
}

/**
 * A payer feeds notes only as fast as the acceptor draws them in. On a starved machine the kiosk
 * may not poll for seconds while this loop goes on inserting; the emulator then refuses a note
 * once its bezel queue is full, and that note is simply not inserted (not a failure of the run).
 */
async function insertUnlessFull(emulator: Emulator, noteKopecks: number): Promise<void> {
  try {
    await emulator.request({ cmd: 'insertNote', noteKopecks });
  } catch (error) {
    if (!String(error).includes('too many queued notes')) throw error;
  }
}

/**
 * Feeds notes and presses Pay / lets the idle timeout fire until the kiosk dies at its planned
 * point or its life ends (then SIGKILL from outside: a random instant).
 */
async function drive(
  kiosk: JsonLineProcess,
  emulator: Emulator,
  random: Rng,
  lifeMs: number,
): Promise<'self' | 'harness'> {
  const deadline = Date.now() + lifeMs;
  kiosk.send({ cmd: 'start' });
  let stepIndex = 0;
  while (kiosk.isAlive() && Date.now() < deadline && stepIndex < 1_000) {
    stepIndex += 1;
    const roll = random.next();
    if (roll < 0.7) {
      const noteKopecks = random.pick(noteKopecksChoices);
      await insertUnlessFull(emulator, noteKopecks);
    } else if (roll < 0.88) {
      kiosk.send({ cmd: 'pay' });
      kiosk.send({ cmd: 'start' });
    } else if (roll < 0.95) {
      kiosk.send({ cmd: 'idle' });
      kiosk.send({ cmd: 'start' });
    } else {
      // The device loses power while the kiosk runs, during stacking: reported after RESET
      // (12 → 81). Not 'escrow': the driver RESETs after a power-up `11` without waiting for
      // the service to persist it, so a kill in that gap loses the evidence (reported gap).
      await emulator.request({ cmd: 'powerCycle', at: 'stacking' });
    }
    await sleep(random.intBetween(3, 30));
  }
  if (!kiosk.isAlive()) {
    const exit = await kiosk.exited;
    if (exit.signal !== 'SIGKILL') {
      throw new Error(`kiosk exited by itself (${exit.code}); stderr: ${kiosk.stderr()}`);
    }
    return 'self';
  }
  await kiosk.kill('SIGKILL');
  return 'harness';
}

async function cassetteOf(emulator: Emulator) {
  const reply = await emulator.request({ cmd: 'cassette' });
  const cassette = reply.cassette as { notes: { noteKopecks: number }[]; totalKopecks: number };
  return cassette;
}

function ledgerTotals(dbPath: string) {
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const number = (sql: string) => Number(db.prepare(sql).get()?.v ?? Number.NaN);
    const byNote = db
      .prepare(
        `SELECT credited_kopecks AS note, COUNT(*) AS n FROM intent_outcome
         WHERE kind IN ('stacked', 'unresolved') GROUP BY credited_kopecks ORDER BY note`,
      )
      .all()
      .map((row) => `${String(row.note)}x${String(row.n)}`)
      .join(',');
    return {
      byNote,
      unresolved: number(`SELECT COUNT(*) AS v FROM intent_outcome WHERE kind = 'unresolved'`),
      unresolvedKopecks: number(
        `SELECT COALESCE(SUM(credited_kopecks), 0) AS v FROM intent_outcome
         WHERE kind = 'unresolved'`,
      ),
      transfers: number('SELECT COUNT(*) AS v FROM transfer'),
      unmatched: number('SELECT COUNT(*) AS v FROM unmatched_stacked'),
      outbox: number('SELECT COUNT(*) AS v FROM outbox'),
    };
  } finally {
    db.close();
  }
}

function groupNotes(notes: readonly { noteKopecks: number }[]): string {
  const counts = new Map<number, number>();
  for (const note of notes) counts.set(note.noteKopecks, (counts.get(note.noteKopecks) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a], [b]) => a - b)
    .map(([note, count]) => `${note}x${count}`)
    .join(',');
}

type ReadyReport = {
  acceptor: boolean;
  intentsLeftOpen: number;
  unresolvedCredited: number;
  recoveredTransferIds: string[];
  invariant: {
    cassetteNotesKopecks: number;
    creditsKopecks: number;
    transfersKopecks: number;
    openSessionsKopecks: number;
    problems: string[];
    ok: boolean;
  };
};

async function checkAfterRecovery(
  ready: JsonMessage,
  emulator: Emulator,
  dbPath: string,
  label: string,
): Promise<number> {
  const report = ready.report as ReadyReport;
  const cassette = await cassetteOf(emulator);
  const totals = ledgerTotals(dbPath);
  const invariant = report.invariant;
  const problems: string[] = [...invariant.problems];
  if (!report.acceptor) problems.push('acceptor did not open');
  // An intent with no device evidence is credited 'unresolved' (so the payer never loses a
  // note). With this emulator that happens only when power is cut while a `82` for a note whose
  // STACK was never sent is still unacknowledged: the note went back AND was credited, flagged
  // for the operator. So: exact agreement without unresolved credits, bounded with them.
  const credits = invariant.creditsKopecks;
  if (totals.unresolved === 0) {
    if (cassette.totalKopecks !== credits) {
      problems.push(`cassette ${cassette.totalKopecks} != ledger credits ${credits}`);
    }
    if (groupNotes(cassette.notes) !== totals.byNote) {
      problems.push(`cassette notes ${groupNotes(cassette.notes)} != ledger ${totals.byNote}`);
    }
  } else if (
    cassette.totalKopecks > credits ||
    cassette.totalKopecks < credits - totals.unresolvedKopecks
  ) {
    problems.push(
      `cassette ${cassette.totalKopecks} outside credits ${credits} - unresolved ${totals.unresolvedKopecks}`,
    );
  }
  if (invariant.creditsKopecks !== invariant.transfersKopecks + invariant.openSessionsKopecks) {
    problems.push('credits != transfers + open sessions');
  }
  if (invariant.openSessionsKopecks !== 0) problems.push('money left in an open session');
  if (report.intentsLeftOpen !== 0) problems.push(`${report.intentsLeftOpen} intents left open`);
  if (totals.outbox !== totals.transfers) problems.push('a transfer without its outbox row');
  if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}`);
  return report.recoveredTransferIds.length;
}
