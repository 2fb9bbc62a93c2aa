/**
 * The wallet and letters part of central's wire (central/openapi.yaml): cash put on a payer's
 * wallet at a kiosk (with a letter paid from it), letters, and payments from the wallet.
 * `amountKopecks` is the cash taken in a top-up and what reaches the inmate in a payment.
 */
import { z } from 'zod';
import {
  ErrorDetailSchema,
  inmateRefPattern,
  kopecks,
  nullableTimeMs,
  timeMs,
  uuid7,
} from './central-wire-base.ts';

const letterText = z.string().min(1).max(20_000);

export const LETTER_STATUSES = ['accepted', 'delivered', 'answered'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];
/** What a scanned reply may be: told by the file's first bytes, not by what the uploader said. */
export const LETTER_REPLY_TYPES = ['image/png', 'image/jpeg', 'application/pdf'] as const;
export type LetterReplyType = (typeof LETTER_REPLY_TYPES)[number];
/** A scanned page or two at 300 dpi fits; the check in migration 210 holds the same bound. */
export const LETTER_REPLY_BYTES_MAX = 5 * 1024 * 1024;
/** Base64 of a file slightly above the bound still parses, so its refusal can say why. */
export const LETTER_REPLY_BASE64_CHARS_MAX = 8_000_000;

export const LetterReplyInfoSchema = z.object({
  contentType: z.enum(LETTER_REPLY_TYPES),
  sizeBytes: z.number().int().min(1).max(LETTER_REPLY_BYTES_MAX),
});
const replyBlanks = z.number().int().min(0).max(5);

/** A letter typed at the kiosk and paid with the cash of the top-up it comes with. */
export const CashLetterWireSchema = z.object({
  letterId: uuid7,
  /** An unknown one refuses the letter (letterRefusal), never the cash. */
  inmateRef: z.string().min(1).max(128),
  text: letterText,
  replyBlanks,
});
export type CashLetterWire = z.infer<typeof CashLetterWireSchema>;

/** POST /v1/terminal/wallet-top-ups: `amountKopecks` is the cash taken (acceptedKopecks). */
export const WalletTopUpCreateSchema = z.object({
  topUpId: uuid7,
  accountId: z.string().regex(/^p[0-9a-f]{20}$/),
  amountKopecks: z.number().int().min(1).max(60_000_000),
  kioskCreatedAtMs: timeMs,
  letter: CashLetterWireSchema.optional(),
});
export type WalletTopUpCreate = z.infer<typeof WalletTopUpCreateSchema>;

export const LetterSchema = z.object({
  letterId: uuid7,
  recipientMasked: z.string(),
  facilityName: z.string(),
  pages: z.number().int().min(1),
  replyBlanks: z.number().int().min(0),
  priceKopecks: kopecks,
  paidFrom: z.enum(['wallet', 'cash']),
  /** accepted → delivered (facility staff handed it over) → answered (a reply is attached). */
  status: z.enum(LETTER_STATUSES),
  createdAtMs: timeMs,
  deliveredAtMs: nullableTimeMs.optional(),
  answeredAtMs: nullableTimeMs.optional(),
  /** The scanned reply: what it is; its bytes come from GET /v1/payer/letters/{letterId}/reply. */
  reply: LetterReplyInfoSchema.nullable().optional(),
});
export type Letter = z.infer<typeof LetterSchema>;

/** GET /v1/payer/letters/{letterId}/reply: the scanned reply, base64, never cached. */
export const LetterReplyFileSchema = z.object({
  letterId: uuid7,
  contentType: z.enum(LETTER_REPLY_TYPES),
  sizeBytes: z.number().int().min(1).max(LETTER_REPLY_BYTES_MAX),
  fileName: z.string().min(1).max(120),
  dataBase64: z.string().max(LETTER_REPLY_BASE64_CHARS_MAX),
});
export type LetterReplyFile = z.infer<typeof LetterReplyFileSchema>;

export const TopUpSchema = z.object({
  topUpId: uuid7,
  amountKopecks: kopecks,
  balanceKopecks: kopecks,
  createdAtMs: timeMs,
  /** Present when the top-up came with a letter; null when it was refused. */
  letter: LetterSchema.nullable().optional(),
  /** Why the letter was not accepted (the cash stays on the wallet). */
  letterRefusal: ErrorDetailSchema.nullable().optional(),
});
export type TopUp = z.infer<typeof TopUpSchema>;

/** POST /v1/payer/letters. */
export const LetterCreateSchema = z.object({
  letterId: uuid7,
  inmateRef: z.string().regex(inmateRefPattern),
  text: letterText,
  replyBlanks,
  paidFrom: z.enum(['wallet', 'cash']),
  kioskCreatedAtMs: timeMs,
});
export type LetterCreate = z.infer<typeof LetterCreateSchema>;

/** POST /v1/payer/wallet/payments: `amountKopecks` reaches the inmate (creditedKopecks). */
export const WalletPaymentCreateSchema = z.object({
  transferId: uuid7,
  inmateRef: z.string().regex(inmateRefPattern),
  amountKopecks: kopecks,
  commissionKopecks: kopecks,
  kioskCreatedAtMs: timeMs,
  receiptNumber: z.string().max(64).nullable().optional(),
  /** The payment's one-time SMS code: required without a terminal signature (payer's app). */
  confirmationCode: z
    .string()
    .regex(/^[0-9]{6}$/)
    .optional(),
});
export type WalletPaymentCreate = z.infer<typeof WalletPaymentCreateSchema>;
