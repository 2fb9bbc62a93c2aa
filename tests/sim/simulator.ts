/**
 * Deterministic simulation of the money core: real pure machine, real deposit service, real
 * SQLite ledger file; fake clock, fake timers, fake bill validator (fake-acceptor.ts), and one
 * seeded PRNG choosing every action. A "crash" drops every in-memory object (service, port,
 * connection) at a random point, in the middle of a job or between jobs, and restarts from the
 * file. After every recovery and at the end, money is conserved:
 *   Σ inserted = Σ cassette + Σ given back;  Σ cassette = Σ credits = Σ transfers + Σ open.
 */
import { join } from 'node:path';
import { rubles } from '../../common/money.ts';
import type { DepositConfig } from '../../main/core/deposit-types.ts';
import type { Timers } from '../../main/deposit/deposit-deps.ts';
import { createDepositService, type DepositService } from '../../main/deposit/deposit-service.ts';
import { type Ledger, openLedger } from '../../main/ledger/ledger.ts';
import { uuidv7 } from '../../main/ledger/uuidv7.ts';
import type { CrashPoint } from '../../main/deposit/deposit-effects.ts';
import { createRng } from '../../common/prng.ts';
import { crashPoints } from '../crash/crash-harness.ts';
import { SimDevice, type SimPort, simBillTable } from './fake-acceptor.ts';
import { connectionOf } from '../../main/ledger/test-access.ts';

export type SimStats = {
  steps: number;
  crashes: number;
  transfers: number;
  cassetteKopecks: number;
  returnedKopecks: number;
  unmatchedStacked: number;
  /** How often recovery met each kind of device evidence: proof the windows were hit. */
  coverage: {
    namedCrashes: number;
    openIntents: number;
    deviceStacked: number;
    deviceReturned: number;
    restacked: number;
    recoveredTransfers: number;
  };
};

const config: DepositConfig = {
  depositKopecksMax: rubles(15_000),
  commissionBasisPoints: 250,
  commissionMinKopecks: rubles(20),
  enabledNoteKopecks: [50, 100, 200, 500, 1_000, 2_000, 5_000].map(rubles),
};

