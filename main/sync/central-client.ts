/**
 * The kiosk's HTTP client for the central transfer API (central/openapi.yaml). Every terminal
 * request is signed (main/sync/signing.ts); every answer is validated with zod before anyone
 * sees it; nothing throws: each method answers Result<T, CentralError>.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../common/result.ts';
import { createSignedFetch, type FetchFailure } from './signed-fetch.ts';
import type { TerminalKeys } from './signing.ts';

/** What a call can fail with; the shape shared with the payer client (signed-fetch.ts). */
export type CentralError = FetchFailure;

const kopecks = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const timeMs = z.number().int().min(0);
const nullableTimeMs = timeMs.nullable();

export const TerminalConfigSchema = z.object({
  terminalId: z.string(),
  facilityIds: z.array(z.string()),
  paymentKopecksMin: kopecks,
  paymentKopecksMax: kopecks,
  commissionRateBasisPoints: z.number().int().min(0).max(10_000),
  commissionKopecksMin: kopecks,
  acceptedNotesKopecks: z.array(kopecks),
  languages: z.array(z.string()).min(1),
  supportPhone: z.string(),
  creditingDaysText: z.string(),
  rosterPublicKeyPem: z.string(),
  letterPageKopecks: kopecks.optional(),
  replyBlankKopecks: kopecks.optional(),
  /** Receipt QR payload = this + transfer id (a page on central showing the status). */
  trackingUrlPrefix: z.string().optional(),
  agent: z.object({
    name: z.string(),
    inn: z.string(),
    address: z.string(),
    phone: z.string(),
    operatorName: z.string(),
    operatorInn: z.string(),
    operatorPhone: z.string(),
  }),
});
export type TerminalConfig = z.infer<typeof TerminalConfigSchema>;

/** The roster answer; its payload is checked (signature, then shape) by roster-cache.ts. */
export const SignedRosterSchema = z.object({ payload: z.string(), signature: z.string() });
export type SignedRoster = z.infer<typeof SignedRosterSchema>;

export const RegionSchema = z.object({
  code: z.string(),
  name: z.string(),
  capital: z.string(),
  territorialBody: z.string(),
});
export type Region = z.infer<typeof RegionSchema>;

export const FacilitySchema = z.object({
  id: z.string(),
  regionCode: z.string(),
  type: z.string(),
  number: z.number().int(),
  shortName: z.string(),
  fullName: z.string(),
  aliases: z.array(z.string()),
  address: z.string(),
  phone: z.string(),
  accounting: z.object({
    recipient: z.string(),
    inn: z.string(),
    kpp: z.string(),
    bik: z.string(),
    bankName: z.string(),
    treasuryAccount: z.string(),
    account: z.string(),
    oktmo: z.string(),
  }),
});
export type Facility = z.infer<typeof FacilitySchema>;

export const InmateMatchSchema = z.object({
  inmateRef: z.string(),
  maskedName: z.string(),
  birthYear: z.number().int(),
  facilityId: z.string(),
  facilityName: z.string(),
  accountStatus: z.enum(['active', 'released', 'transferred']),
  exact: z.boolean(),
});
export type InmateMatch = z.infer<typeof InmateMatchSchema>;

export const TransferStatusSchema = z.enum(['accepted', 'sent', 'credited', 'returned']);

export const TransferSchema = z.object({
  transferId: z.string(),
  status: TransferStatusSchema,
  depositedKopecks: kopecks,
  amountKopecks: kopecks,
  commissionKopecks: kopecks,
  recipientMasked: z.string(),
  recipientBirthYear: z.number().int(),
  facilityId: z.string(),
  facilityName: z.string(),
  kioskCreatedAtMs: timeMs,
  acceptedAtMs: timeMs,
  sentAtMs: nullableTimeMs,
  creditedAtMs: nullableTimeMs,
  returnedAtMs: nullableTimeMs,
  returnReason: z.string().nullable(),
});
export type Transfer = z.infer<typeof TransferSchema>;

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

const ErrorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

const BatchResponseSchema = z.object({
  results: z.array(
    z.object({
      transferId: z.string(),
      httpStatus: z.number().int(),
      replayed: z.boolean().optional(),
      body: z.unknown(),
    }),
  ),
});

/** One item of a batch: the transfer when central has it, else the error it answered. */
export type BatchItem = {
  transferId: string;
  httpStatus: number;
  replayed: boolean;
  code: string | null;
  message: string | null;
  transfer: Transfer | null;
};

export type TransferCreate = {
  transferId: string;
  inmateRef: string;
  depositedKopecks: number;
  amountKopecks: number;
  commissionKopecks: number;
  kioskCreatedAtMs: number;
  payerAccountId?: string | null;
  receiptNumber?: string | null;
  kioskSequence?: number | null;
};

