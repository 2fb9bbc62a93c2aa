/**
 * The wire of the central transfer API (central/openapi.yaml) as zod schemas: the one place
 * its request and answer shapes are written in TypeScript. Central's route handlers type their
 * (fastify-validated) bodies with these; the kiosk's client builds its requests with them and
 * validates central's answers with them. central/wire-contract.test.ts proves each schema
 * has the same fields, required set and types as its openapi.yaml component.
 *
 * Money names on this wire predate the kiosk's glossary (docs/glossary.md) and are frozen by
 * the published API: in a transfer `depositedKopecks` is the cash taken (acceptedKopecks) and
 * `amountKopecks` what reaches the inmate (creditedKopecks); in a wallet top-up
 * `amountKopecks` is the cash taken. Only the kiosk's wire mapping
 * (main/sync/central-adapters.ts) and central's handlers translate.
 */
import { z } from 'zod';
import { appWireComponents } from './central-wire-app.ts';
import { payerWireComponents, SENDER_NAME_CHARS_MAX } from './central-wire-payer.ts';
import { SignedCommandSchema } from './remote-command-wire.ts';
import { LOOK_ALIKE_VALUES, NAME_PARTS } from './name-match.ts';
import {
  uuid7,
  kopecks,
  timeMs,
  nullableTimeMs,
  terminalId,
  facilityId,
  regionCode,
  inmateRefPattern,
  ErrorDetailSchema,
} from './central-wire-base.ts';
import {
  AgentDetailsSchema,
  FiscalConfigSchema,
  SignedConfigSchema,
  TerminalConfigPatchSchema,
  TerminalConfigSchema,
} from './central-wire-config.ts';
import { rosterWireComponents } from './central-wire-roster.ts';
import {
  CashLetterWireSchema,
  LetterCreateSchema,
  LetterReplyFileSchema,
  LetterReplyInfoSchema,
  LetterSchema,
  TopUpSchema,
  WalletPaymentCreateSchema,
} from './central-wire-wallet.ts';
import {
  FiscalDocumentAckSchema,
  FiscalDocumentWireSchema,
  FiscalStatusWireSchema,
} from './central-wire-fiscal.ts';

export { uuid7Pattern } from './central-wire-base.ts';
export * from './central-wire-config.ts';
export * from './central-wire-roster.ts';
export * from './central-wire-fiscal.ts';
export * from './central-wire-wallet.ts';
export { ErrorBodySchema, ErrorDetailSchema } from './central-wire-base.ts';

export const HealthSchema = z.object({ ok: z.boolean(), nowMs: timeMs });

export const EnrolRequestSchema = z.object({
  terminalId,
  code: z.string().min(4).max(32),
  publicKeyPem: z.string().min(40).max(400),
});
export type EnrolRequest = z.infer<typeof EnrolRequestSchema>;
export const EnrolResponseSchema = z.object({ terminalId, enrolledAtMs: timeMs });

export const RegionSchema = z.object({
  code: regionCode,
  name: z.string().max(200),
  capital: z.string().max(100),
  territorialBody: z.string().max(200),
});
export type Region = z.infer<typeof RegionSchema>;

export const AccountingSchema = z.object({
  recipient: z.string().max(300),
  inn: z.string().regex(/^[0-9]{10}$/),
  kpp: z.string().regex(/^[0-9]{9}$/),
  bik: z.string().regex(/^[0-9]{9}$/),
  bankName: z.string().max(300),
  treasuryAccount: z.string().regex(/^[0-9]{20}$/),
  account: z.string().regex(/^[0-9]{20}$/),
  oktmo: z.string().regex(/^[0-9]{8}$/),
});

export const FacilitySchema = z.object({
  id: facilityId,
  regionCode,
  type: z.enum(['СИЗО', 'ИК', 'КП', 'ЛИУ', 'ЛПУ', 'ВК', 'ИЦ', 'Т']),
  number: z.number().int().min(1).max(999),
  shortName: z.string().max(200),
  fullName: z.string().max(400),
  aliases: z.array(z.string().max(100)).max(8),
  address: z.string().max(300),
  phone: z.string().max(32),
  accounting: AccountingSchema,
});
export type Facility = z.infer<typeof FacilitySchema>;

