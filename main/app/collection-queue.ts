import { z } from 'zod';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import type { CollectionReport as ServiceCollectionReport } from '../service/deps.ts';
import type { CentralClient, CollectionReport } from '../sync/central-client.ts';
import { dispositionOf } from '../sync/central-failure.ts';

/**
 * Collection (инкассация) reports waiting for central. Queued in the ledger before anyone is
 * told "sent", delivered in order, idempotent at central by the report's UUID, retried until
 * central confirms. One central refuses for good is parked with the reason for the operator:
 * never dropped, never retried forever.
 */
const queueKey = 'sync.pendingCollections';
const parkedKey = 'sync.parkedCollections';
const ReportSchema = z.object({ collectionId: z.string() }).passthrough();
const QueueSchema = z.array(ReportSchema).max(1_000);
const ParkedSchema = z.array(z.object({ report: ReportSchema, reason: z.string() })).max(1_000);

export type CollectionQueue = {
  enqueue(report: ServiceCollectionReport): void;
  pendingCount(): number;
  parked(): { collectionId: string; reason: string }[];
  flush(client: Pick<CentralClient, 'sendCollection'>): Promise<void>;
};

export function toCentralReport(
  report: ServiceCollectionReport,
  transferCount: number,
): CollectionReport {
  return {
    collectionId: report.reportId,
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
  const readParked = () => {
    const found = deps.ledger.settings.get(parkedKey, ParkedSchema);
    return found.ok ? found.value : [];
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
    parked: () =>
      readParked().map(({ report, reason }) => ({ collectionId: report.collectionId, reason })),
    async flush(client) {
      if (flushing) return;
      flushing = true;
      try {
        for (let index = 0; index < 100; index += 1) {
          const [next] = read();
          if (next === undefined) return;
          const sent = await client.sendCollection(next);
          if (!sent.ok) {
            const failure = sent.error;
            if (dispositionOf(failure) !== 'permanent') {
              deps.log.warn(
                { error: failure, id: next.collectionId },
                'collection report not sent yet',
              );
              return;
            }
            const reason =
              failure.kind === 'http' ? `${failure.status} ${failure.code}` : failure.kind;
            deps.log.error(
              { error: failure, id: next.collectionId },
              'collection report refused: parked',
            );
            deps.ledger.settings.set(
              parkedKey,
              [...readParked(), { report: next, reason }],
              deps.now(),
            );
          }
          write(read().filter((item) => item.collectionId !== next.collectionId));
        }
      } finally {
        flushing = false;
      }
    },
  };
}