export type SearchInmatesArgs = {
  facilityId: string;
  surname: string;
  name: string;
  patronymic?: string;
  birthYear: number;
};

export type DeviceReport = {
  adapter: string;
  health: 'starting' | 'ok' | 'warning' | 'fault' | 'absent';
  code: string;
  detail: string;
  sinceMs: number;
};

export type HeartbeatReport = {
  sentAtMs: number;
  softwareVersion: string;
  devices: { billAcceptor: DeviceReport; printer: DeviceReport };
  outboxCount: number;
  cassetteNoteCount: number;
  outboxParkedCount?: number;
  outboxOldestAgeMs?: number | null;
  paper?: 'ok' | 'near-end' | 'out' | 'unknown';
  sequence?: number;
  rosterGeneratedAtMs?: number | null;
  clockSkewMs?: number | null;
};

export type CollectionReport = {
  collectionId: string;
  openedAtMs: number;
  closedAtMs: number;
  notes: { noteKopecks: number; count: number }[];
  noteCount: number;
  totalKopecks: number;
  transferCount: number;
  operatorName?: string | null;
};

export type CentralClientOptions = {
  baseUrl: string;
  terminalId: string;
  /** null before the kiosk has keys: only public calls work then. */
  keyStore: TerminalKeys | null;
  fetch?: typeof fetch;
  timeoutMs: number;
  /** Clock used for signatures (default Date.now). */
  nowMs?: () => number;
};

export type CentralClient = {
  enrol(code: string): Promise<Result<{ terminalId: string; enrolledAtMs: number }, CentralError>>;
  getConfig(): Promise<Result<TerminalConfig, CentralError>>;
  getRoster(): Promise<Result<SignedRoster, CentralError>>;
  listRegions(): Promise<Result<Region[], CentralError>>;
  listFacilities(regionCode?: string): Promise<Result<Facility[], CentralError>>;
  searchInmates(args: SearchInmatesArgs): Promise<Result<InmateMatch[], CentralError>>;
  createTransfer(transfer: TransferCreate): Promise<Result<Transfer, CentralError>>;
  createTransfers(transfers: readonly TransferCreate[]): Promise<Result<BatchItem[], CentralError>>;
  getTransferStatus(transferId: string): Promise<Result<Transfer, CentralError>>;
  getPublicTransferStatus(transferId: string): Promise<Result<PublicTransferStatus, CentralError>>;
  sendHeartbeat(report: HeartbeatReport): Promise<Result<{ receivedAtMs: number }, CentralError>>;
  sendCollection(
    report: CollectionReport,
  ): Promise<Result<{ collectionId: string; receivedAtMs: number }, CentralError>>;
  /** Cash the kiosk took for a payer's wallet (from the outbox; idempotent on topUpId). */
  creditWalletTopUp(topUp: WalletTopUpCreate): Promise<Result<WalletTopUp, CentralError>>;
};

export type WalletTopUpCreate = {
  topUpId: string;
  accountId: string;
  amountKopecks: number;
  kioskCreatedAtMs: number;
  /** A letter typed at the kiosk and paid with this cash (central pays it from the wallet). */
  letter?: { letterId: string; inmateRef: string; text: string; replyBlanks: number };
};

/** Central's answer; `letterRefusal` says why a letter paid in cash was not accepted. */
export type WalletTopUp = {
  topUpId: string;
  amountKopecks: number;
  letterRefusal?: { code: string; message: string } | null;
};

function batchItemOf(raw: z.infer<typeof BatchResponseSchema>['results'][number]): BatchItem {
  const base = {
    transferId: raw.transferId,
    httpStatus: raw.httpStatus,
    replayed: raw.replayed ?? false,
  };
  if (raw.httpStatus >= 200 && raw.httpStatus < 300) {
    const transfer = TransferSchema.safeParse(raw.body);
    if (transfer.success) return { ...base, code: null, message: null, transfer: transfer.data };
  }
  const error = ErrorBodySchema.safeParse(raw.body);
  const code = error.success ? error.data.error.code : `http-${raw.httpStatus}`;
  const message = error.success ? error.data.error.message : null;
  return { ...base, code, message, transfer: null };
}

