/**
 * Alerts after a heartbeat, on both engines: a healthy terminal with nothing open costs two
 * reads (rules, its open alerts) and changes nothing; anything to open or resolve goes through
 * the full evaluation, which reads the terminal and its facilities: a fault opens its alert,
 * a recovery resolves it, and an alert opened elsewhere (another central process, the sweep's
 * offline check) is resolved by the next healthy heartbeat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Heartbeat } from '../../common/central-wire.ts';
import { openTestCentralDb } from '../../tests/support/central-postgres.ts';
import type { CentralDb } from '../db.ts';
import { createAlerts } from './alerts.ts';
import { createEventBus } from './events.ts';
import { createFleetStore, type FleetStore } from './store-fleet.ts';
import { createUserStore } from './store-users.ts';

const TERMINAL = 'MSK-TEST-01';
const NOW_MS = Date.UTC(2026, 11, 7, 9, 0, 0);

let dir: string;
let db: CentralDb;

const device = (health: 'ok' | 'fault', code = 'idle') => ({
  adapter: 'test',
  health,
  code,
  detail: '',
  sinceMs: NOW_MS - 60_000,
});

function heartbeat(change: Partial<Heartbeat> = {}): Heartbeat {
  return {
    sentAtMs: NOW_MS,
    softwareVersion: 'test',
    devices: { billAcceptor: device('ok'), printer: device('ok') },
    outboxCount: 0,
    cassetteNoteCount: 10,
    paper: 'ok',
    ...change,
  };
}

/** The fleet store, counting its reads: open alerts once, terminal and facilities only when needed. */
function countingFleet(fleet: FleetStore) {
  const reads = { terminals: 0, facilities: 0, openAlerts: 0 };
  const counted: FleetStore = {
    ...fleet,
    openAlerts: (...args) => {
      reads.openAlerts += 1;
      return fleet.openAlerts(...args);
    },
    terminals: (...args) => {
      reads.terminals += 1;
      return fleet.terminals(...args);
    },
    facilities: (...args) => {
      reads.facilities += 1;
      return fleet.facilities(...args);
    },
  };
  return { counted, reads };
}

describe('alerts after a heartbeat', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'alerts-arrival-'));
    db = (await openTestCentralDb(dir)).db;
    await db.run(
      'INSERT INTO terminals (id, facility_ids, enrolled_at_ms, created_at_ms) VALUES (?, ?, ?, ?)',
      TERMINAL,
      '[]',
      NOW_MS - 86_400_000,
      NOW_MS - 86_400_000,
    );
  });

  beforeEach(async () => {
    await db.run('DELETE FROM console_alerts');
  });

  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Stores the heartbeat as central does, then runs what the console runs after it. */
  async function arrive(body: Heartbeat) {
    await db.run(
      `INSERT INTO heartbeats (terminal_id, received_at_ms, body) VALUES (?, ?, ?)
         ON CONFLICT (terminal_id) DO UPDATE SET received_at_ms = excluded.received_at_ms,
           body = excluded.body`,
      TERMINAL,
      NOW_MS,
      JSON.stringify(body),
    );
    const fleet = createFleetStore(db);
    const { counted, reads } = countingFleet(fleet);
    const alerts = createAlerts({
      fleet: counted,
      users: createUserStore(db),
      bus: createEventBus(),
      email: { send: async () => {} },
      nowMs: () => NOW_MS,
      warn: () => {},
    });
    await alerts.evaluateArrival(TERMINAL, body);
    await alerts.settled();
    const open = (await fleet.openAlerts(TERMINAL)).map((alert) => alert.kind);
    return { open, reads };
  }

  it('reads neither the terminal nor its facilities for a healthy terminal with nothing open', async () => {
    const { open, reads } = await arrive(heartbeat());
    expect(open).toEqual([]);
    expect(reads).toEqual({ terminals: 0, facilities: 0, openAlerts: 1 });
  });

  it('opens the alert a fault calls for, and resolves it when the terminal recovers', async () => {
    const faulty = await arrive(heartbeat({ paper: 'out' }));
    expect(faulty.open).toEqual(['paper-out']);
    expect(faulty.reads).toEqual({ terminals: 1, facilities: 1, openAlerts: 1 });
    const recovered = await arrive(heartbeat());
    expect(recovered.open).toEqual([]);
    expect(recovered.reads).toEqual({ terminals: 1, facilities: 1, openAlerts: 1 });
  });

  it('resolves an alert another process or the sweep opened at the next healthy heartbeat', async () => {
    await createFleetStore(db).insertAlert({
      alertId: 'a-offline-1',
      terminalId: TERMINAL,
      kind: 'offline',
      severity: 'critical',
      detail: 'no heartbeat for more than 5 min',
      facts: {},
      openedAtMs: NOW_MS - 60_000,
    });
    const { open, reads } = await arrive(heartbeat());
    expect(open).toEqual([]);
    expect(reads.terminals).toBe(1);
  });

  it('opens what a heartbeat reports even when nothing was open before', async () => {
    const fault = heartbeat({
      devices: { billAcceptor: device('fault', 'jam'), printer: device('ok') },
      cassetteNoteCount: 2_000,
    });
    const { open } = await arrive(fault);
    expect(open.sort()).toEqual(['cassette-near-full', 'device-fault']);
  });
});
