import type { AgentDetails } from '../../common/contract.ts';
import { letterIsPaid } from '../../common/letter.ts';
import { kopecks } from '../../common/money.ts';
import { formatLocalTime, type ReceiptData } from '../core/receipt-layout.ts';
import type { TransferRecord } from '../ledger/ledger.ts';
import { receiptRecipientOf } from './recipient-words.ts';

/** Facts a receipt needs besides the transfer row and the agent's details. */
export type ReceiptContext = {
  terminalId: string;
  agent: AgentDetails | null;
  utcOffsetMinutes: number;
  creditingTimeText: string;
  supportPhone: string;
  trackingUrlPrefix: string | null;
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
      ? { name: agent.name, address: agent.address, inn: agent.inn }
      : { name: 'Платёжный агент не указан', address: '-', inn: '-' },
    terminal: { id: context.terminalId, address: agent?.terminalAddress ?? '-' },
    localTimeText: formatLocalTime(transfer.createdAtMs, context.utcOffsetMinutes),
    transferId: transfer.transferId,
    recipient: receiptRecipientOf(transfer.recipient),
    acceptedKopecks: transfer.acceptedKopecks,
    commissionKopecks: transfer.commissionKopecks,
    creditedKopecks: transfer.creditedKopecks,
    creditingTimeText: context.creditingTimeText,
    supportPhone: context.supportPhone,
    recovered: transfer.recovered,
    copy: options.copy,
    trackingUrlPrefix: context.trackingUrlPrefix,
    ...(options.configVersion === undefined ? {} : { configVersion: options.configVersion }),
  };
}
