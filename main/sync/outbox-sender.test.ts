import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../common/result.ts';
import { type Ledger, openLedger } from '../ledger/ledger.ts';
import { connectionOf } from '../ledger/test-access.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { silentLogger } from '../log.ts';
import type { CentralFailure } from './central-failure.ts';
import { transferCreateOf } from './central-adapters.ts';
import { type OutgoingTransfer, outgoingTransferOf } from './outgoing-transfer.ts';
import {
  type BatchItemOutcome,
  createOutboxSender,
  type OutboxSenderOptions,
  type OutboxTransport,
} from './outbox-sender.ts';
import { seedTransfers } from '../../tests/support/sync-support.ts';

/** A central that keeps what it accepted, dedups by transfer id, and can be told to fail. */
function fakeCentral() {
  const accepted = new Map<string, OutgoingTransfer>();
  const calls: Array<{ kind: 'one' | 'batch'; ids: string[] }> = [];
  let failWith: CentralFailure | null = null;
  let itemStatus: (id: string) => number = () => 201;
  const transport: OutboxTransport = {
    async sendOne(transfer) {
      calls.push({ kind: 'one', ids: [transfer.transferId] });
      if (failWith !== null) return err(failWith);
      const status = itemStatus(transfer.transferId);
      if (status >= 300) return err({ kind: 'http', status, code: `code-${status}` });
      accepted.set(transfer.transferId, transfer);
      return ok({});
    },
    async sendBatch(transfers): Promise<Result<BatchItemOutcome[], CentralFailure>> {
      calls.push({ kind: 'batch', ids: transfers.map((t) => t.transferId) });
      if (failWith !== null) return err(failWith);
      return ok(
        transfers.map((t) => {
          const httpStatus = itemStatus(t.transferId);
          if (httpStatus < 300) accepted.set(t.transferId, t);
          return { transferId: t.transferId, httpStatus, code: httpStatus < 300 ? null : 'x' };
        }),
      );
    },
  };
  return {
    transport,
    accepted,
    calls,
    fail: (failure: CentralFailure | null) => {
      failWith = failure;
    },
    setItemStatus: (fn: (id: string) => number) => {
      itemStatus = fn;
    },
  };
}

let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
let nowMs: number;
beforeEach(() => {
  temp = tempDir('kiosk-sync-');
  ledger = openLedger(join(temp.dir, 'ledger.db'));
  nowMs = 1_000_000;
});
afterEach(() => {
  ledger.close();
  temp.remove();
});

function makeSender(transport: OutboxTransport, options: Partial<OutboxSenderOptions> = {}) {
  return createOutboxSender({
    ledger,
    client: transport,
    now: () => nowMs,
    random: () => 0.5,
    log: silentLogger(),
    options: { retryDelayMsBase: 1_000, breakerFailuresToOpen: 3, ...options },
  });
}

const pending = (id: string) => ledger.outbox.row(id)?.deliveredAtMs === null;

