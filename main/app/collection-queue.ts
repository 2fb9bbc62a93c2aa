import { z } from 'zod';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import type { CollectionReport as ServiceCollectionReport } from '../service/deps.ts';
import type { CentralClient, CollectionReport } from '../sync/central-client.ts';

/**
 * Collection (инкассация) reports waiting for central. Queued in the ledger before anyone is
 * told "sent", delivered in order, idempotent at central by collection id, retried every
 * `retryMs` until central confirms. A report is never dropped.
 */
const queueKey = 'sync.pendingCollections';
const QueueSchema = z.array(z.record(z.string(), z.unknown())).max(1_000);

export type CollectionQueue = {
  enqueue(report: ServiceCollectionReport): void;
  pendingCount(): number;
  flush(client: CentralClient): Promise<void>;
};

export function toCentralReport(
  report: ServiceCollectionReport,
  transferCount: number,
): CollectionReport {
  return {
    collectionId: `${report.terminalId}-${report.collectionId}`,
    openedAtMs: report.startedAtMs,
    closedAtMs: report.endedAtMs,
    notes: report.denominations.map((note) => ({
      noteKopecks: note.noteKopecks,
      count: note.countedCount,
    })),
    noteCount: report.denominations.reduce((total, note) => total + note.countedCount, 0),
    totalKopecks: report.countedKopecks,
    transferCount,
    operatorName: report.role,
  };
}

export function createCollectionQueue(deps: {
  ledger: Ledger;
  now: () => number;
  log: Logger;
}): CollectionQueue {
  const read = (): CollectionReport[] => {
    const found = deps.ledger.settings.get(queueKey, QueueSchema);
    return found.ok ? (found.value as CollectionReport[]) : [];
  };
  const write = (queue: CollectionReport[]) =>
    deps.ledger.settings.set(queueKey, queue, deps.now());
  let flushing = false;
  return {
    enqueue(report) {
      const transfers = deps.ledger.listTransfers({
        fromMs: report.startedAtMs,
        toMs: report.endedAtMs + 1,
        limit: 1,
        offset: 0,
      });
      write([...read(), toCentralReport(report, transfers.total)]);
    },
    pendingCount: () => read().length,
    async flush(client) {
      if (flushing) return;
      flushing = true;
      try {
        for (let index = 0; index < 100; index += 1) {
          const [next] = read();
          if (next === undefined) return;
          const sent = await client.sendCollection(next);
          if (!sent.ok) {
            deps.log.warn(
              { error: sent.error, collectionId: next.collectionId },
              'collection report not sent yet',
            );
            return;
          }
          write(read().filter((item) => item.collectionId !== next.collectionId));
        }
      } finally {
        flushing = false;
      }
    },
  };
}
