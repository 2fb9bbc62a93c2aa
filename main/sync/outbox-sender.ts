import { assert } from '../../common/assert.ts';
import type { Result } from '../../common/result.ts';
import {
  type Ledger,
  type OutboxRow,
  outboxBatchCountMax,
  type RowOutcome,
} from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import type { Random } from './backoff.ts';
import type { BreakerState } from './circuit-breaker.ts';
import { type OutgoingTransfer, outgoingTransferOf } from './outgoing-transfer.ts';
import { type CentralFailure, describeFailure, dispositionOf } from './central-failure.ts';
import { createRetryGate } from './retry-gate.ts';
import { createTimerLoop, type SetTimer } from './timer-loop.ts';

export type { CentralFailure };

/** One item of the batch answer: the status POST /v1/transfers would have given it. */
export type BatchItemOutcome = { transferId: string; httpStatus: number; code: string | null };

/** What the sender needs from the central client (main/sync/central-client.ts adapts to it). */
export type OutboxTransport = {
  sendOne(transfer: OutgoingTransfer): Promise<Result<unknown, CentralFailure>>;
  sendBatch(
    transfers: readonly OutgoingTransfer[],
  ): Promise<Result<readonly BatchItemOutcome[], CentralFailure>>;
};

export type OutboxSenderOptions = {
  batchCountMax: number;
  retryDelayMsBase: number;
  retryDelayMsCap: number;
  breakerFailuresToOpen: number;
  breakerCoolDownMs: number;
  breakerCoolDownMsCap: number;
  /** How often an idle sender looks for rows nobody told it about. */
  idlePollMs: number;
};

export const defaultOutboxSenderOptions: OutboxSenderOptions = {
  batchCountMax: outboxBatchCountMax,
  retryDelayMsBase: 1_000,
  // A kiosk may be offline for days; past 5 min a longer wait only delays money.
  retryDelayMsCap: 5 * 60_000,
  breakerFailuresToOpen: 5,
  breakerCoolDownMs: 30_000,
  breakerCoolDownMsCap: 5 * 60_000,
  idlePollMs: 10_000,
};

export type OutboxSenderStatus = {
  pendingCount: number;
  parkedCount: number;
  oldestPendingAgeMs: number | null;
  breaker: BreakerState['kind'];
  lastError: string | null;
  lastDeliveredAtMs: number | null;
  /** Nothing is sent before this time (backoff or an open breaker). */
  heldUntilMs: number | null;
  /** Did central answer the last request at all? null before the first one. */
  centralAnswered: boolean | null;
};

export type DrainReport =
  | { kind: 'sent'; delivered: number; parked: number; retried: number }
  | { kind: 'idle' }
  | { kind: 'held'; untilMs: number };

export type OutboxSender = {
  start(): void;
  stop(): Promise<void>;
  /** One round: at most one request to central. Concurrent calls share the round in flight. */
  drainOnce(): Promise<DrainReport>;
  /** A transfer was just committed: send soon instead of at the next poll. */
  notify(): void;
  status(): OutboxSenderStatus;
  onDidChange(listener: (status: OutboxSenderStatus) => void): () => void;
};

export type OutboxSenderDeps = {
  ledger: Pick<Ledger, 'outbox' | 'letterText'>;
  client: OutboxTransport;
  now: () => number;
  random: Random;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  options?: Partial<OutboxSenderOptions>;
  /** Injected for tests; defaults to an unref'd setTimeout. */
  setTimer?: SetTimer;
};

/**
 * Delivers committed transfers to central, at least once, oldest first, each with its
 * transfer id as Idempotency-Key (central dedups, so a resend after a lost answer is harmless).
 * A row is marked delivered only after central's answer is in hand; a crash at any point
 * leaves it pending and it is sent again on the next start.
 */
