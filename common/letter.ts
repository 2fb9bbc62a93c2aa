import { z } from 'zod';
import { letterQuote } from './contract/account.ts';
import { type LetterSummary, RecipientSchema } from './contract/payment.ts';
import { err, ok, type Result } from './result.ts';

/**
 * A letter typed at the kiosk and paid in cash. The cash takes the wallet top-up road (stack
 * intent, credit, transfer row, outbox, receipt: common/wallet.ts), and the letter rides with it
 * in the journal and in the outbox row, so it is sent to central exactly when the cash is and
 * central pays it from that cash in one transaction. Notes give no change: what is above the
 * price stays on the payer's wallet.
 */
export const CASH_LETTER_TEXT_CHARS_MAX = 20_000;

export const CashLetterSchema = z
  .object({
    letterId: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    /** The inmate the letter goes to (shown on the receipt and the screen). */
    recipient: RecipientSchema,
    text: z.string().min(1).max(CASH_LETTER_TEXT_CHARS_MAX),
    replyBlanks: z.number().int().min(0).max(5),
    pages: z.number().int().min(1),
    priceKopecks: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  })
  .strict()
  .refine((letter) => {
    const quote = letterQuote(letter.text, letter.replyBlanks);
    return quote.pages === letter.pages && quote.priceKopecks === letter.priceKopecks;
  }, 'pages and price must be the ones letterQuote gives for this text');
export type CashLetter = z.infer<typeof CashLetterSchema>;

/** Whether the cash taken pays for the letter (otherwise it all stays on the wallet). */
export function letterIsPaid(letter: CashLetter, acceptedKopecks: number): boolean {
  return acceptedKopecks >= letter.priceKopecks;
}

/** A letter stored as JSON (journal row, outbox payload), checked like any outside input. */
export function parseCashLetterJson(json: string): Result<CashLetter, string> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return err('letter is not JSON');
  }
  const parsed = CashLetterSchema.safeParse(value);
  return parsed.success
    ? ok(parsed.data)
    : err(`letter: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
}

/** What the screens see of a letter: everything but its text. */
export function letterSummary(letter: CashLetter): LetterSummary {
  const { letterId, recipient, pages, replyBlanks, priceKopecks } = letter;
  return { letterId, recipient, pages, replyBlanks, priceKopecks };
}