export function createCentralClient(options: CentralClientOptions): CentralClient {
  const nowMs = options.nowMs ?? Date.now;

  const request = createSignedFetch({
    baseUrl: options.baseUrl,
    terminalId: options.terminalId,
    privateKeyPem: () => options.keyStore?.privateKeyPem ?? null,
    timeoutMs: options.timeoutMs,
    nowMs,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });

  const signedGet = <S extends z.ZodType>(target: string, schema: S) =>
    request({ method: 'GET', target, signed: true }, schema);
  const signedPost = <S extends z.ZodType>(
    target: string,
    body: unknown,
    schema: S,
    key?: string,
  ) =>
    request(
      key === undefined
        ? { method: 'POST', target, body, signed: true }
        : { method: 'POST', target, body, signed: true, idempotencyKey: key },
      schema,
    );
  const unwrap = async <T, U>(
    pending: Promise<Result<T, CentralError>>,
    pick: (value: T) => U,
  ): Promise<Result<U, CentralError>> => {
    const result = await pending;
    return result.ok ? ok(pick(result.value)) : result;
  };
  const encodedId = (id: string): string => encodeURIComponent(id.toLowerCase());
  /** Only the fields /v1/transfers knows (callers may pass richer outbox rows). */
  const transferBody = (transfer: TransferCreate): TransferCreate => {
    const body: TransferCreate = {
      transferId: transfer.transferId.toLowerCase(),
      inmateRef: transfer.inmateRef,
      depositedKopecks: transfer.depositedKopecks,
      amountKopecks: transfer.amountKopecks,
      commissionKopecks: transfer.commissionKopecks,
      kioskCreatedAtMs: transfer.kioskCreatedAtMs,
    };
    if (transfer.payerAccountId !== undefined) body.payerAccountId = transfer.payerAccountId;
    if (transfer.receiptNumber !== undefined) body.receiptNumber = transfer.receiptNumber;
    if (transfer.kioskSequence !== undefined) body.kioskSequence = transfer.kioskSequence;
    return body;
  };

  return {
    async enrol(code) {
      if (options.keyStore === null) {
        return err({
          kind: 'http',
          status: 401,
          code: 'not-enrolled',
          message: 'no key pair to enrol',
          retryAfterMs: null,
        });
      }
      const body = {
        terminalId: options.terminalId,
        code,
        publicKeyPem: options.keyStore.publicKeyPem,
      };
      const schema = z.object({ terminalId: z.string(), enrolledAtMs: timeMs });
      return request(
        { method: 'POST', target: '/v1/terminals/enrol', body, signed: false },
        schema,
      );
    },
    getConfig: () => signedGet('/v1/terminal/config', TerminalConfigSchema),
    getRoster: () => signedGet('/v1/terminal/roster', SignedRosterSchema),
    listRegions: () =>
      unwrap(
        signedGet('/v1/regions', z.object({ regions: z.array(RegionSchema) })),
        (v) => v.regions,
      ),
    listFacilities: (regionCode) => {
      const query = regionCode === undefined ? '' : `?regionCode=${encodeURIComponent(regionCode)}`;
      const schema = z.object({ facilities: z.array(FacilitySchema) });
      return unwrap(signedGet(`/v1/facilities${query}`, schema), (v) => v.facilities);
    },
    searchInmates: (args) => {
      const schema = z.object({ matches: z.array(InmateMatchSchema).max(5) });
      return unwrap(signedPost('/v1/inmates/search', args, schema), (v) => v.matches);
    },
    creditWalletTopUp: (topUp) =>
      signedPost(
        '/v1/terminal/wallet-top-ups',
        topUp,
        z
          .object({
            topUpId: z.string(),
            amountKopecks: kopecks,
            letterRefusal: z
              .object({ code: z.string().max(64), message: z.string().max(2_000) })
              .nullable()
              .optional(),
          })
          .passthrough(),
        topUp.topUpId,
      ),
    createTransfer: (transfer) => {
      const body = transferBody(transfer);
      return signedPost('/v1/transfers', body, TransferSchema, body.transferId);
    },
    createTransfers: (transfers) =>
      unwrap(
        signedPost(
          '/v1/transfers/batch',
          { transfers: transfers.map(transferBody) },
          BatchResponseSchema,
        ),
        (v) => v.results.map(batchItemOf),
      ),
    getTransferStatus: (transferId) =>
      signedGet(`/v1/transfers/${encodedId(transferId)}`, TransferSchema),
    getPublicTransferStatus: (transferId) =>
      request(
        { method: 'GET', target: `/v1/public/transfers/${encodedId(transferId)}`, signed: false },
        PublicTransferStatusSchema,
      ),
    sendHeartbeat: (report) =>
      signedPost('/v1/terminal/heartbeat', report, z.object({ receivedAtMs: timeMs })),
    sendCollection: (report) => {
      const body = { ...report, collectionId: report.collectionId.toLowerCase() };
      const schema = z.object({ collectionId: z.string(), receivedAtMs: timeMs });
      return signedPost('/v1/terminal/collections', body, schema, body.collectionId);
    },
  };
}
