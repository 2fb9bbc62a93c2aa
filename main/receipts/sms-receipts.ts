import { appendFileSync } from 'node:fs';
import path from 'node:path';
import type { CompletedPayment } from '../../common/contract.ts';
import { formatRublesPlain, kopecks } from '../../common/money.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { Logger } from '../log.ts';
import { makePrivateDir, privateFileMode } from '../../platform/private-files.ts';
import { smsRecipientOf } from './recipient-words.ts';

/**
 * SMS receipts for payers whose paper receipt could not be printed. Messages go through a
 * gateway adapter; the development gateway appends them to KIOSK_DATA_DIR/sms/outgoing.jsonl,
 * where a tester (and the e2e tests) read them. Numbers are rate-limited per transfer.
 */
export type SmsReceipts = {
  sendReceipt(
    payment: CompletedPayment,
    phone: string,
  ): Result<void, { kind: string; message: string }>;
};

const smsPerTransferMax = 3;

export function createFileSmsReceipts(deps: {
  dataDir: string;
  now: () => number;
  log: Logger;
}): SmsReceipts {
  const file = path.join(deps.dataDir, 'sms', 'outgoing.jsonl');
  const sentPerTransfer = new Map<string, number>();
  return {
    sendReceipt(payment, phone) {
      const sent = sentPerTransfer.get(payment.transferId) ?? 0;
      if (sent >= smsPerTransferMax) {
        return err({ kind: 'rate-limited', message: 'Too many SMS for this payment.' });
      }
      const text =
        `Перевод ${payment.transferId} принят: ${formatRublesPlain(kopecks(payment.acceptedKopecks))} руб., ` +
        `к зачислению ${formatRublesPlain(kopecks(payment.creditedKopecks))} руб. ` +
        `Получатель ${smsRecipientOf(payment.recipient)}. Статус: ${payment.qrPayload}`;
      try {
        makePrivateDir(path.dirname(file));
        const line = `${JSON.stringify({ atMs: deps.now(), phone, text })}\n`;
        appendFileSync(file, line, { mode: privateFileMode });
      } catch (error) {
        deps.log.error({ err: error }, 'sms gateway: write failed');
        return err({ kind: 'sms-unavailable', message: 'SMS cannot be sent now.' });
      }
      sentPerTransfer.set(payment.transferId, sent + 1);
      deps.log.info({ transferId: payment.transferId }, 'sms receipt queued');
      return ok(undefined);
    },
  };
}
