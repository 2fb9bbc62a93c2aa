import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kopecks } from '../../common/money.ts';
import { err, ok } from '../../common/result.ts';
import { openLedger } from '../ledger/ledger.ts';
import { silentLogger } from '../log.ts';
import type { CollectionReport as ServiceReport } from '../service/deps.ts';
import type { CollectionReport } from '../sync/central-client.ts';
import { createCollectionQueue } from './collection-queue.ts';

const report = (reportId: string): ServiceReport => ({
  collectionId: 1,
  reportId,
  terminalId: 'T-1',
  role: 'collector',
  startedAtMs: 0,
  endedAtMs: 1_000,
  denominations: [{ noteKopecks: kopecks(100_000), expectedCount: 2, countedCount: 2 }],
  expectedKopecks: kopecks(200_000),
  countedKopecks: kopecks(200_000),
  mismatch: false,
  comment: '',
});

describe('collection report queue', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps reports across a restart until central confirms, parks what it refuses', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kiosk-collections-'));
    const file = path.join(dir, 'ledger.sqlite');
    let ledger = openLedger(file);
    const log = silentLogger();
    let queue = createCollectionQueue({ ledger, now: () => 5, log });
    queue.enqueue(report('0190aaaa-0000-7000-8000-000000000001'));
    queue.enqueue(report('0190aaaa-0000-7000-8000-000000000002'));
    await queue.flush({ sendCollection: async () => err({ kind: 'network', message: 'down' }) });
    expect(queue.pendingCount()).toBe(2);

    ledger.close();
    ledger = openLedger(file);
    queue = createCollectionQueue({ ledger, now: () => 6, log });
    const sent: CollectionReport[] = [];
    await queue.flush({
      async sendCollection(body) {
        sent.push(body);
        if (body.collectionId.endsWith('1')) {
          return err({
            kind: 'http',
            status: 422,
            code: 'bad-report',
            message: '',
            retryAfterMs: null,
          });
        }
        return ok({ collectionId: body.collectionId, receivedAtMs: 7 });
      },
    });
    expect(sent.map((body) => body.totalKopecks)).toEqual([200_000, 200_000]);
    expect(queue.pendingCount()).toBe(0);
    expect(queue.parked()).toEqual([
      { collectionId: '0190aaaa-0000-7000-8000-000000000001', reason: '422 bad-report' },
    ]);
    ledger.close();
  });
});
