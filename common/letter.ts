import { z } from 'zod';
import {
  CASH_LETTER_TEXT_CHARS_MAX,
  type LetterSummary,
  LetterSummarySchema,
} from './contract/payment.ts';
import { rubles } from './money.ts';
import { err, ok, type Result } from './result.ts';

/**
 * A letter typed at the kiosk and paid in cash. The cash takes the wallet top-up road (stack
 * intent, credit, transfer row, outbox, receipt: common/wallet.ts), and the letter rides with it,
 * so it is sent to central exactly when the cash is and central pays it from that cash in one
 * transaction. Notes give no change: what is above the price stays on the payer's wallet.
 *
 * The journal keeps the letter's terms (who, pages, blanks, price): money facts, frozen like the
 * amounts. Its text is personal words, not a money fact: it is kept apart (main/ledger, table
 * letter_text) only until central has it, and never in a frozen row.
 */
/** A printed letter page holds about this many characters of typed text. */
export const LETTER_PAGE_CHARS = 1_800;
export const LETTER_PAGE_KOPECKS = rubles(30);
export const REPLY_BLANK_KOPECKS = rubles(25);

export type LetterQuote = { pages: number; priceKopecks: number };

/**
 * The price of a letter: whole pages (at least one) and the reply blanks. Central charges by it
 * and the kiosk quotes by it, so the payer pays what the screen showed.
 */
export function letterQuote(text: string, replyBlanks: number): LetterQuote {
  const pages = Math.max(1, Math.ceil(text.length / LETTER_PAGE_CHARS));
  return { pages, priceKopecks: pages * LETTER_PAGE_KOPECKS + replyBlanks * REPLY_BLANK_KOPECKS };
}

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** What the journal and the outbox row keep: everything but the text. */
export const LetterTermsSchema = LetterSummarySchema.extend({
  letterId: z.string().regex(uuidV7),
  priceKopecks: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
}).strict();
export type LetterTerms = LetterSummary;

export const LetterTextSchema = z.string().min(1).max(CASH_LETTER_TEXT_CHARS_MAX);

/** The terms and the text together: in memory while the session is open and while sending. */
export type CashLetter = { terms: LetterTerms; text: string };

/** The letter for `text`, priced by letterQuote. */
export function cashLetter(
  letterId: string,
  recipient: LetterTerms['recipient'],
  text: string,
  replyBlanks: number,
): CashLetter {
  const quote = letterQuote(text, replyBlanks);
  return { terms: { letterId, recipient, replyBlanks, ...quote }, text };
}

/** Whether the cash taken pays for the letter (otherwise it all stays on the wallet). */
export function letterIsPaid(terms: LetterTerms, acceptedKopecks: number): boolean {
  return acceptedKopecks >= terms.priceKopecks;
}

/** Letter terms stored as JSON (journal row, outbox payload), checked like any outside input. */
export function parseLetterTermsJson(json: string): Result<LetterTerms, string> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return err('letter is not JSON');
  }
  const parsed = LetterTermsSchema.safeParse(value);
  return parsed.success
    ? ok(parsed.data)
    : err(`letter: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
}
