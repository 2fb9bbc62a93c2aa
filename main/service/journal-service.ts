import type { JournalTransfer } from '../../common/contract.ts';
import { type Kopecks, kopecks } from '../../common/money.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { formatLocalTime, layoutReceipt } from '../core/receipt-layout.ts';
import type { FiscalIntent, TransferRecord } from '../ledger/ledger.ts';
import { journalRecipientOf, receiptRecipientOf } from '../receipts/recipient-words.ts';
import type { DepError, ServiceDeps } from './deps.ts';
import { readSettings } from './settings-service.ts';
import { readAgentDetails, readTerminalId } from './setup-store.ts';

/** The journal's fiscal column: what became of the payment's fiscal receipt. */
export function journalFiscalOf(intent: FiscalIntent | null): JournalFiscal {
  const document = intent?.document ?? null;
  return {
    state: intent?.state ?? 'none',
    kind: document?.kind ?? null,
    fdNumber: document?.fdNumber ?? null,
    fiscalSign: document?.fiscalSign ?? null,
    fnNumber: document?.fnNumber ?? null,
    shiftNumber: document?.shiftNumber ?? null,
    receiptNumber: document?.receiptNumber ?? null,
    issuedAt: document?.issuedAt ?? null,
    heldReason: intent?.heldReason ?? null,
    sentToCentral: intent?.delivery.sentAtMs != null,
  };
}

type JournalFiscal = NonNullable<JournalTransfer['fiscal']>;

export function journalRow(
  transfer: TransferRecord,
  intent?: FiscalIntent | null,
): JournalTransfer {
  const recipient = journalRecipientOf(transfer.recipient);
  return {
    ...(intent === undefined ? {} : { fiscal: journalFiscalOf(intent) }),
    transferId: transfer.transferId,
    createdAtMs: transfer.createdAtMs,
    acceptedKopecks: transfer.acceptedKopecks,
    commissionKopecks: transfer.commissionKopecks,
    creditedKopecks: transfer.creditedKopecks,
    recipientMasked: recipient.masked,
    facilityName: recipient.place,
    receiptState: transfer.receiptState,
    recovered: transfer.recovered,
  };
}

export type JournalQuery = {
  fromMs: number | null;
  toMs: number | null;
  acceptedKopecks: number | null;
  idPrefix: string;
  offset: number;
  limit: number;
};

export function searchJournal(
  deps: Pick<ServiceDeps, 'ledger'>,
  query: JournalQuery,
): { transfers: JournalTransfer[]; total: number } {
  const page = deps.ledger.listTransfers({
    ...(query.fromMs === null ? {} : { fromMs: query.fromMs }),
    ...(query.toMs === null ? {} : { toMs: query.toMs }),
    ...(query.acceptedKopecks === null ? {} : { acceptedKopecks: kopecks(query.acceptedKopecks) }),
    ...(query.idPrefix === '' ? {} : { idPrefix: query.idPrefix }),
    limit: query.limit,
    offset: query.offset,
  });
  const rows = page.transfers.map((transfer) =>
    journalRow(transfer, deps.ledger.fiscal.intent(transfer.transferId)),
  );
  return { transfers: rows, total: page.total };
}

/**
 * A copy of a payment receipt, marked «КОПИЯ», laid out from the journal row: the amounts on a
 * copy are the ones the ledger holds, never recomputed.
 */
export async function reprintReceipt(
  deps: Pick<ServiceDeps, 'ledger' | 'printer' | 'receiptContext' | 'reprint'>,
  transferId: string,
): Promise<Result<void, DepError>> {
  const transfer = deps.ledger.transferById(transferId);
  if (transfer === null) return err({ kind: 'not-found', message: 'No such transfer.' });
  if (deps.reprint) return deps.reprint(transferId);
  const agent = readAgentDetails(deps.ledger);
  const context = deps.receiptContext();
  const { settings } = readSettings(deps.ledger);
  const document = layoutReceipt(
    {
      agent: agent ?? { name: '-', address: '-', inn: '-' },
      terminal: {
        id: readTerminalId(deps.ledger) ?? 'not-enrolled',
        address: agent?.terminalAddress ?? '-',
      },
      localTimeText: formatLocalTime(transfer.createdAtMs, context.utcOffsetMinutes),
      transferId: transfer.transferId,
      recipient: receiptRecipientOf(transfer.recipient),
      acceptedKopecks: transfer.acceptedKopecks as Kopecks,
      commissionKopecks: transfer.commissionKopecks,
      creditedKopecks: transfer.creditedKopecks,
      creditingTimeText: context.creditingTimeText,
      supportPhone: context.supportPhone,
      recovered: transfer.recovered,
      copy: true,
      trackingUrlPrefix: context.trackingUrlPrefix,
    },
    settings.printer.widthColumns,
  );
  const printed = await deps.printer.print(document);
  if (!printed.ok) {
    return err({ kind: printed.error.kind, message: `Printer: ${printed.error.kind}` });
  }
  return ok(undefined);
}
