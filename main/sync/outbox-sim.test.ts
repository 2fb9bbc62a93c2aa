/**
 * Deterministic simulation of the outbox (reliability.md §2.4): a seeded run of payments,
 * send rounds, network faults, answers lost after central committed, and process crashes
 * (the sender dropped mid-request, the ledger reopened from its file). Invariants after every
 * step: a resend always carries the same body (so central's dedup applies); a row marked
 * delivered is at central; delivered + pending = committed. Then a liveness phase with the
 * faults healed must empty the outbox.
 * A failing seed prints itself; rerun with SIM_SEED=<seed>.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../common/result.ts';
import { type Ledger, openLedger } from '../ledger/ledger.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { silentLogger } from '../log.ts';
import { type Random, seededRandom } from './backoff.ts';
import type { CentralFailure } from './central-failure.ts';
import type { TransferCreate } from './outbox-payload.ts';
import {
  type BatchItemOutcome,
  createOutboxSender,
  type OutboxSender,
  type OutboxTransport,
} from './outbox-sender.ts';
import { seedTransfers } from '../../tests/support/sync-support.ts';

type Network = 'up' | 'down' | 'flaky';

/** Central with the real dedup rule, and a network whose fate the seed decides per request. */
function simulatedCentral(random: Random) {
  const received = new Map<string, TransferCreate>();
  /** Requests that carried each transfer: above 1 means a resend central had to dedup. */
  const sends = new Map<string, number>();
  let network: Network = 'up';
  let crashNext = false;
  const accept = (body: TransferCreate) => {
    sends.set(body.transferId, (sends.get(body.transferId) ?? 0) + 1);
    const seen = received.get(body.transferId);
    // Central's rule: same key, same body → the stored answer; same key, other body → 422.
    if (seen === undefined) received.set(body.transferId, body);
    else expect(JSON.stringify(body)).toBe(JSON.stringify(seen));
  };
  /** null → the process "crashes" while waiting: the promise never settles. */
  const fate = (): 'lost-before' | 'ok' | 'lost-after' | 'crash-after' => {
    if (crashNext) {
      crashNext = false;
      return 'crash-after';
    }
    if (network === 'down') return 'lost-before';
    if (network === 'up') return 'ok';
    const draw = random();
    return draw < 0.3 ? 'lost-before' : draw < 0.6 ? 'lost-after' : 'ok';
  };
  const run = <T>(bodies: readonly TransferCreate[], answer: () => T) => {
    const outcome = fate();
    if (outcome === 'lost-before') return Promise.resolve(err<CentralFailure>({ kind: 'network' }));
    for (const body of bodies) accept(body);
    if (outcome === 'lost-after') return Promise.resolve(err<CentralFailure>({ kind: 'timeout' }));
    if (outcome === 'crash-after') return new Promise<never>(() => undefined);
    return Promise.resolve(ok(answer()));
  };
  const transport: OutboxTransport = {
    sendOne: (body) => run([body], () => ({})),
    sendBatch: (bodies): Promise<Result<readonly BatchItemOutcome[], CentralFailure>> =>
      run(bodies, () =>
        bodies.map((b) => ({ transferId: b.transferId, httpStatus: 201, code: null })),
      ),
  };
  return {
    transport,
    received,
    sends,
    setNetwork: (next: Network) => {
      network = next;
    },
    /** Arms a crash for the next request only; disarmed if no request went out. */
    crashOnNextRequest: (armed: boolean) => {
      crashNext = armed;
    },
  };
}

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir('kiosk-sim-');
});
afterEach(() => temp.remove());

async function simulate(seed: number, steps: number): Promise<number> {
  const random = seededRandom(seed);
  const central = simulatedCentral(random);
  const path = join(temp.dir, `sim-${seed}.db`);
  // The crashes simulated here are process crashes (the page cache survives), for which
  // synchronous=OFF loses nothing: it keeps 1 800 steps a few seconds instead of a minute.
  const open = () => {
    const opened = openLedger(path);
    opened.db.exec('PRAGMA synchronous = OFF');
    return opened;
  };
  let ledger: Ledger = open();
  let nowMs = 1_700_000_000_000;
  const committed: string[] = [];
  const boot = (): OutboxSender =>
    createOutboxSender({
      ledger,
      client: central.transport,
      now: () => nowMs,
      random,
      log: silentLogger(),
      options: { batchCountMax: 1 + Math.floor(random() * 20), breakerFailuresToOpen: 3 },
    });
  let sender = boot();

  const checkSafety = (step: number) => {
    const where = `seed ${seed} step ${step}`;
    const delivered = ledger.db
      .prepare('SELECT transfer_id FROM outbox WHERE delivered_at_ms IS NOT NULL')
      .all()
      .map((row) => String(row.transfer_id));
    for (const id of delivered) expect(central.received.has(id), where).toBe(true);
    const pending = sender.status().pendingCount;
    expect(pending + delivered.length, where).toBe(committed.length);
  };

  for (let step = 0; step < steps; step += 1) {
    const draw = random();
    nowMs += Math.floor(random() * 5_000);
    if (draw < 0.3) {
      committed.push(
        ...seedTransfers(ledger, { count: 1 + Math.floor(random() * 3), startMs: nowMs }),
      );
      nowMs += 3;
    } else if (draw < 0.4) {
      central.setNetwork((['up', 'down', 'flaky'] as const)[Math.floor(random() * 3)]!);
    } else if (draw < 0.45) {
      // Crash while a request is in flight: central may have committed; we never hear.
      central.crashOnNextRequest(true);
      void sender.drainOnce();
      await new Promise((resolve) => setImmediate(resolve));
      central.crashOnNextRequest(false);
      ledger.close();
      ledger = open();
      sender = boot();
    } else {
      await sender.drainOnce();
    }
    checkSafety(step);
  }

  // Liveness: the network heals; the outbox must drain within a bounded number of rounds.
  central.setNetwork('up');
  for (let round = 0; round < 10_000 && sender.status().pendingCount > 0; round += 1) {
    nowMs += 60_000;
    await sender.drainOnce();
  }
  checkSafety(steps);
  expect(sender.status().pendingCount, `seed ${seed}: no liveness`).toBe(0);
  expect(central.received.size).toBe(committed.length);
  ledger.close();
  return [...central.sends.values()].filter((count) => count > 1).length;
}

describe('outbox simulation', () => {
  const fixed = process.env.SIM_SEED;
  const seeds =
    fixed !== undefined
      ? [Number(fixed)]
      : Array.from({ length: process.env.KIOSK_LONG === '1' ? 200 : 6 }, (_, i) => 9_000 + i);
  // Chunks of 10 seeds: progress is visible and a hang is pinned to a few seeds.
  const chunks = Array.from({ length: Math.ceil(seeds.length / 10) }, (_, i) =>
    seeds.slice(i * 10, i * 10 + 10),
  );
  let resent = 0;
  for (const chunk of chunks) {
    it(`holds its invariants for seeds ${chunk[0]}…${chunk.at(-1)}`, async () => {
      for (const seed of chunk) resent += await simulate(seed, 150);
    }, 120_000);
  }
  it('exercised resends of transfers central already had', () => {
    if (fixed === undefined) expect(resent).toBeGreaterThan(0);
  });
});
