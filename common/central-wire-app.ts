/**
 * The payer's own app on central's wire (docs/PAYER-APP.md): wallet top-ups by card or СБП and
 * the one-time SMS code that confirms a payment from the wallet. Checked against
 * central/openapi.yaml by central/wire-contract.test.ts (through wireComponents).
 */
import { z } from 'zod';
import { inmateRefPattern, kopecks, nullableTimeMs, timeMs, uuid7 } from './central-wire-base.ts';

/** 100 ₽ .. 15 000 ₽ a top-up: below, the provider's fee is out of proportion. */
export const CARD_TOP_UP_KOPECKS_MIN = 10_000;
export const CARD_TOP_UP_KOPECKS_MAX = 1_500_000;

export const TopUpMethodSchema = z.enum(['card', 'sbp']);

export const CardTopUpCreateSchema = z.object({
  topUpId: uuid7,
  amountKopecks: kopecks,
  method: TopUpMethodSchema,
});
export type CardTopUpCreate = z.infer<typeof CardTopUpCreateSchema>;

export const CardTopUpViewSchema = z.object({
  topUpId: uuid7,
  method: TopUpMethodSchema,
  amountKopecks: kopecks,
  status: z.enum(['pending', 'succeeded', 'canceled']),
  /** The provider's page to confirm on, while the top-up is pending. */
  confirmationUrl: z.string().max(2000).nullable(),
  createdAtMs: timeMs,
  settledAtMs: nullableTimeMs,
});
export type CardTopUpView = z.infer<typeof CardTopUpViewSchema>;

export const CardTopUpListSchema = z.object({ topUps: z.array(CardTopUpViewSchema).max(50) });

/** What a payment code is for: exactly the payment the app will then send. */
export const PaymentCodeRequestSchema = z.object({
  transferId: uuid7,
  inmateRef: z.string().regex(inmateRefPattern),
  amountKopecks: kopecks,
  commissionKopecks: kopecks,
});
export type PaymentCodeRequest = z.infer<typeof PaymentCodeRequestSchema>;

export const PaymentCodeSentSchema = z.object({ expiresAtMs: timeMs });

/** What the app needs to quote a payment exactly as central will check it. */
export const PaymentTermsSchema = z.object({
  paymentKopecksMin: kopecks,
  paymentKopecksMax: kopecks,
  commissionRateBasisPoints: z.number().int().min(0).max(10_000),
  commissionKopecksMin: kopecks,
  topUpKopecksMin: kopecks,
  topUpKopecksMax: kopecks,
});
export type PaymentTerms = z.infer<typeof PaymentTermsSchema>;

export const appWireComponents = {
  PaymentTerms: PaymentTermsSchema,
  CardTopUpCreate: CardTopUpCreateSchema,
  CardTopUpView: CardTopUpViewSchema,
  CardTopUpList: CardTopUpListSchema,
  PaymentCodeRequest: PaymentCodeRequestSchema,
  PaymentCodeSent: PaymentCodeSentSchema,
};
