/**
 * SIGKILL of the kiosk's sync side at random instants while it commits and sends (through a
 * proxy that also loses some answers after central committed), then restart, several times.
 * Afterwards every transfer in the kiosk's ledger exists at central exactly once with the same
 * amount, and the outbox is empty: a row is marked delivered only after central's answer, and
 * a resend after a crash is deduplicated by its Idempotency-Key.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestCentral, type TestCentral } from '../support/central-harness.ts';
import { openLedger } from '../../main/ledger/ledger.ts';
import { tempDir } from '../support/ledger-support.ts';
import { seededRandom } from '../../common/prng.ts';
import { connectionOf } from '../../main/ledger/test-access.ts';
import { type ChaosProxy, seededFaultPlan, startChaosProxy } from '../support/chaos-proxy.ts';
import { spawnJsonLines } from './json-line-process.ts';

const long = process.env.KIOSK_LONG === '1';
const KILLS = long ? 25 : 6;
const childScript = join(import.meta.dirname, 'sync-crash-child.ts');
const repoRoot = join(import.meta.dirname, '..', '..');

let central: TestCentral;
let proxy: ChaosProxy;
let temp: ReturnType<typeof tempDir>;
beforeEach(async () => {
  central = await startTestCentral();
  proxy = await startChaosProxy({ upstreamUrl: central.central.url });
  temp = tempDir('kiosk-sync-crash-');
});
afterEach(async () => {
  temp.remove();
  await proxy.close();
  await central.stop();
});

describe('sync survives SIGKILL', () => {
  it(
    `${KILLS} kills mid-send, then a clean drain: each transfer at central once`,
    async () => {
      const seed = 4_242;
      const random = seededRandom(seed);
      const terminal = await central.enrolTerminal('sync-crash', ['77-sizo-1']);
      proxy.setPlan(
        seededFaultPlan({
          seed,
          faultRate: 0.3,
          faultsMax: 10_000,
          kinds: ['lost-answer', 'delay'],
          delayMsMax: 40,
        }),
      );
      const ledgerPath = join(temp.dir, 'ledger.db');
      const env = (mode: 'run' | 'drain', round: number) => ({
        SYNC_LEDGER: ledgerPath,
        SYNC_CENTRAL_URL: proxy.url,
        SYNC_TERMINAL_ID: terminal.terminalId,
        SYNC_KEYS: JSON.stringify(terminal.keys),
        SYNC_SEED: String(seed + round),
        SYNC_MODE: mode,
        SYNC_NEW_TRANSFERS: '40',
      });
      let killedWithUnsent = 0;
      for (let round = 0; round < KILLS; round += 1) {
        const child = spawnJsonLines([childScript], env('run', round), repoRoot);
        await child.waitFor((m) => m.type === 'ready', 'ready', 15_000);
        // Kill a few commits in (not at a fixed time: a loaded machine commits slower), at a
        // random instant between sends, commits and deliveries.
        const commits = 2 + Math.floor(random() * 8);
        let seen = 0;
        await child.waitFor((m) => m.type === 'committed' && ++seen >= commits, 'commits', 30_000);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 40)));
        await child.kill('SIGKILL');
        expect((await child.exited).signal).toBe('SIGKILL');
        const afterKill = openLedger(ledgerPath);
        if (afterKill.outbox.stats().pendingCount > 0) killedWithUnsent += 1;
        afterKill.close();
      }
      proxy.setPlan(() => ({ kind: 'pass' }));
      const drain = spawnJsonLines([childScript], env('drain', KILLS), repoRoot);
      // 'close' (not 'exit'): every line the child wrote has been read by then.
      await new Promise((resolve) => drain.child.once('close', resolve));
      expect((await drain.exited).code, drain.stderr()).toBe(0);
      expect(drain.messages.some((m) => m.type === 'drained')).toBe(true);

      const ledger = openLedger(ledgerPath);
      try {
        const kiosk = connectionOf(ledger)
          .prepare('SELECT id, accepted_kopecks FROM transfer')
          .all() as Array<{
          id: string;
          accepted_kopecks: number;
        }>;
        const atCentral = new Map(
          (
            await central.central.db.all<{ id: string; deposited_kopecks: number }>(
              'SELECT id, deposited_kopecks FROM transfers WHERE terminal_id = ?',
              terminal.terminalId,
            )
          ).map((row) => [row.id, row.deposited_kopecks]),
        );
        expect(kiosk.length).toBeGreaterThanOrEqual(2 * KILLS);
        expect(atCentral.size).toBe(kiosk.length);
        for (const row of kiosk) expect(atCentral.get(row.id)).toBe(row.accepted_kopecks);
        expect(ledger.outbox.stats()).toMatchObject({ pendingCount: 0, parkedCount: 0 });
      } finally {
        ledger.close();
      }
      // The kills landed while there was unsent money, not only in quiet moments.
      expect(killedWithUnsent).toBeGreaterThan(0);
      expect(proxy.stats().faults['lost-answer']).toBeGreaterThan(0);
    },
    long ? 600_000 : 120_000,
  );
});
