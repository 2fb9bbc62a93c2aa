/**
 * A cash top-up of a payer's wallet travels the same road as a transfer — stack intent, credit,
 * transfer row, outbox, receipt — so it keeps every cash-in guarantee. Its recipient is the
 * `wallet` kind of `Recipient` (common/contract/payment.ts); sync sends it to central's wallet
 * endpoint instead of the transfer endpoint.
 */

/** «+7 *** ***-45-67»: enough for the payer to recognise, nothing for a stranger. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `+7 *** ***-${digits.slice(-4, -2)}-${digits.slice(-2)}`;
}
