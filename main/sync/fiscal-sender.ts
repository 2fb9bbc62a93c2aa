import type { FiscalDocumentWire } from '../../common/central-wire.ts';
import type { FiscalIntent, LedgerFiscal } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import { fullJitterDelayMs, type Random } from './backoff.ts';
import type { CentralClient, CentralError } from './central-client.ts';
import { createTimerLoop, type SetTimer } from './timer-loop.ts';

/**
 * Carries each issued fiscal document to central (POST /v1/terminal/transfers/{id}/fiscal),
 * its own item kind beside the transfer outbox: the transfer may have gone long before its
 * receipt was issued (a ФН failure held it), and a receipt never holds money back. At least
 * once from here; central keeps one document per transfer, so a resend after a lost answer is
 * a replay. A document central refuses for good (another one already there, a total that is
 * not the transfer's) is parked for the operator, never retried blindly.
 */
export type FiscalSender = {
  start(): void;
  stop(): Promise<void>;
  /** One round now (tests, and right after a receipt is issued). */
  sendNow(): Promise<number>;
};

const batchMax = 20;
const backoff = { retryDelayMsBase: 2_000, retryDelayMsCap: 10 * 60_000 };

export type FiscalSendOutcome =
  | { kind: 'sent' }
  | { kind: 'parked'; reason: string }
  | { kind: 'retry'; reason: string; afterMs: number | null };

/** What central's refusal means for the document. */
export function fiscalSendOutcomeOf(error: CentralError): FiscalSendOutcome {
  if (error.kind !== 'http') return { kind: 'retry', reason: error.kind, afterMs: null };
  // The transfer is still in the outbox: ask again after it has gone.
  if (error.status === 404) return { kind: 'retry', reason: error.code, afterMs: null };
  if (error.status === 401 || error.status === 408 || error.status >= 500) {
    return { kind: 'retry', reason: error.code, afterMs: error.retryAfterMs };
  }
  return { kind: 'parked', reason: `${error.status} ${error.code}` };
}

export function fiscalWireOf(intent: FiscalIntent): FiscalDocumentWire | null {
  const document = intent.document;
  if (document === null) return null;
  return {
    kind: document.kind,
    fdNumber: document.fdNumber,
    fiscalSign: document.fiscalSign,
    fnNumber: document.fnNumber,
    shiftNumber: document.shiftNumber,
    receiptNumber: document.receiptNumber,
    issuedAt: document.issuedAt,
    totalKopecks: document.totalKopecks,
  };
}

export function createFiscalSender(deps: {
  fiscal: LedgerFiscal;
  /** null while the kiosk is not enrolled: documents wait in the ledger. */
  client: () => CentralClient | null;
  now: () => number;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  intervalMs?: number;
  random?: Random;
  setTimer?: SetTimer;
}): FiscalSender {
  const { fiscal, now, log } = deps;
  const intervalMs = deps.intervalMs ?? 10_000;
  const random = deps.random ?? Math.random;

  const sendOne = async (client: CentralClient, intent: FiscalIntent): Promise<void> => {
    const body = fiscalWireOf(intent);
    if (body === null) return;
    const answer = await client.sendFiscalDocument(intent.transferId, body);
    const outcome = answer.ok ? ({ kind: 'sent' } as const) : fiscalSendOutcomeOf(answer.error);
    switch (outcome.kind) {
      case 'sent':
        fiscal.markSent(intent.transferId, now());
        return;
      case 'parked':
        fiscal.parkSend(intent.transferId, outcome.reason);
        log.error({ transferId: intent.transferId, reason: outcome.reason }, 'fiscal: refused');
        return;
      case 'retry': {
        const attempt = intent.delivery.attempts;
        const delayMs = outcome.afterMs ?? fullJitterDelayMs(attempt, backoff, random);
        fiscal.sendFailed(intent.transferId, outcome.reason, now() + Math.max(1_000, delayMs));
        return;
      }
    }
  };

  const run = async (): Promise<number> => {
    const client = deps.client();
    if (client === null) return 0;
    const due = fiscal.unsent(now(), batchMax);
    for (const intent of due) await sendOne(client, intent);
    return due.length;
  };

  const loop = createTimerLoop({
    run,
    intervalMs,
    nextDelayMs: (sent) => (sent === batchMax ? 0 : intervalMs),
    onError: (error) => log.error({ err: error }, 'fiscal sender failed'),
    ...(deps.setTimer === undefined ? {} : { setTimer: deps.setTimer }),
  });

  return { start: () => loop.start(), stop: () => loop.stop(), sendNow: loop.runNow };
}
