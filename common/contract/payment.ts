import { z } from 'zod';
import { command, Empty, KopecksSchema } from './base.ts';
import { PaymentFiscalSchema } from './fiscal.ts';

/** The longest letter typed at the kiosk (central's limit too); common/letter.ts uses it. */
export const CASH_LETTER_TEXT_CHARS_MAX = 20_000;

/** The payer's journey: region → facility → inmate → terms → deposit → receipt. */

export const RegionSchema = z.object({ id: z.string().max(64), name: z.string().max(200) });
export type Region = z.infer<typeof RegionSchema>;

export const FacilitySchema = z.object({
  id: z.string().max(64),
  regionId: z.string().max(64),
  /** ИК, СИЗО, КП, ЛИУ, ВК, … */
  type: z.string().max(16),
  number: z.string().max(16),
  /** Short display name: «ИК-2», «СИЗО-1». */
  shortName: z.string().max(64),
  /** Full name: «ФКУ ИК-2 УФСИН России по Владимирской области». */
  name: z.string().max(300),
  address: z.string().max(300),
  /** The facility office's phone from central's catalogue, for whom to ask; absent if none. */
  phone: z.string().max(32).optional(),
});
export type Facility = z.infer<typeof FacilitySchema>;

/**
 * An inmate's reference is central's opaque token (`i` + 16 characters): letters, digits, `-`
 * and `_`, never a `:`, so no other kind of recipient can be dressed as one.
 */
const InmateRefSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[0-9A-Za-z_-]+$/, 'an inmate reference is letters, digits, - and _');

/**
 * An inmate as the payer confirms them: only what is needed, never the full roster, never full
 * names. `kind` was added after clients existed: one that sends an inmate without it is read
 * as sending `kind: 'inmate'`.
 */
export const InmateRecipientSchema = z.object({
  kind: z.literal('inmate').default('inmate'),
  inmateRef: InmateRefSchema,
  /** «Иванов И. И.» */
  maskedName: z.string().max(200),
  birthYear: z.number().int().min(1900).max(2100),
  facilityId: z.string().max(64),
  facilityName: z.string().max(300),
});
export type InmateRecipient = z.output<typeof InmateRecipientSchema>;

/**
 * The logged-in payer's own wallet, topped up with cash ('wallet:topUpRecipient'). Main takes
 * it only for the account that is logged in, so the id is checked there, not by its shape.
 */
export const WalletRecipientSchema = z.object({
  kind: z.literal('wallet'),
  accountId: z.string().min(1).max(64),
  /** «+7 *** ***-45-67»: enough for the payer to recognise, nothing for a stranger. */
  maskedPhone: z.string().min(1).max(32),
});
export type WalletRecipient = z.output<typeof WalletRecipientSchema>;

/** Whom the cash is for (docs/glossary.md "recipient"): read it with a switch on `kind`. */
export const RecipientSchema = z.union([InmateRecipientSchema, WalletRecipientSchema]);
export type Recipient = z.output<typeof RecipientSchema>;

export const SearchArgsSchema = z
  .object({
    facilityId: z.string().min(1).max(64),
    surname: z.string().trim().min(1).max(100),
    name: z.string().trim().min(1).max(100),
    patronymic: z.string().trim().max(100).default(''),
    birthYear: z.number().int().min(1900).max(2100),
    /**
     * Day and month of birth, both or neither: sent only after an answer said
     * `lookAlike: 'ask-birth-date'`. They count against the sweep guard.
     */
    birthDay: z.number().int().min(1).max(31).optional(),
    birthMonth: z.number().int().min(1).max(12).optional(),
  })
  .strict()
  .refine((args) => (args.birthDay === undefined) === (args.birthMonth === undefined), {
    message: 'birthDay and birthMonth go together',
  });

/** How a match was found: 'approximate' needs the payer's explicit confirmation. */
export const MatchQualitySchema = z.enum(['exact', 'approximate']);
export type MatchQuality = z.infer<typeof MatchQualitySchema>;

/**
 * One match of a search: the recipient to pass on to 'deposit:start' as it is (the extra
 * fields are ignored there), with how it was found. `correctedParts`: the parts of the typed
 * name that differ from this person's (to highlight them).
 */
