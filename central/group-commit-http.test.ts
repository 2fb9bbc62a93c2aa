/**
 * Group commit seen from the kiosks (real HTTP, signed requests, the SQLite file or
 * PostgreSQL on the central-postgres project): concurrent transfer creations share
 * transactions and each answer is its row's stored answer; a bad request among good ones
 * fails alone; the same transfer sent many times at once is created once; heartbeats share
 * commits too; and a server closed under a pending batch never answered 201 for a row that
 * is not in the database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../tests/support/central-harness.ts';
import { openCentralDb } from './db.ts';

let central: TestCentral | null = null;

afterEach(async () => {
  await central?.stop();
  central = null;
});

const REFS = ['idemo000000000001', 'idemo000000000002', 'idemo000000000003'];

function transferBody(index: number, inmateRef = REFS[index % REFS.length]!) {
  return {
    transferId: uuidV7(),
    inmateRef,
    depositedKopecks: 10_300 + index * 100,
    amountKopecks: 10_000 + index * 100,
    commissionKopecks: 300,
    kioskCreatedAtMs: Date.now(),
  };
}

const DEVICE_OK = { adapter: 'emu', health: 'ok', code: 'idle', detail: '', sinceMs: 1 };

type Sent = { transferId: string; status: number; text: string };

async function create(
  test: TestCentral,
  terminal: EnrolledTerminal,
  body: ReturnType<typeof transferBody>,
): Promise<Sent> {
  const response = await signedFetch(test.central.url, terminal, 'POST', '/v1/transfers', {
    body,
    idempotencyKey: body.transferId,
  });
  return { transferId: body.transferId, status: response.status, text: await response.text() };
}

function heartbeat(test: TestCentral, terminal: EnrolledTerminal, index: number) {
  return signedFetch(test.central.url, terminal, 'POST', '/v1/terminal/heartbeat', {
    body: {
      sentAtMs: Date.now(),
      softwareVersion: `1.0.${index % 3}`,
      devices: { billAcceptor: DEVICE_OK, printer: DEVICE_OK },
      outboxCount: index,
      cassetteNoteCount: 0,
    },
  });
}

/**
 * Waits until the console filed `count` history rows for terminals named `prefix…`: it files
 * a heartbeat after answering it, through the same committer.
 */