export const SearchRequestSchema = z.object({
  facilityId,
  surname: z.string().min(2).max(64),
  name: z.string().min(2).max(64),
  /** Optional, may be only its first letters. */
  patronymic: z.string().max(64).optional(),
  birthYear: z.number().int().min(1900).max(2100),
  /**
   * Day and month of birth, sent (both) only when an answer asked for them (lookAlike
   * 'ask-birth-date'); they narrow the look-alikes and count against the sweep guard.
   */
  birthDay: z.number().int().min(1).max(31).optional(),
  birthMonth: z.number().int().min(1).max(12).optional(),
});
export type SearchRequest = z.infer<typeof SearchRequestSchema>;

export const InmateMatchSchema = z.object({
  inmateRef: z.string().regex(inmateRefPattern),
  maskedName: z.string().max(100),
  birthYear: z.number().int().min(1900).max(2100),
  facilityId,
  facilityName: z.string().max(200),
  accountStatus: z.enum(['active', 'released', 'transferred']),
  exact: z.boolean(),
  /** Which typed parts were corrected to find this match; empty when exact. */
  correctedParts: z.array(z.enum(NAME_PARTS)).max(3).default([]),
  /**
   * Another match shows the same masked name, year and facility: a client must not offer
   * this row for choice (see SearchResponse lookAlike).
   */
  lookAlike: z.boolean().default(false),
});
export type InmateMatch = z.infer<typeof InmateMatchSchema>;

