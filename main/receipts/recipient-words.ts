import { assertNever } from '../../common/assert.ts';
import type { Recipient } from '../../common/contract.ts';
import type { ReceiptData } from '../core/receipt-layout.ts';

/**
 * The recipient in the Russian words of what main writes itself: receipts, SMS copies and the
 * operator's journal. The payer's screens have their own words, in the renderer's catalogues.
 */

/** «Иванов И. И., 1985 г.р.» with the facility, or the wallet's masked phone. */
export function receiptRecipientOf(recipient: Recipient): ReceiptData['recipient'] {
  switch (recipient.kind) {
    case 'inmate':
      return {
        kind: 'inmate',
        masked: `${recipient.maskedName}, ${recipient.birthYear} г.р.`,
        facilityName: recipient.facilityName,
      };
    case 'wallet':
      return { kind: 'wallet', maskedPhone: recipient.maskedPhone };
    default:
      return assertNever(recipient);
  }
}

/** One line of the operator's journal: who, and where (a wallet is in no facility). */
export function journalRecipientOf(recipient: Recipient): { masked: string; place: string } {
  switch (recipient.kind) {
    case 'inmate':
      return {
        masked: `${recipient.maskedName}, ${recipient.birthYear} г.р.`,
        place: recipient.facilityName,
      };
    case 'wallet':
      return { masked: `Кошелёк ${recipient.maskedPhone}`, place: 'Пополнение кошелька' };
    default:
      return assertNever(recipient);
  }
}

/** The short name an SMS copy gives: «Иванов И. И.» or «Кошелёк +7 *** ***-45-67». */
export function smsRecipientOf(recipient: Recipient): string {
  switch (recipient.kind) {
    case 'inmate':
      return recipient.maskedName;
    case 'wallet':
      return `Кошелёк ${recipient.maskedPhone}`;
    default:
      return assertNever(recipient);
  }
}
