import type { LedgerReceiptSms, ReceiptSmsRow, ReceiptSmsState } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import { fullJitterDelayMs, type Random } from './backoff.ts';
import type { CentralClient, CentralError } from './central-client.ts';
import { createTimerLoop, type SetTimer } from './timer-loop.ts';

/**
 * Delivers the queued SMS receipt copies (main/ledger/receipt-sms.ts) to central, which sends
 * them through its SMS gateway. At least once from here, exactly once at the gateway: the
 * copy's id is central's Idempotency-Key, so a copy re-sent after a crash or a lost answer is
 * answered from central's record and not sent again.
 */
export type ReceiptSmsSender = {
  start(): void;
  stop(): Promise<void>;
  /** Tries this copy now; 'queued' when central has not taken it within `waitMs`. */
  deliverNow(smsId: string, waitMs: number): Promise<ReceiptSmsState>;
};

const batchMax = 10;
const backoff = { retryDelayMsBase: 2_000, retryDelayMsCap: 10 * 60_000 };
/** A copy central never took (its transfer never arrived, say) is given up after a day. */
const giveUpAfterMs = 24 * 3_600_000;

type Outcome =
  | { kind: 'sent' }
  | { kind: 'refused'; reason: string }
  | { kind: 'retry'; reason: string; afterMs: number | null };

/** What central's answer means for the copy; only a refusal of the copy itself is final. */
export function outcomeOf(error: CentralError): Outcome {
  if (error.kind !== 'http') return { kind: 'retry', reason: error.kind, afterMs: null };
  // The transfer itself is usually a moment behind (the outbox): ask again.
  if (error.code === 'transfer-unknown')
    return { kind: 'retry', reason: error.code, afterMs: null };
  // A clock or key problem (401) and server trouble pass; a refused copy does not.
  if (error.status === 401 || error.status === 408 || error.status >= 500) {
    return { kind: 'retry', reason: error.code, afterMs: error.retryAfterMs };
  }
  return { kind: 'refused', reason: error.code };
}

export function createReceiptSmsSender(deps: {
  queue: LedgerReceiptSms;
  /** null while the kiosk is not enrolled: copies wait in the ledger. */
  client: () => CentralClient | null;
  now: () => number;
  log: Logger;
  intervalMs?: number;
  random?: Random;
  setTimer?: SetTimer;
}): ReceiptSmsSender {
  const { queue, now, log } = deps;
  const intervalMs = deps.intervalMs ?? 5_000;
  const random = deps.random ?? Math.random;

  const sendOne = async (client: CentralClient, row: ReceiptSmsRow): Promise<void> => {
    const answer = await client.sendReceiptSms({
      smsId: row.smsId,
      transferId: row.transferId,
      phone: row.phone,
    });
    let outcome: Outcome = answer.ok ? { kind: 'sent' } : outcomeOf(answer.error);
    if (outcome.kind === 'retry' && now() - row.createdAtMs > giveUpAfterMs) {
      outcome = { kind: 'refused', reason: `expired: ${outcome.reason}` };
    }
    switch (outcome.kind) {
      case 'sent':
        queue.markSent(row.smsId, now());
        log.info({ smsId: row.smsId, transferId: row.transferId }, 'sms receipt sent by central');
        return;
      case 'refused':
        queue.markRefused(row.smsId, outcome.reason, now());
        log.warn({ smsId: row.smsId, reason: outcome.reason }, 'sms receipt refused by central');
        return;
      case 'retry': {
        const delayMs = outcome.afterMs ?? fullJitterDelayMs(row.attempts, backoff, random);
        queue.retryLater(row.smsId, outcome.reason, now() + Math.max(1_000, delayMs));
        return;
      }
    }
  };

  const run = async (): Promise<number> => {
    const client = deps.client();
    if (client === null) return 0;
    const rows = queue.due(now(), batchMax);
    for (const row of rows) await sendOne(client, row);
    return rows.length;
  };

  const loop = createTimerLoop({
    run,
    intervalMs,
    nextDelayMs: (sent) => {
      if (sent === batchMax) return 0;
      const next = queue.earliestNextAttemptMs();
      return next === null ? intervalMs : Math.min(intervalMs, Math.max(0, next - now()));
    },
    onError: (error) => log.error({ err: error }, 'sms receipt sender failed'),
    ...(deps.setTimer === undefined ? {} : { setTimer: deps.setTimer }),
  });

  /** Runs until the copy is settled or its next try falls after the deadline. */
  const attempt = async (smsId: string, deadlineMs: number): Promise<ReceiptSmsState> => {
    for (;;) {
      // A run already in flight may have read the queue before this copy was written:
      // the loop then runs again at once.
      await loop.runNow();
      const row = queue.row(smsId);
      if (row === null || row.state !== 'queued') return row?.state ?? 'queued';
      if (deps.client() === null || row.nextAttemptMs >= deadlineMs) return 'queued';
      if (now() >= deadlineMs) return 'queued';
      await delay(Math.max(0, row.nextAttemptMs - now()));
    }
  };

  return {
    start: () => loop.start(),
    stop: () => loop.stop(),
    async deliverNow(smsId, waitMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<ReceiptSmsState>((resolve) => {
        timer = setTimeout(() => resolve('queued'), waitMs);
      });
      try {
        const tried = attempt(smsId, now() + waitMs).catch(() => 'queued' as const);
        return await Promise.race([tried, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
