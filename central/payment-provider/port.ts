/**
 * The payment-provider port: how central takes a payer's card or СБП (faster payments system)
 * money onto their wallet. A provider is asked to create a payment and answers with a page the
 * payer confirms it on (3-D Secure for a card, the bank's app for СБП); the outcome arrives as
 * a signed webhook, and can always be asked for again (reconciliation when a webhook is lost).
 * central/payer/card-top-ups.ts credits the wallet only from a verified outcome.
 */
import type { Result } from '../../common/result.ts';

export type TopUpMethod = 'card' | 'sbp';

/** What the provider says of one payment: still waiting, paid, or not paid (final). */
export type ProviderStatus = 'pending' | 'succeeded' | 'canceled';

export type ProviderPayment = {
  providerPaymentId: string;
  status: ProviderStatus;
  amountKopecks: number;
  /** Our top-up id, as we gave it at creation (the provider echoes it back). */
  topUpId: string | null;
};

export type CreatedPayment = ProviderPayment & { confirmationUrl: string };

export type ProviderFailure =
  /** The provider did not answer, or answered 5xx: try again later. */
  | { kind: 'unavailable'; detail: string }
  /** The provider refused the request (4xx): not worth repeating as it is. */
  | { kind: 'refused'; detail: string }
  /** The answer was not what the provider's API promises. */
  | { kind: 'malformed'; detail: string };

export type WebhookFailure = { kind: 'signature-invalid' } | { kind: 'malformed'; detail: string };

export type CreatePaymentInput = {
  /** Our id: also the provider's idempotence key, so a retried create makes one payment. */
  topUpId: string;
  amountKopecks: number;
  method: TopUpMethod;
  /** Where the provider sends the payer back after the confirmation page. */
  returnUrl: string;
  description: string;
};

export interface PaymentProvider {
  /** A short name stored with each top-up (the provider's payment ids are unique per name). */
  readonly name: string;
  createPayment(input: CreatePaymentInput): Promise<Result<CreatedPayment, ProviderFailure>>;
  getPayment(providerPaymentId: string): Promise<Result<ProviderPayment, ProviderFailure>>;
  /** A webhook's exact bytes and headers → the payment it reports, if its signature holds. */
  verifyWebhook(
    rawBody: Buffer,
    headers: Record<string, string | string[] | undefined>,
  ): Result<ProviderPayment, WebhookFailure>;
}
