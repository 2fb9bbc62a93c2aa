import type { CollectionPreview } from '../../common/contract.ts';
import { type Kopecks, kopecks } from '../../common/money.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { receiptText } from '../core/receipt-layout.ts';
import { uuidv7 } from '../ledger/uuidv7.ts';
import { layoutCollectionReport } from './collection-report.ts';
import type { CollectionReport, ServiceDeps } from './deps.ts';
import { readSettings } from './settings-service.ts';
import { readTerminalId } from './setup-store.ts';

export function collectionPreview(deps: Pick<ServiceDeps, 'ledger'>): CollectionPreview {
  const totals = deps.ledger.totalsSinceLastCollection();
  let count = 0;
  for (const row of totals.denominations) count += row.count;
  return {
    startedAtMs: totals.startedAtMs,
    denominations: totals.denominations.map((row) => ({ ...row })),
    count,
    totalKopecks: totals.totalKopecks,
    unresolvedCount: totals.unresolvedCount,
  };
}

export type CollectionInputs = {
  role: 'operator' | 'collector';
  counted: readonly { noteKopecks: Kopecks; count: number }[] | null;
  comment: string;
};

export type CollectionOutcome = {
  collectionId: number;
  expectedKopecks: Kopecks;
  countedKopecks: Kopecks;
  mismatch: boolean;
  printed: boolean;
  queued: boolean;
  reportText: string;
};

export type CollectionError = { kind: 'comment-required' | 'duplicate-note'; message: string };

function countedTotal(counted: readonly { noteKopecks: Kopecks; count: number }[]): number {
  let total = 0;
  for (const row of counted) total += row.noteKopecks * row.count;
  return total;
}

/**
 * Closes the collection period: the ledger records expected vs counted and starts a new
 * period; then the report is printed and queued for central. A mismatch is recorded as such
 * with the collector's comment and never adjusted. Printing or queueing failing does not undo
 * the collection (the cassette is already out); the screen shows the report instead.
 */
export async function confirmCollection(
  deps: Pick<ServiceDeps, 'ledger' | 'printer' | 'central' | 'now' | 'log' | 'receiptContext'>,
  input: CollectionInputs,
): Promise<Result<CollectionOutcome, CollectionError>> {
  const totals = deps.ledger.totalsSinceLastCollection();
  const counted =
    input.counted ?? totals.denominations.map(({ noteKopecks, count }) => ({ noteKopecks, count }));
  const notes = counted.map((row) => row.noteKopecks);
  if (new Set(notes).size !== notes.length) {
    return err({ kind: 'duplicate-note', message: 'Each denomination once, please.' });
  }
  const comment = input.comment.trim();
  if (countedTotal(counted) !== totals.totalKopecks && comment.length === 0) {
    return err({
      kind: 'comment-required',
      message: 'The count differs from the expected total: a comment is required.',
    });
  }
  const endedAtMs = deps.now();
  const record = deps.ledger.recordCollection({
    operatorId: input.role,
    endedAtMs,
    counted,
    comment,
  });
  const report: CollectionReport = {
    reportId: uuidv7(endedAtMs),
    collectionId: record.collectionId,
    terminalId: readTerminalId(deps.ledger) ?? 'not-enrolled',
    role: input.role,
    startedAtMs: totals.startedAtMs,
    endedAtMs: Math.max(endedAtMs, totals.startedAtMs),
    denominations: denominationRows(totals.denominations, counted),
    expectedKopecks: record.expectedKopecks,
    countedKopecks: record.countedKopecks,
    mismatch: record.mismatch,
    comment: record.comment,
  };
  const { settings } = readSettings(deps.ledger);
  const document = layoutCollectionReport(
    report,
    settings.printer.widthColumns,
    deps.receiptContext().utcOffsetMinutes,
  );
  const printed = await deps.printer.print(document);
  if (!printed.ok) deps.log.warn({ error: printed.error, report }, 'collection report not printed');
  const queued = deps.central.sendCollection(report);
  if (!queued.ok) deps.log.error({ error: queued.error, report }, 'collection report not queued');
  return ok({
    collectionId: record.collectionId,
    expectedKopecks: record.expectedKopecks,
    countedKopecks: record.countedKopecks,
    mismatch: record.mismatch,
    printed: printed.ok,
    queued: queued.ok,
    reportText: receiptText(document),
  });
}

function denominationRows(
  expected: readonly { noteKopecks: Kopecks; count: number }[],
  counted: readonly { noteKopecks: Kopecks; count: number }[],
): CollectionReport['denominations'] {
  const notes = [...new Set([...expected, ...counted].map((row) => row.noteKopecks))].sort(
    (a, b) => a - b,
  );
  return notes.map((note) => ({
    noteKopecks: kopecks(note),
    expectedCount: expected.find((row) => row.noteKopecks === note)?.count ?? 0,
    countedCount: counted.find((row) => row.noteKopecks === note)?.count ?? 0,
  }));
}
