import { z } from 'zod';
import { type CashLetter, LetterTermsSchema } from '../../common/letter.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { walletAccountOf } from '../../common/wallet.ts';

/**
 * The body of POST /v1/transfers (central/openapi.yaml TransferCreate), built from the
 * outbox row's frozen payload. The payload is a DB row, so it is validated like any outside
 * input: a row that does not parse is parked for the operator, never sent half-formed.
 */
export type TransferCreate = {
  transferId: string;
  inmateRef: string;
  depositedKopecks: number;
  amountKopecks: number;
  commissionKopecks: number;
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

const kopecksSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** What main/ledger/journal.ts writes into outbox.payload_json (insertOutbox). */
const OutboxPayloadSchema = z.object({
  kioskSequence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  transferId: z.string().min(1).max(64),
  recipient: z.object({ inmateRef: z.string().min(1).max(128) }),
  payerAccountId: z.string().max(64).nullable(),
  acceptedKopecks: kopecksSchema,
  commissionKopecks: kopecksSchema,
  creditedKopecks: kopecksSchema,
  createdAtMs: z.number().int().min(0),
  letter: LetterTermsSchema.nullable().optional(),
});

export function transferCreateFromPayload(
  transferId: string,
  payloadJson: string,
  letterText: (letterId: string) => string | null = () => null,
): Result<TransferCreate, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(payloadJson);
  } catch {
    return err('outbox payload is not JSON');
  }
  const parsed = OutboxPayloadSchema.safeParse(raw);
  if (!parsed.success) return err(`outbox payload: ${parsed.error.issues[0]?.message ?? '?'}`);
  const payload = parsed.data;
  if (payload.transferId !== transferId) return err('outbox payload: transfer id differs');
  if (payload.commissionKopecks + payload.creditedKopecks !== payload.acceptedKopecks) {
    return err('outbox payload: commission + credited ≠ accepted');
  }
  const letter = payload.letter ?? null;
  if (letter !== null && walletAccountOf(payload.recipient.inmateRef) === null) {
    return err('outbox payload: a letter paid in cash must ride with a wallet top-up');
  }
  if (letter !== null && letter.priceKopecks > payload.acceptedKopecks) {
    return err('outbox payload: the cash does not cover the letter');
  }
  return ok({
    transferId,
    inmateRef: payload.recipient.inmateRef,
    depositedKopecks: payload.acceptedKopecks,
    amountKopecks: payload.creditedKopecks,
    commissionKopecks: payload.commissionKopecks,
    kioskCreatedAtMs: payload.createdAtMs,
    payerAccountId: payload.payerAccountId,
    ...(payload.kioskSequence === undefined ? {} : { kioskSequence: payload.kioskSequence }),
    ...withLetter(letter, letterText),
  });
}

function withLetter(
  terms: CashLetter['terms'] | null,
  letterText: (letterId: string) => string | null,
): { letter?: CashLetter } {
  if (terms === null) return {};
  const text = letterText(terms.letterId);
  return text === null ? {} : { letter: { terms, text } };
}
