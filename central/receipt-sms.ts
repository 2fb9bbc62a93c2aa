/**
 * SMS copies of receipts a kiosk could not print. The kiosk makes the id (its outbox retries
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
import { type CentralDb, inTransaction } from './db.ts';
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

export function receiptSmsText(transferId: string, row: TransferRow): string {
  const date = new Date(row.kiosk_created_at_ms).toLocaleDateString('ru-RU', {
    timeZone: 'Europe/Moscow',
  });
  return (
    `Перевод ${shortTransferId(transferId)} от ${date} принят. ` +
    `К зачислению ${formatRublesPlain(kopecks(row.amount_kopecks))} руб. ` +
    `Получатель: ${row.recipient_masked}.`
  );
}

export function createReceiptSmsStore(
  db: CentralDb,
  gateway: SmsGateway,
  budget: SmsBudget,
): ReceiptSmsStore {
  const findSms = db.prepare(
    'SELECT terminal_id, transfer_id, phone, sent_at_ms FROM receipt_sms WHERE id = ?',
  );
  const countForTransfer = db.prepare(
    'SELECT COUNT(*) AS n FROM receipt_sms WHERE transfer_id = ?',
  );
  const insertSms = db.prepare(
    `INSERT INTO receipt_sms (id, terminal_id, transfer_id, phone, sent_at_ms)
       VALUES (?, ?, ?, ?, ?)`,
  );
  const deleteSms = db.prepare('DELETE FROM receipt_sms WHERE id = ?');
  const findTransfer = db.prepare(
    `SELECT terminal_id, amount_kopecks, recipient_masked, kiosk_created_at_ms
       FROM transfers WHERE id = ?`,
  );

  /** Reserves the id, or answers the stored row; throws the refusals. */
  const reserve = (terminalId: string, input: ReceiptSmsCreate, smsId: string, nowMs: number) =>
    inTransaction(db, () => {
      const found = findSms.get(smsId) as
        | { terminal_id: string; transfer_id: string; phone: string; sent_at_ms: number }
        | undefined;
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
      const transfer = findTransfer.get(input.transferId.toLowerCase()) as TransferRow | undefined;
      if (transfer === undefined || transfer.terminal_id !== terminalId) {
        throw new ApiFailure(
          apiError(409, 'transfer-unknown', 'this terminal has no such transfer here yet'),
        );
      }
      const { n } = countForTransfer.get(input.transferId.toLowerCase()) as { n: number };
      if (n >= RECEIPT_SMS_PER_TRANSFER_MAX) {
        throw new ApiFailure(
          apiError(422, 'sms-per-transfer', 'no more SMS copies of this receipt'),
        );
      }
      const taken = budget.take(input.phone, 'receipt', nowMs);
      if (!taken.ok) {
        const seconds = Math.ceil(taken.error.retryAfterMs / 1000);
        throw new ApiFailure(apiError(429, 'sms-limit', taken.error.message), {
          'retry-after': String(seconds),
        });
      }
      insertSms.run(smsId, terminalId, input.transferId.toLowerCase(), input.phone, nowMs);
      const text = receiptSmsText(input.transferId.toLowerCase(), transfer);
      return { replayed: false as const, sentAtMs: nowMs, text };
    });

  return {
    async send(terminalId, input, nowMs) {
      const smsId = input.smsId.toLowerCase();
      const reserved = reserve(terminalId, input, smsId, nowMs);
      if (reserved.replayed) return { smsId, sentAtMs: reserved.sentAtMs };
      try {
        await gateway.send({ phone: input.phone, text: reserved.text, sentAtMs: nowMs });
      } catch {
        // Not sent: forget the id so the kiosk's retry sends it.
        deleteSms.run(smsId);
        throw new ApiFailure(apiError(503, 'sms-unavailable', 'the SMS gateway failed'));
      }
      budget.sent('receipt');
      return { smsId, sentAtMs: nowMs };
    },
  };
}