export const SearchMatchSchema = InmateRecipientSchema.extend({
  quality: MatchQualitySchema.default('exact'),
  correctedParts: z
    .array(z.enum(['surname', 'name', 'patronymic']))
    .max(3)
    .default([]),
});
export type SearchMatch = z.output<typeof SearchMatchSchema>;

export const SearchResultSchema = z.object({
  /** 'central' online; 'roster-cache' when offline and verified from the signed cache. */
  source: z.enum(['central', 'roster-cache']),
  /** Never two rows that look alike (masked name, birth year, facility): see `lookAlike`. */
  matches: z.array(SearchMatchSchema).max(10),
  /**
   * 'none': the matches are all there is. 'ask-birth-date': some people look alike and are
   * left out; search again with birthDay and birthMonth. 'cannot-tell-apart': they still look
   * alike (or the date cannot be checked: offline); nobody may pay them here — the payer is
   * sent to the facility's office.
   */
  lookAlike: z.enum(['none', 'ask-birth-date', 'cannot-tell-apart']).default('none'),
});
export type SearchResult = z.infer<typeof SearchResultSchema>;

export const AcceptedNoteSchema = z.object({ noteKopecks: KopecksSchema, enabled: z.boolean() });

export const PrinterGateSchema = z.object({
  /** ok: print normally; warn: payer must agree to go on without a paper receipt; block: no cash. */
  decision: z.enum(['ok', 'warn', 'block']),
  reason: z.string().max(64).nullable(),
});
export type PrinterGate = z.infer<typeof PrinterGateSchema>;

export const PaymentTermsSchema = z.object({
  depositKopecksMax: KopecksSchema,
  commissionBasisPoints: z.number().int().min(0).max(10_000),
  commissionMinKopecks: KopecksSchema,
  acceptedNotes: z.array(AcceptedNoteSchema).max(24),
  printer: PrinterGateSchema,
  /** Expected crediting time as a message-catalogue key, e.g. 'crediting-1-3-days'. */
  creditingTimeKey: z.string().max(64),
  /** Version of central's terminal configuration these terms come from (null: none yet). */
  configVersion: z.number().int().min(1).nullable().optional(),
  /** Central's smallest payment (notes below it are off). */
  paymentKopecksMin: KopecksSchema.optional(),
});
export type PaymentTerms = z.infer<typeof PaymentTermsSchema>;

/** A letter paid with this cash, as the screens show it (its text stays in main). */
export const LetterSummarySchema = z.object({
  letterId: z.string().max(64),
  /** A letter goes to a person, never to a wallet. */
  recipient: InmateRecipientSchema,
  pages: z.number().int().min(1),
  replyBlanks: z.number().int().min(0).max(5),
  priceKopecks: KopecksSchema,
});
export type LetterSummary = z.infer<typeof LetterSummarySchema>;

export const DepositStateSchema = z.enum(['accepting', 'settling', 'completed', 'cancelled']);

export const DepositViewSchema = z.object({
  sessionId: z.string().max(64),
  state: DepositStateSchema,
  recipient: RecipientSchema,
  acceptedKopecks: KopecksSchema,
  commissionKopecks: KopecksSchema,
  creditedKopecks: KopecksSchema,
  /** How much more may be inserted before the per-payment cap. */
  remainingKopecks: KopecksSchema,
  depositKopecksMax: KopecksSchema,
  notes: z.array(z.object({ noteKopecks: KopecksSchema, atMs: z.number().int() })).max(500),
  /** A note the acceptor gave back, with why (catalogue key: 'over-limit', 'not-recognised', …). */
  lastRejection: z.object({ reason: z.string().max(64), atMs: z.number().int() }).nullable(),
  /** A note is in the acceptor right now: Pay waits for it, nothing may cancel. */
  noteInProgress: z.boolean(),
  acceptorCode: z.string().max(64),
  canPay: z.boolean(),
  canCancel: z.boolean(),
  /** A letter this cash pays: Pay is offered once the price is in (or "all to the wallet"). */
  letter: LetterSummarySchema.nullable(),
});
export type DepositView = z.infer<typeof DepositViewSchema>;

