import type { Recipient } from './contract/payment.ts';

/**
 * A cash top-up of a payer's wallet travels the same road as a transfer — stack intent, credit,
 * transfer row, outbox, receipt — so it keeps every cash-in guarantee. Its "recipient" is the
 * account, marked by this prefix; sync sends it to central's wallet endpoint instead.
 */
const walletRefPrefix = 'wallet:';
const accountIdPattern = /^p[0-9a-f]{20}$/;

export function walletRecipient(accountId: string, maskedPhone: string): Recipient {
  return {
    inmateRef: `${walletRefPrefix}${accountId}`,
    maskedName: `Кошелёк ${maskedPhone}`,
    // Not a person: the year is required by the shape and never shown for a wallet.
    birthYear: 1900,
    facilityId: 'wallet',
    facilityName: 'Пополнение кошелька',
  };
}

/** Dressed as a wallet, well-formed or not (a malformed one is refused, never paid to). */
export function isWalletRef(inmateRef: string): boolean {
  return inmateRef.startsWith(walletRefPrefix);
}

/** The account a wallet top-up goes to, or null for an ordinary transfer to an inmate. */
export function walletAccountOf(inmateRef: string): string | null {
  if (!isWalletRef(inmateRef)) return null;
  const accountId = inmateRef.slice(walletRefPrefix.length);
  return accountIdPattern.test(accountId) ? accountId : null;
}

/** «+7 *** ***-45-67»: enough for the payer to recognise, nothing for a stranger. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `+7 *** ***-${digits.slice(-4, -2)}-${digits.slice(-2)}`;
}
