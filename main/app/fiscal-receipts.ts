import type { ReceiptService } from '../receipts/receipt-service.ts';
import type { Logger } from '../log.ts';
import type { FiscalWiring } from './fiscal-wiring.ts';

/**
 * The payment receipt on a fiscal kiosk (docs/fiscal-integration.md). With a registrar the
 * payment's receipt IS the registrar's fiscal receipt: after the commit the fiscal queue issues
 * it (the registrar prints the agent's header, the fiscal body with its QR, then the tracking
 * link), and no ESC/POS slip is printed; the ledger's receipt state says whether the payer has
 * paper. A payment without a fiscal intent (made before fiscalisation) gets the ESC/POS slip as
 * before. Everywhere, the completed payment carries its fiscal receipt for the screen.
 */
export function withFiscalReceipts(
  base: ReceiptService,
  wiring: Pick<FiscalWiring, 'fiscal' | 'paymentFiscal'>,
  log: Logger,
): ReceiptService {
  const fiscal = wiring.fiscal;
  return {
    ...base,
    async printTransferReceipt(transferId, options) {
      if (fiscal === null) return base.printTransferReceipt(transferId, options);
      const outcome = await fiscal.issueFor(transferId);
      switch (outcome.kind) {
        case 'none':
          return base.printTransferReceipt(transferId, options);
        case 'issued':
          return 'printed';
        case 'held':
          log.error({ transferId, reason: outcome.reason }, 'fiscal receipt held');
          return 'unprinted';
        case 'waiting':
          log.warn({ transferId, error: outcome.error }, 'fiscal receipt waits for the registrar');
          return 'unprinted';
      }
    },
    completedPayment(transferId) {
      const payment = base.completedPayment(transferId);
      if (payment === null) return null;
      const paymentFiscal = wiring.paymentFiscal(transferId);
      return paymentFiscal === undefined ? payment : { ...payment, fiscal: paymentFiscal };
    },
  };
}