export const CompletedPaymentSchema = z.object({
  transferId: z.string().max(64),
  recipient: RecipientSchema,
  acceptedKopecks: KopecksSchema,
  commissionKopecks: KopecksSchema,
  creditedKopecks: KopecksSchema,
  createdAtMs: z.number().int(),
  receipt: z.enum(['printed', 'unprinted']),
  /** The receipt as plain text lines, shown on screen when it could not be printed. */
  receiptText: z.string().max(10_000),
  /** ASCII payload of the receipt's QR code (transfer tracking). */
  qrPayload: z.string().max(500),
  recovered: z.boolean(),
  creditingTimeKey: z.string().max(64),
  /** A letter this cash was to pay; `paid` false when less than its price went in. */
  letter: LetterSummarySchema.extend({ paid: z.boolean() }).nullable(),
  /** The fiscal receipt of this payment; absent on a kiosk that is not fiscal. */
  fiscal: PaymentFiscalSchema.optional(),
});
export type CompletedPayment = z.infer<typeof CompletedPaymentSchema>;

export const PhoneSchema = z.string().regex(/^\+7\d{10}$/, 'phone as +7XXXXXXXXXX');

export const paymentCommands = {
  'catalog:regions': command(
    Empty,
    z.object({ regions: z.array(RegionSchema), recentFacilities: z.array(FacilitySchema).max(20) }),
  ),
  'catalog:facilities': command(
    z.object({ regionId: z.string().min(1).max(64) }).strict(),
    z.object({ facilities: z.array(FacilitySchema) }),
  ),
  /** Errors: 'search-unavailable' (offline, facility not in roster cache), 'rate-limited'. */
  'payee:search': command(SearchArgsSchema, SearchResultSchema),
  /** `walletTopUp`: the terms of a cash top-up of the logged-in payer's wallet (no commission). */
  'payment:terms': command(
    z.object({ walletTopUp: z.boolean().default(false) }).strict(),
    PaymentTermsSchema,
  ),
  /** The logged-in payer's wallet as a recipient for a cash top-up. Errors: 'not-logged-in'. */
  'wallet:topUpRecipient': command(Empty, WalletRecipientSchema),
  /**
   * Errors: 'printer-unavailable', 'acceptor-unavailable', 'session-active', 'service-mode',
   * 'no-terminal-config' (central's configuration never reached this kiosk), 'no-support-details'
   * (it lacks a phone or the supplier the receipt must name), 'fiscal-unavailable' (the fiscal
   * registrar could not issue the receipt now: the message and the status's reason say why).
   */
  'deposit:start': command(
    z
      .object({
        recipient: RecipientSchema,
        acceptWithoutReceipt: z.boolean().default(false),
        /**
         * A letter to pay in cash: `recipient` is then the logged-in payer's wallet
         * ('wallet:topUpRecipient'); the cash lands there and pays the letter. Errors:
         * 'not-logged-in', 'letter-over-cap' (the price is above the per-payment cap).
         */
        letter: z
          .object({
            recipient: InmateRecipientSchema,
            text: z.string().trim().min(1).max(CASH_LETTER_TEXT_CHARS_MAX),
            replyBlanks: z.number().int().min(0).max(5),
          })
          .strict()
          .optional(),
      })
      .strict(),
    DepositViewSchema,
  ),
  'deposit:get': command(Empty, DepositViewSchema.nullable()),
  /** Completes the payment with what is deposited. Errors: 'nothing-deposited', 'no-session'. */
  'deposit:pay': command(Empty, CompletedPaymentSchema),
  /** Only while nothing is deposited. Errors: 'money-inside', 'note-in-progress'. */
  'deposit:cancel': command(Empty, z.object({ cancelled: z.boolean() })),
  /** The payer touched the screen: resets the never-lose-money idle timer in main. */
  'session:touch': command(Empty, z.object({ idleDeadlineMs: z.number().int().nullable() })),
  /**
   * The SMS copy of a receipt, handed to central (through the ledger when central is out of
   * reach). `queued` is true once the copy is safely kept; `sent` (state 'sent') only once
   * central took it for its SMS gateway. Errors: 'not-found', 'rate-limited', 'sms-refused'.
   */
  'receipt:sms': command(
    z.object({ transferId: z.string().min(1).max(64), phone: PhoneSchema }).strict(),
    z.object({
      queued: z.boolean(),
      sent: z.boolean().optional(),
      state: z.enum(['sent', 'queued']).optional(),
    }),
  ),
  'receipt:last': command(Empty, CompletedPaymentSchema.nullable()),
} as const;

export const paymentEvents = {
  'deposit:changed': DepositViewSchema.nullable(),
  'deposit:completed': CompletedPaymentSchema,
} as const;
