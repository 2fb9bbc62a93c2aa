import type { CompletedPayment } from '../../common/contract.ts';
import type { PrinterPort } from '../../common/ports.ts';
import { err, ok, type Result } from '../../common/result.ts';
import {
  layoutReceipt,
  type ReceiptWidth,
  receiptQrPayload,
  receiptText,
} from '../core/receipt-layout.ts';
import type { ReceiptPrinter } from '../deposit/deposit-deps.ts';
import type { Ledger, TransferRecord } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import { type ReceiptContext, receiptDataOf } from './receipt-data.ts';
import { letterIsPaid } from '../../common/letter.ts';

/**
 * Prints payment receipts and records the outcome in the ledger. A printer failure never
 * touches the transfer: the receipt is marked unprinted, the screen shows it with its QR code
 * and offers an SMS copy (docs/receipts.md §3).
 */
export type ReceiptService = ReceiptPrinter & {
  reprint(transferId: string): Promise<Result<void, { kind: string; message: string }>>;
  completedPayment(transferId: string): CompletedPayment | null;
};

export function createReceiptService(deps: {
  ledger: Ledger;
  printer: PrinterPort;
  context: () => ReceiptContext;
  widthColumns: () => ReceiptWidth;
  creditingTimeKey: string;
  log: Logger;
  /** Called after every print attempt so the status screen sees paper-out at once. */
  onDidPrint?: () => void;
}): ReceiptService {
  const documentOf = (transfer: TransferRecord, copy: boolean) => {
    // The terms' source, printed so a dispute can name the configuration that set them.
    const configVersion = deps.ledger.sessionState(transfer.sessionId)?.terms.configVersion;
    const data = receiptDataOf(transfer, deps.context(), { copy, configVersion });
    return { data, document: layoutReceipt(data, deps.widthColumns()) };
  };

  return {
    async printTransferReceipt(transferId, { recovered }) {
      const transfer = deps.ledger.transferById(transferId);
      if (transfer === null) {
        deps.log.error({ transferId }, 'receipt: no such transfer');
        return 'unprinted';
      }
      const printed = await deps.printer
        .print(documentOf(transfer, false).document)
        .catch((error: unknown) => err({ kind: 'io' as const, message: String(error) }));
      deps.onDidPrint?.();
      const outcome = printed.ok ? 'printed' : 'unprinted';
      if (!printed.ok) {
        deps.log.warn({ transferId, recovered, error: printed.error }, 'receipt not printed');
      }
      deps.ledger.markReceipt(transferId, outcome);
      return outcome;
    },

    async reprint(transferId) {
      const transfer = deps.ledger.transferById(transferId);
      if (transfer === null) return err({ kind: 'not-found', message: 'No such transfer.' });
      const printed = await deps.printer.print(documentOf(transfer, true).document);
      deps.onDidPrint?.();
      if (!printed.ok)
        return err({ kind: printed.error.kind, message: `Printer: ${printed.error.kind}` });
      // A copy that came out is the payer's proof too: an unprinted original is now printed.
      if (transfer.receiptState !== 'printed') deps.ledger.markReceipt(transferId, 'printed');
      return ok(undefined);
    },

    completedPayment(transferId) {
      const transfer = deps.ledger.transferById(transferId);
      if (transfer === null) return null;
      const { data, document } = documentOf(transfer, false);
      return {
        transferId: transfer.transferId,
        recipient: transfer.recipient,
        acceptedKopecks: transfer.acceptedKopecks,
        commissionKopecks: transfer.commissionKopecks,
        creditedKopecks: transfer.creditedKopecks,
        createdAtMs: transfer.createdAtMs,
        receipt: transfer.receiptState === 'printed' ? 'printed' : 'unprinted',
        receiptText: receiptText(document),
        qrPayload: receiptQrPayload(data),
        recovered: transfer.recovered,
        creditingTimeKey: deps.creditingTimeKey,
        letter:
          transfer.letter === null
            ? null
            : {
                ...transfer.letter,
                paid: letterIsPaid(transfer.letter, transfer.acceptedKopecks),
              },
      };
    },
  };
}