async function historyFiled(test: TestCentral, prefix: string, count: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const row = await test.central.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM console_heartbeats WHERE terminal_id LIKE ?',
      `${prefix}%`,
    );
    if ((row?.n ?? 0) >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the console filed fewer than ${count} heartbeats of ${prefix}…`);
}

/**
 * The group committer's counts once nothing is queued or unsettled: a row is visible once
 * committed, and its batch is counted once it is durable, just after.
 */
async function settledStats(test: TestCentral) {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const stats = test.central.commits.stats();
    if (stats.queued === 0 && stats.unsettled === 0) return stats;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('group commit did not settle');
}

/** Kiosks keep their connections open: open `count` of them before measuring. */
async function openConnections(test: TestCentral, terminal: EnrolledTerminal, count: number) {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, index) => heartbeat(test, terminal, index)),
  );
  for (const answer of answers) expect(answer.status).toBe(200);
  await historyFiled(test, terminal.terminalId, count);
}

async function storedResponse(test: TestCentral, transferId: string): Promise<string | null> {
  const row = await test.central.db.get<{ response: string }>(
    'SELECT response FROM transfers WHERE id = ?',
    transferId,
  );
  return row?.response ?? null;
}

describe('group commit over HTTP', () => {
  it('puts 40 concurrent creations in fewer transactions; each answer is its row', async () => {
    central = await startTestCentral();
    const terminals = [
      await central.enrolTerminal('gc-kiosk-1'),
      await central.enrolTerminal('gc-kiosk-2'),
    ];
    await openConnections(central, terminals[0]!, 40);
    const before = await settledStats(central);
    const bodies = Array.from({ length: 40 }, (_, index) =>
      // One unknown recipient among them: its 422 is its own.
      index === 17 ? transferBody(index, 'inobody0000000000') : transferBody(index),
    );
    const test = central;
    const sent = await Promise.all(
      bodies.map((body, index) => create(test, terminals[index % 2]!, body)),
    );
    const after = central.central.commits.stats();
    // Each request writes once through the committer: its nonce and its transfer together.
    expect(after.items - before.items).toBe(40);
    expect(after.batches - before.batches).toBeLessThan(40);
    for (const [index, answer] of sent.entries()) {
      if (index === 17) {
        expect(answer.status).toBe(422);
        expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'unknown-recipient' } });
        expect(await storedResponse(test, answer.transferId)).toBeNull();
        continue;
      }
      expect(answer.status).toBe(201);
      expect(await storedResponse(test, answer.transferId)).toBe(answer.text);
      expect(JSON.parse(answer.text)).toMatchObject({
        transferId: answer.transferId,
        amountKopecks: bodies[index]!.amountKopecks,
        status: 'accepted',
      });
    }
    const count = await central.central.db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM transfers WHERE terminal_id LIKE 'gc-kiosk-%'",
    );
    expect(count?.n).toBe(39);
  });

  it('creates a transfer sent many times at once exactly once, every answer the same', async () => {
    central = await startTestCentral();
    const terminal = await central.enrolTerminal('gc-kiosk-3');
    const body = transferBody(1);
    const test = central;
    const sent = await Promise.all(Array.from({ length: 12 }, () => create(test, terminal, body)));
    expect(sent.map((answer) => answer.status)).toEqual(Array(12).fill(201));
    const stored = await storedResponse(test, body.transferId);
    expect(sent.every((answer) => answer.text === stored)).toBe(true);
    const count = await central.central.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM transfers WHERE id = ?',
      body.transferId,
    );
    expect(count?.n).toBe(1);
  });

  it('stores 30 concurrent heartbeats in fewer transactions, each its own', async () => {
    central = await startTestCentral();
    const terminals = [
      await central.enrolTerminal('gc-kiosk-4'),
      await central.enrolTerminal('gc-kiosk-5'),
      await central.enrolTerminal('gc-kiosk-6'),
    ];
    const test = central;
    const round = () =>
      Promise.all(
        Array.from({ length: 30 }, async (_, index) => {
          const response = await heartbeat(test, terminals[index % 3]!, index);
          return response.status;
        }),
      );
    // The first round opens the connections, the second is measured.
    expect(await round()).toEqual(Array(30).fill(200));
    await historyFiled(test, 'gc-kiosk-', 30);
    const before = await settledStats(test);
    expect(await round()).toEqual(Array(30).fill(200));
    await historyFiled(test, 'gc-kiosk-', 60);
    const after = await settledStats(test);
    // Two writes each: the heartbeat with its nonce (one item, answered after its commit) and
    // the console's history row (filed after the answer).
    expect(after.items - before.items).toBe(60);
    expect(after.batches - before.batches).toBeLessThan(30);
    const rows = await central.central.db.all<{ terminal_id: string; body: string }>(
      `SELECT terminal_id, body FROM heartbeats WHERE terminal_id LIKE 'gc-kiosk-%'
         ORDER BY terminal_id`,
    );
    expect(rows.map((row) => row.terminal_id).sort()).toEqual([
      'gc-kiosk-4',
      'gc-kiosk-5',
      'gc-kiosk-6',
    ]);
    // Each terminal's row holds a heartbeat it sent (index ≡ terminal number mod 3).
    for (const [index, row] of rows.entries()) {
      expect(JSON.parse(row.body)).toMatchObject({ softwareVersion: `1.0.${index}` });
    }
  });

  it('answers no 201 for a row that is not durable when closed under a pending batch', async () => {
    central = await startTestCentral();
    const terminal = await central.enrolTerminal('gc-kiosk-7');
    const test = central;
    await openConnections(test, terminal, 40);
    // Three times the connections: requests keep arriving while batches commit.
    const bodies = Array.from({ length: 120 }, (_, index) => transferBody(index));
    const outcomes = bodies.map((body) =>
      create(test, terminal, body).catch(() => ({
        transferId: body.transferId,
        status: 0,
        text: '',
      })),
    );
    // Close once some writes committed and more are waiting for a batch.
    const before = central.central.commits.stats().items;
    let pending = false;
    for (let spins = 0; spins < 100_000 && !pending; spins += 1) {
      const stats = central.central.commits.stats();
      pending = stats.items > before && stats.queued > 0;
      if (!pending) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(pending).toBe(true);
    await central.central.close();
    const sent = await Promise.all(outcomes);
    // Read what the database holds after the close, from a fresh connection.
    const { db } = await openCentralDb(central.dataDir, central.databaseUrl);
    try {
      for (const answer of sent) {
        expect([0, 201, 500, 503]).toContain(answer.status);
        if (answer.status !== 201) continue;
        const row = await db.get<{ response: string }>(
          'SELECT response FROM transfers WHERE id = ?',
          answer.transferId,
        );
        expect(row?.response).toBe(answer.text);
      }
    } finally {
      await db.close();
    }
  });
});
