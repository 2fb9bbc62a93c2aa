/**
 * SMS copies of receipts a kiosk could not print (a transfer, or a cash top-up of the payer's
 * own wallet). The kiosk makes the id (its outbox retries
 * after a crash must never send twice), names the transfer and the phone; central writes the
 * text from its own record of the transfer, so a terminal cannot put arbitrary words into an
 * SMS, and the recipient's full name never leaves central (only the masked one).
 *
 * Caps: a receipt SMS is SMS traffic the operator pays for like any code, so it takes from
 * the same hourly per-phone, per-prefix and overall budget (payer/sms-budget.ts); on top of
 * that one transfer gets at most RECEIPT_SMS_PER_TRANSFER_MAX copies. A replay takes nothing.
 */
import { formatRublesPlain, kopecks } from '../common/money.ts';
import type { ReceiptSmsAck, ReceiptSmsCreate } from '../common/central-wire.ts';
import { type CentralDb, statement } from './db.ts';
import { ApiFailure, apiError } from './errors.ts';
import type { SmsBudget } from './payer/sms-budget.ts';
import type { SmsGateway } from './payer/sms.ts';

export const RECEIPT_SMS_PER_TRANSFER_MAX = 3;

export type ReceiptSmsStore = {
  /** Sends once per smsId; a replay answers the first answer and sends nothing. */
  send(terminalId: string, input: ReceiptSmsCreate, nowMs: number): Promise<ReceiptSmsAck>;
};

type TransferRow = {
  terminal_id: string;
  amount_kopecks: number;
  recipient_masked: string;
  kiosk_created_at_ms: number;
};

/** The short form of a transfer id people can read out: its last 8 hex digits. */
export function shortTransferId(transferId: string): string {
  return transferId.replaceAll('-', '').slice(-8).toUpperCase();
}

function moscowDate(atMs: number): string {
  return new Date(atMs).toLocaleDateString('ru-RU', { timeZone: 'Europe/Moscow' });
}

/**
 * The receipt's own promise in one SMS: the tracking link with its check code (the same one the
 * paper receipt would have carried), or, where the terminal has no tracking page configured,
 * the short id.
 */
export function receiptSmsText(
  transferId: string,
  row: TransferRow,
  trackingLink: TrackingLink | null,
): string {
  const date = moscowDate(row.kiosk_created_at_ms);
  const name = trackingLink === null ? shortTransferId(transferId) : trackingLink.code;
  const text =
    `Перевод ${name} от ${date} принят. ` +
    `К зачислению ${formatRublesPlain(kopecks(row.amount_kopecks))} руб. ` +
    `Получатель: ${row.recipient_masked.replace(/\.$/u, '')}.`;
  return trackingLink === null ? text : `${text} Статус: ${trackingLink.url}`;
}

/** What the receipt's QR holds for a transfer: central's page and the printed check code. */
export type TrackingLink = { code: string; url: string };

/** A cash top-up of the payer's own wallet: no recipient to name. */
export function topUpSmsText(topUpId: string, amountKopecks: number, atMs: number): string {
  return (
    `Пополнение кошелька ${shortTransferId(topUpId)} от ${moscowDate(atMs)}: ` +
    `${formatRublesPlain(kopecks(amountKopecks))} руб. зачислено.`
  );
}

export function createReceiptSmsStore(
  db: CentralDb,
  gateway: SmsGateway,
  budget: SmsBudget,
  trackingLinkOf: (terminalId: string, transferId: string) => Promise<TrackingLink | null>,
): ReceiptSmsStore {
  const findSms = statement(
    db,
    'SELECT terminal_id, transfer_id, phone, sent_at_ms FROM receipt_sms WHERE id = ?',
  );
  const countForTransfer = statement(
    db,
    'SELECT COUNT(*) AS n FROM receipt_sms WHERE transfer_id = ?',
  );
  const insertSms = statement(
    db,
    `INSERT INTO receipt_sms (id, terminal_id, transfer_id, phone, sent_at_ms)
       VALUES (?, ?, ?, ?, ?)`,
  );
  const deleteSms = statement(db, 'DELETE FROM receipt_sms WHERE id = ?');
  const findTransfer = statement(
    db,
    `SELECT terminal_id, amount_kopecks, recipient_masked, kiosk_created_at_ms
       FROM transfers WHERE id = ?`,
  );

  // A wallet top-up's id is known only to the kiosk that took the cash (no terminal column).
  const findTopUp = statement(
    db,
    "SELECT delta_kopecks, created_at_ms FROM wallet_entries WHERE id = ? AND kind = 'top-up'",
  );
  const textOf = async (terminalId: string, id: string): Promise<string | null> => {
    const transfer = await findTransfer.get<TransferRow>(id);
    if (transfer !== undefined) {
      if (transfer.terminal_id !== terminalId) return null;
      return receiptSmsText(id, transfer, await trackingLinkOf(terminalId, id));
    }
    const topUp = await findTopUp.get<{ delta_kopecks: number; created_at_ms: number }>(id);
    return topUp === undefined ? null : topUpSmsText(id, topUp.delta_kopecks, topUp.created_at_ms);
  };

  /** Reserves the id, or answers the stored row; throws the refusals. */
  const reserve = (terminalId: string, input: ReceiptSmsCreate, smsId: string, nowMs: number) =>
    db.transaction(async () => {
      const found = await findSms.get<{
        terminal_id: string;
        transfer_id: string;
        phone: string;
        sent_at_ms: number;
      }>(smsId);
      if (found !== undefined) {
        const same =
          found.terminal_id === terminalId &&
          found.transfer_id === input.transferId.toLowerCase() &&
          found.phone === input.phone;
        if (!same) {
          throw new ApiFailure(
            apiError(
              422,
              'idempotency-key-reused',
              `receipt SMS ${smsId} exists with another body`,
            ),
          );
        }
        return { replayed: true as const, sentAtMs: found.sent_at_ms };
      }
      const text = await textOf(terminalId, input.transferId.toLowerCase());
      if (text === null) {
        throw new ApiFailure(
          apiError(409, 'transfer-unknown', 'this terminal has no such transfer here yet'),
        );
      }
      const { n } = (await countForTransfer.get<{ n: number }>(input.transferId.toLowerCase()))!;
      if (n >= RECEIPT_SMS_PER_TRANSFER_MAX) {
        throw new ApiFailure(
          apiError(422, 'sms-per-transfer', 'no more SMS copies of this receipt'),
        );
      }
      const taken = await budget.take(input.phone, 'receipt', nowMs);
      if (!taken.ok) {
        const seconds = Math.ceil(taken.error.retryAfterMs / 1000);
        throw new ApiFailure(apiError(429, 'sms-limit', taken.error.message), {
          'retry-after': String(seconds),
        });
      }
      await insertSms.run(smsId, terminalId, input.transferId.toLowerCase(), input.phone, nowMs);
      return { replayed: false as const, sentAtMs: nowMs, text };
    });

  return {
    async send(terminalId, input, nowMs) {
      const smsId = input.smsId.toLowerCase();
      const reserved = await reserve(terminalId, input, smsId, nowMs);
      if (reserved.replayed) return { smsId, sentAtMs: reserved.sentAtMs };
      try {
        await gateway.send({ phone: input.phone, text: reserved.text, sentAtMs: nowMs });
      } catch {
        // Not sent: forget the id so the kiosk's retry sends it.
        await deleteSms.run(smsId);
        throw new ApiFailure(apiError(503, 'sms-unavailable', 'the SMS gateway failed'));
      }
      budget.sent('receipt');
      return { smsId, sentAtMs: nowMs };
    },
  };
}
