/**
 * One row central cannot take must not hold a kiosk's queue: central answers a batch per item
 * (a bad number is that item's 400), and the sender parks only that row and delivers the rest
 * in the same round.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../common/result.ts';
import { type Ledger, openLedger } from '../ledger/ledger.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { seedTransfers } from '../../tests/support/sync-support.ts';
import { silentLogger } from '../log.ts';
import { createOutboxSender, type OutboxTransport } from './outbox-sender.ts';

let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
let nowMs: number;
beforeEach(() => {
  temp = tempDir('kiosk-bad-row-');
  ledger = openLedger(join(temp.dir, 'ledger.db'));
  nowMs = 1_000_000;
});
afterEach(() => {
  ledger.close();
  temp.remove();
});

describe('a bad row in the outbox', () => {
  it('is parked alone when central answers that item 400; the others are delivered', async () => {
    const ids = seedTransfers(ledger, { count: 5, startMs: 1_000 });
    const badId = ids[2]!;
    const delivered = new Set<string>();
    const transport: OutboxTransport = {
      async sendOne(transfer) {
        if (transfer.transferId === badId) {
          return err({ kind: 'http', status: 400, code: 'bad-request' });
        }
        delivered.add(transfer.transferId);
        return ok({});
      },
      async sendBatch(transfers) {
        return ok(
          transfers.map((t) => {
            if (t.transferId === badId) {
              return { transferId: t.transferId, httpStatus: 400, code: 'bad-request' };
            }
            delivered.add(t.transferId);
            return { transferId: t.transferId, httpStatus: 201, code: null };
          }),
        );
      },
    };
    const sender = createOutboxSender({
      ledger,
      client: transport,
      now: () => nowMs,
      random: () => 0.5,
      log: silentLogger(),
      options: { retryDelayMsBase: 1_000, breakerFailuresToOpen: 3 },
    });
    for (let round = 0; round < 5; round += 1) await sender.drainOnce();
    expect([...delivered].sort()).toEqual(ids.filter((id) => id !== badId).sort());
    expect(sender.status()).toMatchObject({ pendingCount: 0, parkedCount: 1 });
  });
});