export function createOutboxSender(deps: OutboxSenderDeps): OutboxSender {
  const options = { ...defaultOutboxSenderOptions, ...deps.options };
  assert(options.batchCountMax >= 1 && options.batchCountMax <= outboxBatchCountMax, 'batch');
  const { outbox } = deps.ledger;
  const gate = createRetryGate({ options, random: deps.random, log: deps.log });
  const listeners = new Set<(status: OutboxSenderStatus) => void>();
  let lastError: string | null = null;
  let lastDeliveredAtMs: number | null = null;
  let centralAnswered: boolean | null = null;
  // After a batch refused as a whole with a 4xx, send singly to find the row it objects to.
  let singleSendsLeft = 0;
  let lastStatusJson = '';

  const status = (): OutboxSenderStatus => {
    const nowMs = deps.now();
    const stats = outbox.stats();
    const oldest = stats.oldestPendingCreatedAtMs;
    return {
      pendingCount: stats.pendingCount,
      parkedCount: stats.parkedCount,
      oldestPendingAgeMs: oldest === null ? null : Math.max(0, nowMs - oldest),
      breaker: gate.breaker(),
      lastError,
      lastDeliveredAtMs,
      heldUntilMs: gate.heldUntil(nowMs),
      centralAnswered,
    };
  };

  const emit = () => {
    if (listeners.size === 0) return;
    const current = status();
    const { oldestPendingAgeMs: _age, ...comparable } = current;
    const json = JSON.stringify(comparable);
    if (json === lastStatusJson) return;
    lastStatusJson = json;
    for (const listener of listeners) listener(current);
  };

  const round = async (): Promise<DrainReport> => {
    const startMs = deps.now();
    const held = gate.heldUntil(startMs);
    if (held !== null) return { kind: 'held', untilMs: held };
    const countMax = gate.probing() || singleSendsLeft > 0 ? 1 : options.batchCountMax;
    const rows = outbox.nextBatch({
      nowMs: startMs,
      countMax,
      retryDelayMsCap: options.retryDelayMsCap,
    });
    if (rows.length === 0) return { kind: 'idle' };
    if (!gate.admits(startMs)) return { kind: 'held', untilMs: startMs + options.idlePollMs };
    if (singleSendsLeft > 0) singleSendsLeft -= 1;

    const outcomes: RowOutcomes = [];
    const sendable: Sendable[] = [];
    for (const row of rows) {
      if (row.payload.ok) {
        const body = outgoingTransferOf(row.payload.value, deps.ledger.letterText);
        sendable.push({ row, body });
      } else {
        outcomes.push({ transferId: row.transferId, outcome: parked(row.payload.error) });
      }
    }
    if (sendable.length > 0) outcomes.push(...(await send(sendable)));
    outbox.apply(outcomes, deps.now());
    return summarise(outcomes);
  };

  const send = async (items: readonly Sendable[]): Promise<RowOutcomes> => {
    const single = items.length === 1;
    const answer = single
      ? await deps.client.sendOne(items[0]!.body)
      : await deps.client.sendBatch(items.map((item) => item.body));
    const nowMs = deps.now();
    centralAnswered = answer.ok || dispositionOf(answer.error) === 'permanent';
    if (answer.ok) {
      gate.answered();
      lastDeliveredAtMs = nowMs;
      if (single) return [{ transferId: items[0]!.row.transferId, outcome: { kind: 'delivered' } }];
      const results = answer.value as readonly BatchItemOutcome[];
      return batchOutcomes(items, results, (row) => gate.rowRetryAtMs(row.attempts, nowMs));
    }
    const failure = answer.error;
    lastError = describeFailure(failure);
    if (dispositionOf(failure) === 'permanent') {
      // Central is alive and refuses this request for good.
      gate.answered();
      if (single) return [{ transferId: items[0]!.row.transferId, outcome: parked(lastError) }];
      singleSendsLeft = items.length;
      deps.log.warn({ failure: lastError }, 'outbox: batch refused; sending its rows one by one');
      return [];
    }
    const retryAtMs = gate.failed(failure, nowMs);
    return items.map(({ row }) => ({
      transferId: row.transferId,
      outcome: retry(lastError ?? 'failed', retryAtMs),
    }));
  };

  const loop = createTimerLoop({
    run: () => round().finally(emit),
    intervalMs: options.idlePollMs,
    nextDelayMs: (report) => nextDelayMs(report, deps.now(), outbox, options.idlePollMs),
    onError: (error) => {
      // SQLite busy or I/O trouble: nothing was marked, so the rows are simply tried again.
      lastError = `local: ${error instanceof Error ? error.message : String(error)}`;
      deps.log.error({ err: error }, 'outbox: round failed');
    },
    errorDelayMs: options.idlePollMs,
    ...(deps.setTimer === undefined ? {} : { setTimer: deps.setTimer }),
  });

  return {
    start: loop.start,
    stop: loop.stop,
    drainOnce: loop.runNow,
    notify: loop.wake,
    status,
    onDidChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

type Sendable = { row: OutboxRow; body: OutgoingTransfer };
type RowOutcomes = Array<{ transferId: string; outcome: RowOutcome }>;

/** Per-item answers of a batch: delivered, parked for good, or retried with its own backoff. */
function batchOutcomes(
  items: ReadonlyArray<{ row: OutboxRow }>,
  results: readonly BatchItemOutcome[],
  rowRetryAtMs: (row: OutboxRow) => number,
): RowOutcomes {
  const byId = new Map(results.map((result) => [result.transferId, result]));
  return items.map(({ row }) => {
    const result = byId.get(row.transferId);
    if (result === undefined) {
      const error = 'batch answer has no result for this transfer';
      return { transferId: row.transferId, outcome: retry(error, rowRetryAtMs(row)) };
    }
    const failure: CentralFailure = {
      kind: 'http',
      status: result.httpStatus,
      code: result.code ?? '',
    };
    return { transferId: row.transferId, outcome: itemOutcome(failure, () => rowRetryAtMs(row)) };
  });
}

function itemOutcome(failure: CentralFailure, retryAtMs: () => number): RowOutcome {
  switch (dispositionOf(failure)) {
    case 'delivered':
      return { kind: 'delivered' };
    case 'permanent':
      return parked(describeFailure(failure));
    case 'transient':
      return retry(describeFailure(failure), retryAtMs());
  }
}

function nextDelayMs(
  report: DrainReport,
  nowMs: number,
  outbox: Pick<Ledger['outbox'], 'earliestNextAttemptMs'>,
  idlePollMs: number,
): number {
  switch (report.kind) {
    case 'sent':
      return 0;
    case 'held':
      return report.untilMs - nowMs;
    case 'idle': {
      const next = outbox.earliestNextAttemptMs();
      const untilNext = next === null ? idlePollMs : next - nowMs;
      return Math.min(idlePollMs, Math.max(0, untilNext));
    }
  }
}

function parked(reason: string): RowOutcome {
  return { kind: 'parked', reason };
}

function retry(error: string, nextAttemptAtMs: number): RowOutcome {
  return { kind: 'retry', error, nextAttemptAtMs };
}

function summarise(outcomes: ReadonlyArray<{ outcome: RowOutcome }>): DrainReport {
  let delivered = 0;
  let parkedCount = 0;
  let retried = 0;
  for (const { outcome } of outcomes) {
    if (outcome.kind === 'delivered') delivered += 1;
    else if (outcome.kind === 'parked') parkedCount += 1;
    else retried += 1;
  }
  return { kind: 'sent', delivered, parked: parkedCount, retried };
}
