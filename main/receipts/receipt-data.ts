import type { AgentDetails } from '../../common/contract.ts';
import { letterIsPaid } from '../../common/letter.ts';
import { kopecks } from '../../common/money.ts';
import { formatLocalTime, type ReceiptData, type Requisites } from '../core/receipt-layout.ts';
import type { TransferRecord } from '../ledger/ledger.ts';
import { receiptRecipientOf } from './recipient-words.ts';
import { trackingCodeFor } from './tracking-code.ts';

/** Facts a receipt needs besides the transfer row and the agent's details. */
export type ReceiptContext = {
  terminalId: string;
  agent: AgentDetails | null;
  utcOffsetMinutes: number;
  creditingTimeText: string;
  supportPhone: string;
  trackingUrlPrefix: string | null;
  /** The terminal's tracking key (central's signed config); null: no code, no URL in the QR. */
  trackingKey?: string | null;
  /** From central's configuration (103-ФЗ art. 5); absent: not printed. */
  requisites?: {
    agentPhone: string;
    operator: Requisites;
    supplier: Requisites | null;
  };
  /** KIOSK_FISCAL=none: the party that issues the fiscal receipt (printed on the slip). */
  fiscalizedBy?: string | null;
};

/**
 * A receipt's data from the journal row: the amounts printed are the ones the ledger holds,
 * never recomputed, for the first print and for every copy alike.
 */
export function receiptDataOf(
  transfer: TransferRecord,
  context: ReceiptContext,
  options: { copy: boolean; configVersion?: number | undefined },
): ReceiptData {
  const agent = context.agent;
  const requisites = context.requisites;
  const letter = transfer.letter;
  return {
    ...(letter === null
      ? {}
      : {
          letter: {
            recipientMasked: `${letter.recipient.maskedName}, ${letter.recipient.birthYear} г.р.`,
            facilityName: letter.recipient.facilityName,
            pages: letter.pages,
            replyBlanks: letter.replyBlanks,
            priceKopecks: kopecks(letter.priceKopecks),
            paid: letterIsPaid(letter, transfer.acceptedKopecks),
          },
        }),
    agent: agent
      ? {
          name: agent.name,
          address: agent.address,
          inn: agent.inn,
          ...(requisites === undefined ? {} : { phone: requisites.agentPhone }),
        }
      : { name: 'Платёжный агент не указан', address: '-', inn: '-' },
    ...(requisites === undefined ? {} : { operator: requisites.operator }),
    ...(requisites?.supplier ? { supplier: requisites.supplier } : {}),
    terminal: { id: context.terminalId, address: agent?.terminalAddress ?? '-' },
    localTimeText: formatLocalTime(transfer.createdAtMs, context.utcOffsetMinutes),
    transferId: transfer.transferId,
    recipient: receiptRecipientOf(transfer.recipient),
    // Only money to a person names its sender; a top-up of one's own wallet needs none.
    ...(transfer.senderName !== null && transfer.recipient.kind === 'inmate'
      ? { sender: transfer.senderName }
      : {}),
    acceptedKopecks: transfer.acceptedKopecks,
    commissionKopecks: transfer.commissionKopecks,
    creditedKopecks: transfer.creditedKopecks,
    creditingTimeText: context.creditingTimeText,
    supportPhone: context.supportPhone,
    recovered: transfer.recovered,
    copy: options.copy,
    trackingUrlPrefix: context.trackingUrlPrefix,
    ...(context.trackingKey
      ? { trackingCode: trackingCodeFor(context.trackingKey, transfer.transferId) }
      : {}),
    ...(options.configVersion === undefined ? {} : { configVersion: options.configVersion }),
    ...(context.fiscalizedBy ? { fiscalizedBy: context.fiscalizedBy } : {}),
  };
}
