import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedTransfers } from '../../tests/support/sync-support.ts';
import { type Ledger, openLedger } from './ledger.ts';
import { parseOutboxPayload } from './outbox.ts';
import { connectionOf } from './test-access.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';

let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
beforeEach(() => {
  temp = tempDir();
  ledger = openLedger(join(temp.dir, 'ledger.db'));
});
afterEach(() => {
  ledger.close();
  temp.remove();
});

/** Rewrites a frozen payload the way an older build (or a corrupt file) would have left it. */
function storePayload(transferId: string, payload: unknown): void {
  const db = connectionOf(ledger);
  db.exec('DROP TRIGGER IF EXISTS outbox_key_frozen');
  db.prepare('UPDATE outbox SET payload_json = ? WHERE transfer_id = ?').run(
    JSON.stringify(payload),
    transferId,
  );
}

describe('outbox payload: one schema to write and to read', () => {
  it('what commit writes reads back whole, with its kiosk sequence', () => {
    const [id] = seedTransfers(ledger, { count: 1, startMs: 1_000, noteKopecksFor: () => 50_000 });
    const row = ledger.outbox.row(id!);
    expect(row?.payload.ok && row.payload.value).toMatchObject({
      transferId: id,
      kioskSequence: 1,
      acceptedKopecks: 50_000,
      recovered: false,
      createdAtMs: 1_000,
    });
  });

  it('a row written before kioskSequence, recovered and letters existed still reads', () => {
    const [id] = seedTransfers(ledger, { count: 1, startMs: 1_000 });
    storePayload(id!, {
      transferId: id,
      recipient: { inmateRef: 'idemo000000000001', maskedName: 'Иванов И. И.' },
      payerAccountId: null,
      acceptedKopecks: 10_000,
      commissionKopecks: 300,
      creditedKopecks: 9_700,
      createdAtMs: 1_000,
    });
    const row = ledger.outbox.row(id!);
    expect(row?.payload.ok).toBe(true);
    expect(row?.payload.ok && row.payload.value.kioskSequence).toBeUndefined();
  });

  it('refuses, with a reason, what it would never have written', () => {
    const id = '0190a5b4-0000-7000-8000-000000000001';
    const good = {
      transferId: id,
      recipient: { inmateRef: 'idemo000000000001' },
      payerAccountId: null,
      acceptedKopecks: 10_000,
      commissionKopecks: 300,
      creditedKopecks: 9_700,
      createdAtMs: 1_000,
    };
    expect(parseOutboxPayload(id, JSON.stringify(good)).ok).toBe(true);
    const reason = (json: string, transferId = id) => {
      const parsed = parseOutboxPayload(transferId, json);
      return parsed.ok ? null : parsed.error;
    };
    expect(reason('{not json')).toBe('outbox payload is not JSON');
    expect(reason(JSON.stringify(good), 'another-id')).toBe('outbox payload: transfer id differs');
    expect(reason(JSON.stringify({ ...good, creditedKopecks: 9_000 }))).toBe(
      'outbox payload: commission + credited ≠ accepted',
    );
    expect(reason(JSON.stringify({ ...good, acceptedKopecks: -1 }))).toMatch(/^outbox payload: /);
  });
});

describe('outbox rows for the operator', () => {
  it('counts pending and parked, lists the parked, retries one', () => {
    const ids = seedTransfers(ledger, { count: 3, startMs: 1_000 });
    ledger.outbox.apply(
      [
        { transferId: ids[0]!, outcome: { kind: 'parked', reason: 'http 422 unknown-inmate' } },
        { transferId: ids[1]!, outcome: { kind: 'delivered' } },
      ],
      5_000,
    );
    expect(ledger.outbox.stats()).toEqual({
      pendingCount: 1,
      parkedCount: 1,
      oldestPendingCreatedAtMs: 1_002,
      oldestUndeliveredCreatedAtMs: 1_000,
    });
    expect(ledger.outbox.parked()).toEqual([
      {
        transferId: ids[0],
        reason: 'http 422 unknown-inmate',
        attempts: 1,
        createdAtMs: 1_000,
        lastError: 'http 422 unknown-inmate',
      },
    ]);
    expect(ledger.outbox.retryParked(ids[1]!, 6_000)).toMatchObject({
      ok: false,
      error: { kind: 'not-parked' },
    });
    expect(ledger.outbox.retryParked('nope', 6_000)).toMatchObject({
      ok: false,
      error: { kind: 'not-found' },
    });
    expect(ledger.outbox.retryParked(ids[0]!, 6_000).ok).toBe(true);
    expect(ledger.outbox.row(ids[0]!)).toMatchObject({
      parkedReason: null,
      nextAttemptAtMs: 6_000,
      lastError: 'retried by operator: http 422 unknown-inmate',
    });
    expect(ledger.outbox.stats()).toMatchObject({ pendingCount: 2, parkedCount: 0 });
  });
});
