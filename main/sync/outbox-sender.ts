import type { DatabaseSync } from 'node:sqlite';
import { assert } from '../../common/assert.ts';
import type { Result } from '../../common/result.ts';
import type { OutboxRow } from '../ledger/outbox.ts';
import type { Logger } from '../log.ts';
import { fullJitterDelayMs, type Random } from './backoff.ts';
import { type BreakerState, createCircuitBreaker } from './circuit-breaker.ts';
import {
  applyOutcomes,
  earliestNextAttemptMs,
  nextDueRows,
  outboxBatchCountMax,
  outboxStats,
  type RowOutcome,
} from './outbox-queue.ts';
import { type TransferCreate, transferCreateFromPayload } from './outbox-payload.ts';
import { describeFailure, dispositionOf, type CentralFailure } from './central-failure.ts';

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
  const breaker = createCircuitBreaker({
    failuresToOpen: options.breakerFailuresToOpen,
    coolDownMs: options.breakerCoolDownMs,
    coolDownMsCap: options.breakerCoolDownMsCap,
  });
  const listeners = new Set<(status: OutboxSenderStatus) => void>();
  let failureStreak = 0;
  let backoffUntilMs = 0;
  let lastError: string | null = null;
  let lastDeliveredAtMs: number | null = null;
  // After a batch refused as a whole with a 4xx, send singly to find the row it objects to.
  let singleSendsLeft = 0;
  let running: Promise<DrainReport> | null = null;
  let cancelTimer: (() => void) | null = null;
  let started = false;
  let lastStatusJson = '';

  const heldUntil = (nowMs: number): number | null => {
    const state = breaker.state();
    const breakerUntil = state.kind === 'open' ? state.untilMs : 0;
    const until = Math.max(backoffUntilMs, breakerUntil);
    // Further ahead than any wait we set: the wall clock went back. Do not wait out the jump.
    const waitMsMax = Math.max(options.retryDelayMsCap, options.breakerCoolDownMsCap);
    if (until - nowMs > waitMsMax) {
      backoffUntilMs = Math.min(backoffUntilMs, nowMs);
      return null;
    }
    return until > nowMs ? until : null;
  };

  const status = (): OutboxSenderStatus => {
    const nowMs = deps.now();
    const stats = outboxStats(db);
    return {
      pendingCount: stats.pendingCount,
      parkedCount: stats.parkedCount,
      oldestPendingAgeMs:
        stats.oldestPendingCreatedAtMs === null
          ? null
          : Math.max(0, nowMs - stats.oldestPendingCreatedAtMs),
      breaker: breaker.state().kind,
      lastError,
      lastDeliveredAtMs,
      heldUntilMs: heldUntil(nowMs),
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

  const transportFailed = (failure: CentralFailure, nowMs: number): number => {
    breaker.recordFailure(nowMs);
    failureStreak += 1;
    const jitteredMs = fullJitterDelayMs(
      failureStreak - 1,
      { retryDelayMsBase: options.retryDelayMsBase, retryDelayMsCap: options.retryDelayMsCap },
      deps.random,
    );
    // Central's own Retry-After wins over our guess, within our cap.
    const askedMs = failure.kind === 'http' ? (failure.retryAfterMs ?? 0) : 0;
    backoffUntilMs = nowMs + Math.min(options.retryDelayMsCap, Math.max(jitteredMs, askedMs));
    lastError = describeFailure(failure);
    const level = failure.kind === 'http' && failure.status === 401 ? 'error' : 'warn';
    deps.log[level]({ failure, failureStreak, backoffUntilMs }, 'outbox: central unreachable');
    return Math.max(backoffUntilMs, heldUntil(nowMs) ?? 0);
  };

  const rowRetryAtMs = (row: OutboxRow, nowMs: number): number =>
    nowMs +
    fullJitterDelayMs(
      row.attempts,
      { retryDelayMsBase: options.retryDelayMsBase, retryDelayMsCap: options.retryDelayMsCap },
      deps.random,
    );

  const round = async (): Promise<DrainReport> => {
    const startMs = deps.now();
    const held = heldUntil(startMs);
    if (held !== null) return { kind: 'held', untilMs: held };
    const probing = breaker.state().kind !== 'closed';
    const countMax = probing || singleSendsLeft > 0 ? 1 : options.batchCountMax;
    const rows = nextDueRows(db, startMs, countMax, options.retryDelayMsCap);
    if (rows.length === 0) return { kind: 'idle' };
    if (!breaker.admits(startMs)) return { kind: 'held', untilMs: startMs + options.idlePollMs };
    if (singleSendsLeft > 0) singleSendsLeft -= 1;

    const outcomes: Array<{ transferId: string; outcome: RowOutcome }> = [];
    const sendable: Array<{ row: OutboxRow; body: TransferCreate }> = [];
    for (const row of rows) {
      const body = transferCreateFromPayload(row.transferId, row.payloadJson);
      if (body.ok) sendable.push({ row, body: body.value });
      else outcomes.push({ transferId: row.transferId, outcome: parked(body.error) });
    }
    if (sendable.length > 0) outcomes.push(...(await send(sendable)));
    applyOutcomes(db, outcomes, deps.now());
    return summarise(outcomes);
  };

  const send = async (
    items: ReadonlyArray<{ row: OutboxRow; body: TransferCreate }>,
  ): Promise<Array<{ transferId: string; outcome: RowOutcome }>> => {
    const single = items.length === 1;
    const answer = single
      ? await deps.client.sendOne(items[0]!.body)
      : await deps.client.sendBatch(items.map((item) => item.body));
    const nowMs = deps.now();
    if (!answer.ok) {
      const failure = answer.error;
      const disposition = dispositionOf(failure);
      if (disposition === 'permanent') {
        // Central is alive and refuses this request for good.
        breaker.recordSuccess();
        failureStreak = 0;
        lastError = describeFailure(failure);
        if (single) return [{ transferId: items[0]!.row.transferId, outcome: parked(lastError) }];
        singleSendsLeft = items.length;
        deps.log.warn({ failure }, 'outbox: batch refused; sending its rows one by one');
        return [];
      }
      const retryAtMs = transportFailed(failure, nowMs);
      const error = describeFailure(failure);
      return items.map(({ row }) => ({
        transferId: row.transferId,
        outcome: { kind: 'retry', error, nextAttemptAtMs: retryAtMs } as const,
      }));
    }
    breaker.recordSuccess();
    failureStreak = 0;
    backoffUntilMs = 0;
    lastDeliveredAtMs = nowMs;
    if (single) return [{ transferId: items[0]!.row.transferId, outcome: { kind: 'delivered' } }];
    return batchOutcomes(items, answer.value as readonly BatchItemOutcome[], nowMs);
  };

  const batchOutcomes = (
    items: ReadonlyArray<{ row: OutboxRow }>,
    results: readonly BatchItemOutcome[],
    nowMs: number,
  ): Array<{ transferId: string; outcome: RowOutcome }> => {
    const byId = new Map(results.map((result) => [result.transferId, result]));
    return items.map(({ row }) => {
      const result = byId.get(row.transferId);
      if (result === undefined) {
        const error = 'batch answer has no result for this transfer';
        return { transferId: row.transferId, outcome: retry(error, rowRetryAtMs(row, nowMs)) };
      }
      const failure: CentralFailure = {
        kind: 'http',
        status: result.httpStatus,
        code: result.code ?? '',
      };
      return { transferId: row.transferId, outcome: itemOutcome(failure, row, nowMs) };
    });
  };

  const itemOutcome = (failure: CentralFailure, row: OutboxRow, nowMs: number): RowOutcome => {
    switch (dispositionOf(failure)) {
      case 'delivered':
        return { kind: 'delivered' };
      case 'permanent':
        return parked(describeFailure(failure));
      case 'transient':
        return retry(describeFailure(failure), rowRetryAtMs(row, nowMs));
    }
  };

  const drainOnce = (): Promise<DrainReport> => {
    if (running !== null) return running;
    running = round().finally(() => {
      running = null;
      emit();
    });
    return running;
  };

  const schedule = (delayMs: number) => {
    cancelTimer?.();
    cancelTimer = null;
    if (!started) return;
    cancelTimer = (deps.setTimer ?? defaultSetTimer)(() => void tick(), Math.max(0, delayMs));
  };

  const nextDelayMs = (report: DrainReport): number => {
    const nowMs = deps.now();
    switch (report.kind) {
      case 'sent':
        return 0;
      case 'held':
        return report.untilMs - nowMs;
      case 'idle': {
        const next = earliestNextAttemptMs(db);
        const untilNext = next === null ? options.idlePollMs : next - nowMs;
        return Math.min(options.idlePollMs, Math.max(0, untilNext));
      }
    }
  };

  const tick = async () => {
    cancelTimer = null;
    if (!started) return;
    let delayMs = options.idlePollMs;
    try {
      delayMs = nextDelayMs(await drainOnce());
    } catch (error) {
      // SQLite busy or I/O trouble: nothing was marked, so the rows are simply tried again.
      lastError = `local: ${error instanceof Error ? error.message : String(error)}`;
      deps.log.error({ err: error }, 'outbox: round failed');
    }
    schedule(delayMs);
  };

  return {
    start() {
      if (started) return;
      started = true;
      schedule(0);
    },
    async stop() {
      started = false;
      cancelTimer?.();
      cancelTimer = null;
      if (running !== null) await running.catch(() => undefined);
    },
    drainOnce,
    notify() {
      if (started && running === null) schedule(0);
    },
    status,
    onDidChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
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
