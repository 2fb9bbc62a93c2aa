import { assertNever } from '../../common/assert.ts';
import type { CashLetter } from '../../common/letter.ts';
import type { OutboxPayload } from '../ledger/ledger.ts';

/**
 * One outbox row on its way to central, in the kiosk's money words (docs/glossary.md). The
 * central client turns it into the wire body (central-adapters.ts: TransferCreate for an
 * inmate, WalletTopUpCreate for a payer's wallet); nothing else knows the wire's names.
 */
export type OutgoingTransfer = {
  transferId: string;
  /** Where central credits it: an inmate's account (transfer) or a payer's wallet (top-up). */
  recipient: OutgoingRecipient;
  acceptedKopecks: number;
  commissionKopecks: number;
  creditedKopecks: number;
  kioskCreatedAtMs: number;
  payerAccountId: string | null;
  /** The kiosk's own order of its transfers; absent in rows written before it existed. */
  kioskSequence?: number;
  /**
   * A wallet top-up that pays a letter typed at the kiosk (common/letter.ts), with its words
   * from the ledger's letter_text. Absent when the row carries no letter, or when its words are
   * gone (then the cash still goes to the wallet: money never waits on a letter).
   */
  letter?: CashLetter;
};

export type OutgoingRecipient =
  | { kind: 'inmate'; inmateRef: string }
  | { kind: 'wallet'; accountId: string };

function outgoingRecipientOf(recipient: OutboxPayload['recipient']): OutgoingRecipient {
  switch (recipient.kind) {
    case 'inmate':
      return { kind: 'inmate', inmateRef: recipient.inmateRef };
    case 'wallet':
      return { kind: 'wallet', accountId: recipient.accountId };
    default:
      return assertNever(recipient);
  }
}

/** The payload was validated by the ledger when it was read (OutboxPayloadSchema). */
export function outgoingTransferOf(
  payload: OutboxPayload,
  letterText: (letterId: string) => string | null = () => null,
): OutgoingTransfer {
  const terms = payload.letter ?? null;
  const text = terms === null ? null : letterText(terms.letterId);
  return {
    transferId: payload.transferId,
    recipient: outgoingRecipientOf(payload.recipient),
    acceptedKopecks: payload.acceptedKopecks,
    commissionKopecks: payload.commissionKopecks,
    creditedKopecks: payload.creditedKopecks,
    kioskCreatedAtMs: payload.createdAtMs,
    payerAccountId: payload.payerAccountId,
    ...(payload.kioskSequence === undefined ? {} : { kioskSequence: payload.kioskSequence }),
    ...(terms === null || text === null ? {} : { letter: { terms, text } }),
  };
}
