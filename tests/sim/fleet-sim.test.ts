/**
 * A small fleet run (a few seconds): terminals enrolled over HTTP send heartbeats, transfers
 * by the day's curve, roster fetches and outage backlogs (some transfers sent twice, as after
 * a lost acknowledgement); payers log in from their app, search and pay from their wallets.
 * Afterwards every transfer sent is at central exactly once and the sums match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestCentral,
  TEST_ADMIN_TOKEN,
  type TestCentral,
} from '../support/central-harness.ts';
import { checkConservation } from './fleet-check.ts';
import { DEFAULT_FLEET, type FleetConfig, planFleet } from './fleet-schedule.ts';
import {
  enrolTerminals,
  PAYER_TOP_UP_KOPECKS,
  recipientsOf,
  registerPayers,
} from './fleet-setup.ts';
import { type FleetTarget, runFleet } from './fleet-sim.ts';

const CONFIG: FleetConfig = {
  ...DEFAULT_FLEET,
  terminals: 10,
  payers: 3,
  simDurationMs: 20 * 60_000,
  transfersPerTerminalPerDay: 200,
  outageChance: 0.4,
  resendChance: 0.15,
  rosterEveryMs: 10 * 60_000,
};

let server: TestCentral;
let target: FleetTarget;

beforeAll(async () => {
  server = await startTestCentral();
  const url = server.central.url;
  const terminals = await enrolTerminals(url, TEST_ADMIN_TOKEN, CONFIG.terminals, [
    '77-sizo-1',
    '77-sizo-2',
  ]);
  const payers = await registerPayers(url, TEST_ADMIN_TOKEN, CONFIG.payers, terminals[0]!);
  const recipients = await recipientsOf(server.central.db, 50);
  target = { urls: [url], terminals, payers, recipients, adminToken: TEST_ADMIN_TOKEN };
});

afterAll(async () => {
  await server.stop();
});

describe('fleet simulator', () => {
  it('plans the same run from the same seed, with backlogs and resends in it', () => {
    const first = planFleet(CONFIG, 50);
    expect(planFleet(CONFIG, 50)).toEqual(first);
    expect(planFleet({ ...CONFIG, seed: CONFIG.seed + 1 }, 50)).not.toEqual(first);
    const kinds = new Set(first.map((event) => event.kind));
    expect([...kinds].sort()).toEqual([
      'backlog',
      'heartbeat',
      'payer-login',
      'payer-pay',
      'payer-search',
      'roster',
      'transfer',
    ]);
    expect(first.some((event) => event.kind === 'transfer' && event.resend)).toBe(true);
  });

  it('conserves money: every transfer sent is at central exactly once, sums match', async () => {
    const result = await runFleet(CONFIG, target, { compression: 600 });
    expect(result.failures).toEqual([]);
    expect(result.shed).toBe(0);
    expect(result.sent.size).toBeGreaterThan(50);
    const check = await checkConservation(
      server.central.db,
      result.sent,
      target.payers,
      PAYER_TOP_UP_KOPECKS,
    );
    expect(check.missing).toEqual([]);
    expect(check.mismatched).toEqual([]);
    expect(check.centralCount).toBe(check.sentCount);
    expect(check.centralKopecks).toBe(check.sentKopecks);
    expect(check.walletsOff).toEqual([]);
    // Heartbeats reached central too: the last one of a terminal that never lost its link.
    const beats = await server.central.db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM heartbeats WHERE terminal_id LIKE 'SIM-%'",
    );
    expect(beats?.n).toBeGreaterThan(CONFIG.terminals / 2);
  });
});