export const SearchResponseSchema = z.object({
  matches: z.array(InmateMatchSchema).max(5),
  /** common/name-match.ts LookAlike; a central without it never finds look-alikes. */
  lookAlike: z.enum(LOOK_ALIKE_VALUES).default('none'),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

/** POST /v1/transfers: cash a kiosk took for an inmate. */
export const TransferCreateSchema = z.object({
  transferId: uuid7,
  inmateRef: z.string().regex(inmateRefPattern),
  /** The cash taken (acceptedKopecks) = amountKopecks + commissionKopecks. */
  depositedKopecks: kopecks,
  /** What the inmate's account receives (creditedKopecks). */
  amountKopecks: kopecks,
  commissionKopecks: kopecks,
  kioskCreatedAtMs: timeMs,
  payerAccountId: z.string().max(64).nullable().optional(),
  receiptNumber: z.string().max(64).nullable().optional(),
  /** The kiosk's own monotonic count of its transfers; central orders by it. */
  kioskSequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).nullable().optional(),
});
export type TransferCreate = z.infer<typeof TransferCreateSchema>;

export const TransferStatusSchema = z.enum(['accepted', 'sent', 'credited', 'returned']);
export type TransferStatus = z.infer<typeof TransferStatusSchema>;

export const TransferSchema = z.object({
  transferId: uuid7,
  status: TransferStatusSchema,
  depositedKopecks: kopecks,
  amountKopecks: kopecks,
  commissionKopecks: kopecks,
  recipientMasked: z.string().max(100),
  recipientBirthYear: z.number().int().min(1900).max(2100),
  facilityId,
  facilityName: z.string().max(200),
  kioskCreatedAtMs: timeMs,
  acceptedAtMs: timeMs,
  sentAtMs: nullableTimeMs,
  creditedAtMs: nullableTimeMs,
  returnedAtMs: nullableTimeMs,
  returnReason: z.string().max(200).nullable(),
  /** The fiscal document the kiosk reported for it; absent: none reported (yet). */
  fiscal: FiscalDocumentWireSchema.optional(),
  /** The logged-in sender's name as their account holds it; absent: anonymous, or older. */
  senderName: z.string().max(SENDER_NAME_CHARS_MAX).optional(),
});
export type Transfer = z.infer<typeof TransferSchema>;

/** A facility's transfers in one status, oldest first: what its accounting credits from. */
export const TRANSFERS_LISTED_MAX = 500;
export const TransferListSchema = z.object({
  transfers: z.array(TransferSchema).max(TRANSFERS_LISTED_MAX),
});

export const BatchRequestSchema = z.object({
  /** Each item is validated on its own (TransferCreateSchema), so a bad one is its own 400. */
  transfers: z.array(z.record(z.string(), z.unknown())).min(1).max(100),
});

export const BatchItemResultSchema = z.object({
  transferId: z.string().max(64),
  /** The status POST /v1/transfers would have answered for this item. */
  httpStatus: z.number().int().min(100).max(599),
  replayed: z.boolean().optional(),
  /** A Transfer, or an error body. */
  body: z.record(z.string(), z.unknown()),
});
export const BatchResponseSchema = z.object({ results: z.array(BatchItemResultSchema) });

/** What anyone holding the receipt sees (no facility: where a person is held is private). */
export const PublicTransferStatusSchema = TransferSchema.pick({
  transferId: true,
  status: true,
  amountKopecks: true,
  recipientMasked: true,
  acceptedAtMs: true,
  sentAtMs: true,
  creditedAtMs: true,
  returnedAtMs: true,
});
export type PublicTransferStatus = z.infer<typeof PublicTransferStatusSchema>;

export const DeviceStateSchema = z.object({
  adapter: z.string().max(32),
  health: z.enum(['starting', 'ok', 'warning', 'fault', 'absent']),
  code: z.string().max(64),
  detail: z.string().max(500),
  sinceMs: timeMs,
});

export const HeartbeatSchema = z.object({
  sentAtMs: timeMs,
  softwareVersion: z.string().max(32),
  devices: z.object({ billAcceptor: DeviceStateSchema, printer: DeviceStateSchema }),
  outboxCount: z.number().int().min(0).max(1_000_000),
  cassetteNoteCount: z.number().int().min(0).max(100_000),
  outboxParkedCount: z.number().int().min(0).max(1_000_000).optional(),
  outboxOldestAgeMs: z.number().int().min(0).nullable().optional(),
  paper: z.enum(['ok', 'near-end', 'out', 'unknown']).optional(),
  /** Monotonic per terminal across restarts; orders reports if clocks jump. */
  sequence: z.number().int().min(0).optional(),
  rosterGeneratedAtMs: z.number().int().min(0).nullable().optional(),
  /** The terminal's estimate of central's clock minus its own. */
  clockSkewMs: z.number().int().nullable().optional(),
  /** When the kiosk last stored a verified roster. */
  rosterFetchedAtMs: nullableTimeMs.optional(),
  /** The terminal configuration in force on the kiosk (null: none verified yet). */
  configVersion: z.number().int().min(1).nullable().optional(),
  configFetchedAtMs: nullableTimeMs.optional(),
  /** A fiscal terminal's registrar, shift, ФН and receipt queue; absent on others. */
  fiscal: FiscalStatusWireSchema.optional(),
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
export const HeartbeatAckSchema = z.object({
  receivedAtMs: timeMs,
  /** The terminal's current configuration version: a kiosk holding another one refetches. */
  configVersion: z.number().int().min(1).optional(),
  /** Remote commands for this terminal (common/remote-command-wire.ts); absent when none. */
  commands: z.array(SignedCommandSchema).max(50).optional(),
});

export const SignedRosterSchema = z.object({ payload: z.string(), signature: z.string() });
export type SignedRoster = z.infer<typeof SignedRosterSchema>;

/** POST /v1/terminal/collections: the cassette taken out, by denomination. */
export const CollectionSchema = z.object({
  collectionId: uuid7,
  openedAtMs: timeMs,
  closedAtMs: timeMs,
  notes: z
    .array(z.object({ noteKopecks: kopecks, count: z.number().int().min(0).max(100_000) }))
    .max(24),
  noteCount: z.number().int().min(0).max(100_000),
  totalKopecks: kopecks,
  transferCount: z.number().int().min(0).max(1_000_000),
  operatorName: z.string().max(100).nullable().optional(),
});
export type Collection = z.infer<typeof CollectionSchema>;
export const CollectionAckSchema = z.object({ collectionId: uuid7, receivedAtMs: timeMs });

/**
 * POST /v1/terminal/receipt-sms: the SMS copy of a receipt the kiosk could not print. The
 * kiosk makes `smsId` (the Idempotency-Key), so a retry after a crash never sends twice;
 * central writes the text itself from its own record of the transfer.
 */
export const ReceiptSmsCreateSchema = z.object({
  smsId: uuid7,
  transferId: uuid7,
  phone: z.string().regex(/^\+7\d{10}$/),
});
export type ReceiptSmsCreate = z.infer<typeof ReceiptSmsCreateSchema>;
export const ReceiptSmsAckSchema = z.object({ smsId: uuid7, sentAtMs: timeMs });
export type ReceiptSmsAck = z.infer<typeof ReceiptSmsAckSchema>;

/** How a person without an account is answered: a Russian mobile number or an e-mail. */
export const guestContactPattern = /^(\+7\d{10}|[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63})$/;

/**
 * POST /v1/support/guest-requests: support without an account (a payer who lost their phone).
 * The kiosk sends the contact as typed after its own check; central stores it and answers there.
 */
export const GuestSupportCreateSchema = z.object({
  contact: z.string().min(5).max(254).regex(guestContactPattern),
  /** The receipt's short code or the transfer id, as typed; never looked up. */
  transferRef: z
    .string()
    .min(4)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/)
    .nullable(),
  text: z.string().min(1).max(2000),
});
export type GuestSupportCreate = z.infer<typeof GuestSupportCreateSchema>;
export const GuestSupportAckSchema = z.object({
  requestId: z.string().min(1).max(64),
  createdAtMs: timeMs,
});
export type GuestSupportAck = z.infer<typeof GuestSupportAckSchema>;

/** Schema ↔ openapi.yaml component, checked by central/wire-contract.test.ts. */
export const wireComponents = {
  ErrorDetail: ErrorDetailSchema,
  Health: HealthSchema,
  EnrolRequest: EnrolRequestSchema,
  EnrolResponse: EnrolResponseSchema,
  AgentDetails: AgentDetailsSchema,
  TerminalConfig: TerminalConfigSchema,
  SignedConfig: SignedConfigSchema,
  TerminalConfigPatch: TerminalConfigPatchSchema,
  Region: RegionSchema,
  Accounting: AccountingSchema,
  Facility: FacilitySchema,
  SearchRequest: SearchRequestSchema,
  InmateMatch: InmateMatchSchema,
  SearchResponse: SearchResponseSchema,
  TransferCreate: TransferCreateSchema,
  TransferStatus: TransferStatusSchema,
  Transfer: TransferSchema,
  TransferList: TransferListSchema,
  BatchRequest: BatchRequestSchema,
  BatchItemResult: BatchItemResultSchema,
  BatchResponse: BatchResponseSchema,
  PublicTransferStatus: PublicTransferStatusSchema,
  DeviceState: DeviceStateSchema,
  Heartbeat: HeartbeatSchema,
  HeartbeatAck: HeartbeatAckSchema,
  SignedRoster: SignedRosterSchema,
  Collection: CollectionSchema,
  CollectionAck: CollectionAckSchema,
  ReceiptSmsCreate: ReceiptSmsCreateSchema,
  ReceiptSmsAck: ReceiptSmsAckSchema,
  GuestSupportCreate: GuestSupportCreateSchema,
  GuestSupportAck: GuestSupportAckSchema,
  CashLetter: CashLetterWireSchema,
  Letter: LetterSchema,
  LetterReplyInfo: LetterReplyInfoSchema,
  LetterReplyFile: LetterReplyFileSchema,
  TopUp: TopUpSchema,
  LetterCreate: LetterCreateSchema,
  WalletPaymentCreate: WalletPaymentCreateSchema,
  FiscalConfig: FiscalConfigSchema,
  FiscalDocument: FiscalDocumentWireSchema,
  FiscalDocumentAck: FiscalDocumentAckSchema,
  FiscalStatus: FiscalStatusWireSchema,
  ...rosterWireComponents,
  ...appWireComponents,
  ...payerWireComponents,
} as const;
