/**
 * Chaos: the real outbox sender against the real central server through a fault-injecting
 * proxy (drops, delays, 500/503, resets mid-response, hangs past the client timeout, and
 * answers lost after central committed). Seeded: a failing seed replays. After the faults run
 * out (recovery phase), every committed transfer must exist at central exactly once, with the
 * kiosk's amounts, and the outbox must be empty with nothing parked.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../support/central-harness.ts';
import { type Ledger, openLedger } from '../../main/ledger/ledger.ts';
import { sampleRecipient, tempDir } from '../support/ledger-support.ts';
import { silentLogger } from '../../main/log.ts';
import { seededRandom } from '../../common/prng.ts';
import { createCentralClient } from '../../main/sync/central-client.ts';
import { outboxTransportOf } from '../../main/sync/central-adapters.ts';
import { createOutboxSender, type OutboxSender } from '../../main/sync/outbox-sender.ts';
import { seedTransfers } from '../support/sync-support.ts';
import { type ChaosProxy, seededFaultPlan, startChaosProxy } from '../support/chaos-proxy.ts';

const long = process.env.KIOSK_LONG === '1';
const SEEDS = long ? Array.from({ length: 20 }, (_, i) => 1_000 + i) : [11, 12, 13];
/** Demo inmates central knows (central/generate.ts FIXED_DEMO_INMATES, active ones). */
const INMATE_REFS = ['idemo000000000001', 'idemo000000000002', 'idemo000000000003'];

let central: TestCentral;
let proxy: ChaosProxy;
let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
let sender: OutboxSender | null = null;

beforeEach(async () => {
  central = await startTestCentral();
  proxy = await startChaosProxy({ upstreamUrl: central.central.url });
  temp = tempDir('kiosk-chaos-');
  ledger = openLedger(join(temp.dir, 'ledger.db'));
});
afterEach(async () => {
  await sender?.stop();
  sender = null;
  ledger.close();
  temp.remove();
  await proxy.close();
  await central.stop();
});

function seed(count: number, startMs: number, random: () => number): string[] {
  return seedTransfers(ledger, {
    count,
    startMs,
    recipientFor: (index) => ({
      ...sampleRecipient,
      inmateRef: INMATE_REFS[index % INMATE_REFS.length]!,
      facilityId: '77-sizo-1',
    }),
    noteKopecksFor: () => [10_000, 50_000, 100_000, 500_000][Math.floor(random() * 4)]!,
  });
}

async function drained(current: OutboxSender, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (current.status().pendingCount > 0) {
    if (Date.now() > deadline) throw new Error(`not drained: ${JSON.stringify(current.status())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function centralTransfers(terminalId: string): Promise<Map<string, number>> {
  const rows = await central.central.db.all<{ id: string; deposited_kopecks: number }>(
    'SELECT id, deposited_kopecks FROM transfers WHERE terminal_id = ?',
    terminalId,
  );
  return new Map(rows.map((row) => [row.id, row.deposited_kopecks]));
}

function injectedFaults(): number {
  const { faults } = proxy.stats();
  return Object.values(faults).reduce((a, b) => a + b, 0) - faults.pass;
}

describe('outbox under network chaos', () => {
  for (const seedValue of SEEDS) {
    it(
      `seed ${seedValue}: every transfer reaches central exactly once`,
      async () => {
        const random = seededRandom(seedValue);
        const terminal = await central.enrolTerminal(`chaos-${seedValue}`, ['77-sizo-1']);
        proxy.setPlan(
          seededFaultPlan({
            seed: seedValue,
            faultRate: 0.6,
            faultsMax: long ? 80 : 20,
            kinds: ['drop', 'delay', 'status', 'reset-mid-response', 'lost-answer', 'hang'],
            delayMsMax: 150,
            hangMs: 600,
          }),
        );
        const client = createCentralClient({
          baseUrl: proxy.url,
          terminalId: terminal.terminalId,
          keyStore: terminal.keys,
          timeoutMs: 400,
        });
        const ids = seed(25, Date.now() - 60_000, random);
        sender = createOutboxSender({
          ledger,
          client: outboxTransportOf(client),
          now: Date.now,
          random,
          log: silentLogger(),
          options: {
            batchCountMax: 7,
            retryDelayMsBase: 5,
            retryDelayMsCap: 80,
            breakerFailuresToOpen: 4,
            breakerCoolDownMs: 40,
            breakerCoolDownMsCap: 160,
            idlePollMs: 50,
          },
        });
        sender.start();
        // Fault phase: payments keep arriving while the network misbehaves, until the plan
        // has spent all its faults (bounded). Then the recovery phase: everything must drain.
        const faultsMax = long ? 80 : 20;
        for (let round = 0; round < 400 && injectedFaults() < faultsMax; round += 1) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          if (round % 2 === 0) ids.push(...seed(3, Date.now(), random));
          sender.notify();
        }
        expect(injectedFaults()).toBe(faultsMax);
        await drained(sender, long ? 120_000 : 25_000);

        const atCentral = await centralTransfers(terminal.terminalId);
        expect(atCentral.size).toBe(ids.length);
        for (const id of ids) {
          expect(atCentral.get(id)).toBe(ledger.transferById(id)?.acceptedKopecks);
        }
        expect(sender.status()).toMatchObject({ pendingCount: 0, parkedCount: 0 });
        expect(proxy.stats().faults['lost-answer']).toBeGreaterThan(0);
      },
      long ? 240_000 : 60_000,
    );
  }

  it('an answer lost after commit is resent; central replays it, no second transfer', async () => {
    const terminal = await central.enrolTerminal('chaos-lost', ['77-sizo-1']);
    let lost = 0;
    proxy.setPlan((request) =>
      request.url.startsWith('/v1/transfers') && lost++ < 2
        ? { kind: 'lost-answer' }
        : { kind: 'pass' },
    );
    const client = createCentralClient({
      baseUrl: proxy.url,
      terminalId: terminal.terminalId,
      keyStore: terminal.keys,
      timeoutMs: 2_000,
    });
    const [id] = seed(1, Date.now(), () => 0);
    sender = createOutboxSender({
      ledger,
      client: outboxTransportOf(client),
      now: Date.now,
      random: () => 0,
      log: silentLogger(),
    });
    expect(await sender.drainOnce()).toMatchObject({ kind: 'sent', retried: 1 });
    // Central already has it, though the kiosk does not know yet.
    expect((await centralTransfers(terminal.terminalId)).has(id!)).toBe(true);
    await sender.drainOnce();
    await sender.drainOnce();
    expect(sender.status().pendingCount).toBe(0);
    expect((await centralTransfers(terminal.terminalId)).size).toBe(1);
    expect(proxy.stats().faults['lost-answer']).toBe(2);
  });
});
