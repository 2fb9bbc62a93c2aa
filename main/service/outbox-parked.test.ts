import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parkOutbox, readOutbox } from '../ledger/outbox.ts';
import { createParkedOutbox } from './outbox-parked.ts';
import { createHarness, depositAndCommit, type Harness } from './test-harness.ts';

let harness: Harness;
beforeEach(() => {
  harness = createHarness();
});
afterEach(() => harness.close());

describe('createParkedOutbox', () => {
  it('lists parked rows with their reason and makes a retried row due again', () => {
    const parkedId = depositAndCommit(harness.ledger, [100_000], 1_000);
    const fineId = depositAndCommit(harness.ledger, [50_000], 2_000);
    parkOutbox(harness.ledger.db, parkedId, '422 recipient-closed');
    const outbox = createParkedOutbox(harness.ledger.db, () => 9_000);
    expect(outbox.parked()).toEqual([
      expect.objectContaining({ transferId: parkedId, reason: '422 recipient-closed' }),
    ]);
    expect(outbox.retry(fineId)).toMatchObject({ ok: false, error: { kind: 'not-parked' } });
    expect(outbox.retry('missing')).toMatchObject({ ok: false, error: { kind: 'not-found' } });
    expect(outbox.retry(parkedId).ok).toBe(true);
    expect(outbox.parked()).toEqual([]);
    expect(readOutbox(harness.ledger.db, parkedId)).toMatchObject({
      parkedReason: null,
      nextAttemptAtMs: 9_000,
    });
  });
});