/** setTimeout/clearTimeout against the simulated clock; fired only by advance(). */
function createFakeTimers(clock: { nowMs: number }) {
  const pending = new Map<number, { atMs: number; callback: () => void }>();
  let nextHandle = 1;
  const timers: Timers = {
    setTimeout(callback, delayMs) {
      const handle = nextHandle;
      nextHandle += 1;
      pending.set(handle, { atMs: clock.nowMs + delayMs, callback });
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  const advance = (ms: number) => {
    clock.nowMs += ms;
    const due = [...pending.entries()]
      .filter(([, timer]) => timer.atMs <= clock.nowMs)
      .sort(([, a], [, b]) => a.atMs - b.atMs);
    for (const [handle, timer] of due) {
      pending.delete(handle);
      timer.callback();
    }
  };
  return { timers, advance };
}

/** Lets promise chains and setImmediate callbacks run (bounded). */
async function settle(rounds = 6): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

type Host = {
  alive: boolean;
  ledger: Ledger;
  port: SimPort;
  service: DepositService;
  advance: (ms: number) => void;
};

export async function runSimulation(seed: number, steps: number, dir: string): Promise<SimStats> {
  const random = createRng(seed);
  const clock = { nowMs: 1_764_000_000_000 };
  const device = new SimDevice();
  const dbPath = join(dir, `sim-${seed}.db`);
  let idCounter = 0;
  const newId = (nowMs: number) => {
    idCounter += 1;
    const bytes = new Uint8Array(10);
    new DataView(bytes.buffer).setUint32(6, idCounter);
    return uuidv7(nowMs, bytes);
  };
  let crashes = 0;
  const coverage = {
    namedCrashes: 0,
    openIntents: 0,
    deviceStacked: 0,
    deviceReturned: 0,
    restacked: 0,
    recoveredTransfers: 0,
  };
  // Failures of the LIVE host; a crashed host's leftovers failing on a closed file are expected.
  const failures: string[] = [];
  const track = (owner: Host, work: Promise<unknown>) => {
    work.catch((error: unknown) => {
      if (owner.alive) failures.push(String(error));
    });
  };
  const crash = (owner: Host) => {
    if (!owner.alive) return;
    crashes += 1;
    owner.alive = false;
    owner.port.alive = false;
    owner.ledger.close();
    // While the kiosk is down the device lives on: its escrow timer may hand the note back,
    // or the whole kiosk lost power.
    const downtime = random.next();
    if (downtime < 0.3) device.escrowTimeout();
    else if (downtime < 0.45) device.powerCut();
  };

  const boot = async (): Promise<Host> => {
    const fake = createFakeTimers(clock);
    const self = { alive: true };
    // Half of the incarnations die at a named point of the money path (n-th pass).
    const plannedPoint = random.next() < 0.5 ? random.pick(crashPoints) : null;
    let passesLeft = random.intBetween(1, 2);
    const checkpoint = (name: CrashPoint) => {
      if (name !== plannedPoint || !self.alive) return;
      passesLeft -= 1;
      if (passesLeft > 0) return;
      coverage.namedCrashes += 1;
      crash(hostRef.current!);
      throw new Error(`simulated crash at ${name}`);
    };
    const hostRef: { current: Host | null } = { current: null };
    const ledger = openLedger(dbPath);
    const port = device.connect();
    const service = createDepositService(
      {
        ledger,
        acceptor: port,
        config,
        receipts: {
          printTransferReceipt: async () => (random.next() < 0.9 ? 'printed' : 'unprinted'),
        },
        now: () => clock.nowMs,
        log: {
          info() {},
          warn() {},
          error(detail, message) {
            if (self.alive) failures.push(`${message} ${JSON.stringify(detail)}`);
          },
        },
        newId,
        idleTimeoutMs: 60_000,
        outcomeWaitMsMax: 30_000,
        timers: fake.timers,
      },
      { checkpoint },
    );
    const recovering = service.recover();
    const hostNow: Host = { ledger, port, service, advance: fake.advance, alive: true };
    hostRef.current = hostNow;
    let report: Awaited<typeof recovering>;
    try {
      report = await recovering;
    } catch (error) {
      if (hostNow.alive) throw error;
      return boot(); // died at its point during recovery: a crash during recovery
    }
    coverage.openIntents += report.openIntentsAtStart;
    coverage.deviceStacked += report.deviceStacked;
    coverage.deviceReturned += report.deviceReturned;
    coverage.restacked += report.restacked;
    coverage.recoveredTransfers += report.recoveredTransferIds.length;
    check(`seed ${seed} recovery ${crashes}`, ledger, device);
    if (report.unresolvedCredited !== 0 || report.intentsLeftOpen !== 0) {
      throw new Error(`seed ${seed}: recovery left evidence gaps ${JSON.stringify(report)}`);
    }
    Object.defineProperty(self, 'alive', { get: () => hostNow.alive });
    return hostNow;
  };

  let host = await boot();
  for (let stepIndex = 0; stepIndex < steps; stepIndex += 1) {
    if (!host.alive) host = await boot();
    const roll = random.next();
    if (roll < 0.35) {
      device.insert(random.pick(simBillTable).billType, random.next() < 0.1);
      await host.port.pump();
    } else if (roll < 0.57) {
      device.advance();
      await host.port.pump();
    } else if (roll < 0.69) {
      track(
        host,
        host.service.startSession({
          recipient: {
            kind: 'inmate',
            inmateRef: 'inm-sim',
            maskedName: 'Кузнецов К. К.',
            birthYear: 1988,
            facilityId: 'sizo-3',
            facilityName: 'СИЗО-3',
          },
        }),
      );
    } else if (roll < 0.76) {
      track(host, host.service.payNow());
    } else if (roll < 0.78) {
      track(host, host.service.cancel());
    } else if (roll < 0.85) {
      host.advance(random.intBetween(1, 70_000));
    } else if (roll < 0.88) {
      device.escrowTimeout();
      await host.port.pump();
    } else if (roll < 0.9) {
      device.powerCut();
    } else if (roll < 0.92) {
      // Crash while a device event is being handled: after k microtasks, i.e. between any two
      // effects of the job (intent written / STACK sent / credit written / ACK).
      if (random.next() < 0.5) device.insert(random.pick(simBillTable).billType);
      else device.advance();
      track(host, host.port.pump());
      const microtasks = random.intBetween(0, 12);
      for (let tick = 0; tick < microtasks; tick += 1) await Promise.resolve();
      crash(host);
      host = await boot();
    } else if (roll < 0.94) {
      // Crash: mid-job half the time (no settling), at a quiet point otherwise.
      if (random.next() < 0.5) await settle();
      crash(host);
      host = await boot();
    }
    await settle(random.intBetween(0, 3));
    if (failures.length > 0) throw new Error(`seed ${seed} step ${stepIndex}: ${failures[0]}`);
  }
  // Liveness: faults off, everything resolves, every session ends.
  await settle();
  if (host.alive) crash(host);
  host = await boot();
  while (!host.alive) host = await boot();
  const stats = host.ledger.checkInvariant();
  const transfers = host.ledger.listTransfers({ limit: 1, offset: 0 }).total;
  const unmatched = Number(
    connectionOf(host.ledger).prepare('SELECT COUNT(*) AS v FROM unmatched_stacked').get()?.v ?? 0,
  );
  host.ledger.close();
  return {
    steps,
    crashes,
    transfers,
    cassetteKopecks: stats.cassetteNotesKopecks,
    returnedKopecks: device.returnedToPayer.reduce((sum, note) => sum + note.noteKopecks, 0),
    unmatchedStacked: unmatched,
    coverage,
  };
}

function check(label: string, ledger: Ledger, device: SimDevice): void {
  const invariant = ledger.checkInvariant();
  const cassette = device.cassette.reduce((sum, note) => sum + note.noteKopecks, 0);
  const returned = device.returnedToPayer.reduce((sum, note) => sum + note.noteKopecks, 0);
  const inHead =
    device.head.kind === 'empty'
      ? 0
      : device.head.kind === 'report'
        ? 0
        : device.head.note.noteKopecks;
  const problems = [...invariant.problems];
  if (cassette !== invariant.creditsKopecks) {
    problems.push(`cassette ${cassette} != credits ${invariant.creditsKopecks}`);
  }
  if (device.insertedKopecks !== cassette + returned + inHead) {
    problems.push(`inserted ${device.insertedKopecks} != cassette + returned + head`);
  }
  if (invariant.openSessionsKopecks !== 0) problems.push('money left in an open session');
  if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}`);
}
