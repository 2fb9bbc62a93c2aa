import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import type { Result } from '../../common/result.ts';
import type { OutboxRow } from '../ledger/outbox.ts';
import type { Logger } from '../log.ts';
import type { Random } from './backoff.ts';
import type { BreakerState } from './circuit-breaker.ts';
import {
  applyOutcomes,
  earliestNextAttemptMs,
  nextDueRows,
  outboxBatchCountMax,
  outboxStats,
  type RowOutcome,
} from './outbox-queue.ts';
import { readLetterText } from '../ledger/journal.ts';
import { type TransferCreate, transferCreateFromPayload } from './outbox-payload.ts';
import { type CentralFailure, describeFailure, dispositionOf } from './central-failure.ts';
import { createRetryGate } from './retry-gate.ts';

export type { CentralFailure };

/** One item of the batch answer: the status POST /v1/transfers would have given it. */
export type BatchItemOutcome = { transferId: string; httpStatus: number; code: string | null };

/** What the sender needs from the central client (main/sync/central-client.ts adapts to it). */
export type OutboxTransport = {
  sendOne(transfer: TransferCreate): Promise<Result<unknown, CentralFailure>>;
  sendBatch(
    transfers: readonly TransferCreate[],
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
  ledger: { readonly db: DatabaseSync };
  client: OutboxTransport;
  now: () => number;
  random: Random;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  options?: Partial<OutboxSenderOptions>;
  /** Injected for tests; defaults to an unref'd setTimeout. */
  setTimer?: (callback: () => void, delayMs: number) => () => void;
};

function defaultSetTimer(callback: () => void, delayMs: number): () => void {
  const handle = setTimeout(callback, delayMs);
  handle.unref();
  return () => clearTimeout(handle);
}

/**
 * Delivers committed transfers to central, at least once, oldest first, each with its
 * transfer id as Idempotency-Key (central dedups, so a resend after a lost answer is harmless).
 * A row is marked delivered only after central's answer is in hand; a crash at any point
 * leaves it pending and it is sent again on the next start.
 */
export function createOutboxSender(deps: OutboxSenderDeps): OutboxSender {
  const options = { ...defaultOutboxSenderOptions, ...deps.options };
  assert(options.batchCountMax >= 1 && options.batchCountMax <= outboxBatchCountMax, 'batch');
  const { db } = deps.ledger;
  const gate = createRetryGate({ options, random: deps.random, log: deps.log });
  const listeners = new Set<(status: OutboxSenderStatus) => void>();
  let lastError: string | null = null;
  let lastDeliveredAtMs: number | null = null;
  let centralAnswered: boolean | null = null;
  // After a batch refused as a whole with a 4xx, send singly to find the row it objects to.
  let singleSendsLeft = 0;
  let running: Promise<DrainReport> | null = null;
  let lastStatusJson = '';

  const status = (): OutboxSenderStatus => {
    const nowMs = deps.now();
    const stats = outboxStats(db);
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
    const rows = nextDueRows(db, startMs, countMax, options.retryDelayMsCap);
    if (rows.length === 0) return { kind: 'idle' };
    if (!gate.admits(startMs)) return { kind: 'held', untilMs: startMs + options.idlePollMs };
    if (singleSendsLeft > 0) singleSendsLeft -= 1;

    const outcomes: RowOutcomes = [];
    const sendable: Sendable[] = [];
    for (const row of rows) {
      const body = transferCreateFromPayload(row.transferId, row.payloadJson, (letterId) =>
        readLetterText(db, letterId),
      );
      if (body.ok) sendable.push({ row, body: body.value });
      else outcomes.push({ transferId: row.transferId, outcome: parked(body.error) });
    }
    if (sendable.length > 0) outcomes.push(...(await send(sendable)));
    applyOutcomes(db, outcomes, deps.now());
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

  const drainOnce = (): Promise<DrainReport> => {
    if (running !== null) return running;
    running = round().finally(() => {
      running = null;
      emit();
    });
    return running;
  };

  const loop = createLoop({
    drainOnce,
    nextDelayMs: (report) => nextDelayMs(report, deps.now(), db, options.idlePollMs),
    onError: (error) => {
      // SQLite busy or I/O trouble: nothing was marked, so the rows are simply tried again.
      lastError = `local: ${error instanceof Error ? error.message : String(error)}`;
      deps.log.error({ err: error }, 'outbox: round failed');
    },
    errorDelayMs: options.idlePollMs,
    setTimer: deps.setTimer ?? defaultSetTimer,
  });

  return {
    start: loop.start,
    async stop() {
      loop.stop();
      if (running !== null) await running.catch(() => undefined);
    },
    drainOnce,
    notify() {
      if (running === null) loop.poke();
    },
    status,
    onDidChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

type Sendable = { row: OutboxRow; body: TransferCreate };
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
  db: DatabaseSync,
  idlePollMs: number,
): number {
  switch (report.kind) {
    case 'sent':
      return 0;
    case 'held':
      return report.untilMs - nowMs;
    case 'idle': {
      const next = earliestNextAttemptMs(db);
      const untilNext = next === null ? idlePollMs : next - nowMs;
      return Math.min(idlePollMs, Math.max(0, untilNext));
    }
  }
}

/** The background loop: one round, then a timer for the next; never two rounds at once. */
function createLoop(deps: {
  drainOnce: () => Promise<DrainReport>;
  nextDelayMs: (report: DrainReport) => number;
  onError: (error: unknown) => void;
  errorDelayMs: number;
  setTimer: (callback: () => void, delayMs: number) => () => void;
}) {
  let cancelTimer: (() => void) | null = null;
  let started = false;
  const schedule = (delayMs: number) => {
    cancelTimer?.();
    cancelTimer = null;
    if (!started) return;
    cancelTimer = deps.setTimer(() => void tick(), Math.max(0, delayMs));
  };
  const tick = async () => {
    cancelTimer = null;
    if (!started) return;
    let delayMs = deps.errorDelayMs;
    try {
      delayMs = deps.nextDelayMs(await deps.drainOnce());
    } catch (error) {
      deps.onError(error);
    }
    schedule(delayMs);
  };
  return {
    start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    stop() {
      started = false;
      cancelTimer?.();
      cancelTimer = null;
    },
    poke() {
      if (started) schedule(0);
    },
  };
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