describe('outbox sender', () => {
  it('sends a single transfer alone and a backlog in batches, oldest first', async () => {
    const central = fakeCentral();
    const [first] = seedTransfers(ledger, { count: 1, startMs: 1_000 });
    const sender = makeSender(central.transport, { batchCountMax: 3 });
    expect(await sender.drainOnce()).toEqual({ kind: 'sent', delivered: 1, parked: 0, retried: 0 });
    expect(central.calls).toEqual([{ kind: 'one', ids: [first] }]);
    expect(pending(first!)).toBe(false);

    const backlog = seedTransfers(ledger, { count: 5, startMs: 2_000 });
    await sender.drainOnce();
    await sender.drainOnce();
    expect(central.calls.slice(1)).toEqual([
      { kind: 'batch', ids: backlog.slice(0, 3) },
      { kind: 'batch', ids: backlog.slice(3) },
    ]);
    expect(await sender.drainOnce()).toEqual({ kind: 'idle' });
    expect(sender.status().pendingCount).toBe(0);
  });

  it('maps the ledger payload to the central body (deposited = amount + commission)', () => {
    const [id] = seedTransfers(ledger, { count: 1, startMs: 1_000, noteKopecksFor: () => 50_000 });
    const payload = ledger.outbox.row(id!)?.payload;
    expect(payload?.ok).toBe(true);
    if (!payload?.ok) return;
    const outgoing = outgoingTransferOf(payload.value);
    expect(outgoing.recipient.kind).toBe('inmate');
    if (outgoing.recipient.kind !== 'inmate') return;
    const body = transferCreateOf(outgoing, outgoing.recipient.inmateRef);
    expect(body.depositedKopecks).toBe(50_000);
    expect(body.amountKopecks + body.commissionKopecks).toBe(50_000);
    expect(body.amountKopecks).toBe(payload.value.creditedKopecks);
    expect(body.kioskCreatedAtMs).toBe(1_000);
  });

  it('parks a row it cannot read with the reason, and sends the others', async () => {
    const central = fakeCentral();
    const ids = seedTransfers(ledger, { count: 2, startMs: 1_000 });
    const db = connectionOf(ledger);
    db.exec('DROP TRIGGER outbox_key_frozen');
    db.prepare('UPDATE outbox SET payload_json = ? WHERE transfer_id = ?').run(
      JSON.stringify({ transferId: ids[0], acceptedKopecks: 'lots' }),
      ids[0]!,
    );
    const sender = makeSender(central.transport);
    expect(await sender.drainOnce()).toEqual({ kind: 'sent', delivered: 1, parked: 1, retried: 0 });
    expect(ledger.outbox.row(ids[0]!)?.parkedReason).toMatch(/^outbox payload: /);
    expect(central.accepted.has(ids[1]!)).toBe(true);
    expect(ledger.outbox.parked()).toMatchObject([{ transferId: ids[0] }]);
  });

  it('marks a row delivered only once central has answered', async () => {
    const [id] = seedTransfers(ledger, { count: 1, startMs: 1_000 });
    let release: () => void = () => undefined;
    const transport: OutboxTransport = {
      sendOne: () => new Promise((resolve) => (release = () => resolve(ok({})))),
      sendBatch: async () => err({ kind: 'network' }),
    };
    const sender = makeSender(transport);
    const round = sender.drainOnce();
    await new Promise((resolve) => setImmediate(resolve));
    expect(pending(id!)).toBe(true);
    release();
    await round;
    expect(pending(id!)).toBe(false);
  });

  it('keeps rows on a network failure and backs off with full jitter', async () => {
    const central = fakeCentral();
    const ids = seedTransfers(ledger, { count: 2, startMs: 1_000 });
    const sender = makeSender(central.transport);
    central.fail({ kind: 'network', message: 'ECONNREFUSED' });
    expect((await sender.drainOnce()).kind).toBe('sent');
    // attempt 0: random 0.5 · min(cap, 1 000 · 2^0) = 500 ms
    expect(await sender.drainOnce()).toEqual({ kind: 'held', untilMs: nowMs + 500 });
    expect(central.calls).toHaveLength(1);
    const row = ledger.outbox.row(ids[0]!);
    expect(row).toMatchObject({ attempts: 1, nextAttemptAtMs: nowMs + 500, deliveredAtMs: null });
    expect(row?.lastError).toContain('ECONNREFUSED');
    expect(sender.status().centralAnswered).toBe(false);

    nowMs += 500;
    await sender.drainOnce();
    // attempt 1: 0.5 · 2 000 = 1 000 ms
    expect(sender.status().heldUntilMs).toBe(nowMs + 1_000);
    central.fail(null);
    nowMs += 1_000;
    await sender.drainOnce();
    expect(ids.every((id) => !pending(id))).toBe(true);
    expect(sender.status()).toMatchObject({ pendingCount: 0, centralAnswered: true });
  });

  it('opens the breaker after N failures: silent until one probe after cool-down', async () => {
    const central = fakeCentral();
    seedTransfers(ledger, { count: 4, startMs: 1_000 });
    const sender = makeSender(central.transport, {
      breakerCoolDownMs: 60_000,
      retryDelayMsCap: 1_000,
    });
    central.fail({ kind: 'http', status: 503, code: 'unavailable' });
    for (let i = 0; i < 3; i += 1) {
      await sender.drainOnce();
      nowMs += 1_000;
    }
    expect(sender.status().breaker).toBe('open');
    const callsWhenOpened = central.calls.length;
    for (let i = 0; i < 50; i += 1) {
      nowMs += 1_000;
      if (nowMs >= 1_000_000 + 2_000 + 60_000) break;
      expect((await sender.drainOnce()).kind).toBe('held');
    }
    expect(central.calls).toHaveLength(callsWhenOpened);
    central.fail(null);
    nowMs = 1_000_000 + 2_000 + 60_000;
    await sender.drainOnce();
    expect(central.calls.at(-1)?.kind).toBe('one');
    expect(sender.status().breaker).toBe('closed');
    await sender.drainOnce();
    expect(sender.status().pendingCount).toBe(0);
  });

  it('parks what central refuses for good, retries a 429, keeps the rest flowing', async () => {
    const central = fakeCentral();
    const ids = seedTransfers(ledger, { count: 3, startMs: 1_000 });
    central.setItemStatus((id) => (id === ids[0] ? 422 : id === ids[1] ? 429 : 201));
    const sender = makeSender(central.transport);
    expect(await sender.drainOnce()).toEqual({ kind: 'sent', delivered: 1, parked: 1, retried: 1 });
    const parkedRow = ledger.outbox.row(ids[0]!);
    expect(parkedRow?.parkedReason).toContain('422');
    expect(parkedRow?.deliveredAtMs).toBeNull();
    expect(sender.status()).toMatchObject({ pendingCount: 1, parkedCount: 1 });

    central.setItemStatus(() => 201);
    nowMs += 10_000;
    await sender.drainOnce();
    expect(central.calls.at(-1)).toEqual({ kind: 'one', ids: [ids[1]] });
    expect(await sender.drainOnce()).toEqual({ kind: 'idle' });
    expect(central.accepted.has(ids[0]!)).toBe(false);
    expect(sender.status()).toMatchObject({ pendingCount: 0, parkedCount: 1 });
  });

  it('when a whole batch is refused with a 4xx, sends its rows one by one', async () => {
    const central = fakeCentral();
    const ids = seedTransfers(ledger, { count: 3, startMs: 1_000 });
    const batchRefusing: OutboxTransport = {
      sendOne: central.transport.sendOne,
      sendBatch: async () => err({ kind: 'http', status: 400, code: 'bad-request' }),
    };
    const sender = makeSender(batchRefusing);
    for (let i = 0; i < 5; i += 1) await sender.drainOnce();
    expect(central.calls.map((call) => call.ids)).toEqual(ids.map((id) => [id]));
    expect(sender.status().pendingCount).toBe(0);
  });

  it('reports depth and the age of the oldest pending transfer', () => {
    seedTransfers(ledger, { count: 3, startMs: 5_000 });
    const sender = makeSender(fakeCentral().transport);
    nowMs = 65_000;
    expect(sender.status()).toMatchObject({
      pendingCount: 3,
      parkedCount: 0,
      oldestPendingAgeMs: 60_000,
      breaker: 'closed',
    });
  });

  it('start() drains in the background and notifies listeners', async () => {
    const central = fakeCentral();
    seedTransfers(ledger, { count: 250, startMs: 1_000, fast: true });
    const sender = createOutboxSender({
      ledger,
      client: central.transport,
      now: () => nowMs,
      random: () => 0.5,
      log: silentLogger(),
    });
    const seen: number[] = [];
    sender.onDidChange((status) => seen.push(status.pendingCount));
    const drained = new Promise<void>((resolve) => {
      sender.onDidChange((status) => {
        if (status.pendingCount === 0) resolve();
      });
    });
    sender.start();
    await drained;
    await sender.stop();
    expect(central.accepted.size).toBe(250);
    expect(seen).toEqual([150, 50, 0]);
  });

  it('a wall clock set back by hours does not hold the outbox back for hours', async () => {
    const central = fakeCentral();
    const ids = seedTransfers(ledger, { count: 2, startMs: 1_000 });
    nowMs = 50_000_000;
    const sender = makeSender(central.transport, { breakerFailuresToOpen: 1 });
    central.fail({ kind: 'timeout' });
    await sender.drainOnce();
    expect(sender.status().breaker).toBe('open');
    central.fail(null);
    nowMs -= 3 * 60 * 60_000;
    expect((await sender.drainOnce()).kind).toBe('sent');
    await sender.drainOnce();
    expect(ids.every((id) => !pending(id))).toBe(true);
  });

  it('waits at least as long as central’s Retry-After asks', async () => {
    const central = fakeCentral();
    seedTransfers(ledger, { count: 1, startMs: 1_000 });
    const sender = makeSender(central.transport);
    central.fail({ kind: 'http', status: 429, code: 'rate-limited', retryAfterMs: 20_000 });
    await sender.drainOnce();
    expect(await sender.drainOnce()).toEqual({ kind: 'held', untilMs: nowMs + 20_000 });
  });
});
