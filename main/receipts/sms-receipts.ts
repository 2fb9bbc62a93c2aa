import type { CompletedPayment } from '../../common/contract.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { LedgerReceiptSms } from '../ledger/ledger.ts';
import { uuidv7 } from '../ledger/uuidv7.ts';
import type { Logger } from '../log.ts';
import type { ReceiptSmsSender } from '../sync/receipt-sms-sender.ts';

/**
 * SMS copies of receipts for payers whose paper receipt could not be printed. The kiosk sends
 * no SMS itself: the copy is written to the ledger (so a crash or a lost network never loses
 * it) and handed to central, which writes the text from its record of the transfer and sends
 * it through its SMS gateway. The payer hears "sent" only once central has taken it.
 */
export type SmsReceiptState = 'sent' | 'queued';

export type SmsReceipts = {
  sendReceipt(
    payment: CompletedPayment,
    phone: string,
  ): Promise<Result<SmsReceiptState, { kind: string; message: string }>>;
};

/** Copies one payment may ask for (central caps the same, and the phone's hourly SMS). */
export const smsPerTransferMax = 3;
/** How long the payer's screen waits for central before saying "will be sent". */
const centralWaitMs = 4_000;

export function createCentralSmsReceipts(deps: {
  queue: LedgerReceiptSms;
  sender: ReceiptSmsSender;
  now: () => number;
  log: Logger;
}): SmsReceipts {
  return {
    async sendReceipt(payment, phone) {
      const transferId = payment.transferId.toLowerCase();
      if (deps.queue.countForTransfer(transferId) >= smsPerTransferMax) {
        return err({ kind: 'rate-limited', message: 'Too many SMS for this payment.' });
      }
      const smsId = uuidv7(deps.now());
      deps.queue.enqueue({ smsId, transferId, phone, atMs: deps.now() });
      deps.log.info({ transferId, smsId }, 'sms receipt queued');
      const state = await deps.sender.deliverNow(smsId, centralWaitMs);
      if (state === 'refused') {
        const reason = deps.queue.row(smsId)?.lastError ?? 'refused';
        const kind = reason === 'sms-limit' ? 'rate-limited' : 'sms-refused';
        return err({ kind, message: 'The SMS cannot be sent to this number now.' });
      }
      return ok(state);
    },
  };
}
