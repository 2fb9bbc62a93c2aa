/**
 * The kiosk's HTTP client for the central transfer API (central/openapi.yaml). Every terminal
 * request is signed (main/sync/signing.ts); every answer is validated with zod before anyone
 * sees it; nothing throws: each method answers Result<T, CentralError>.
 */
import { z } from 'zod';
import {
  type FiscalDocumentAck,
  FiscalDocumentAckSchema,
  type FiscalDocumentWire,
  FiscalDocumentWireSchema,
  BatchResponseSchema,
  type Collection,
  CollectionAckSchema,
  EnrolResponseSchema,
  ErrorBodySchema,
  type Facility,
  FacilitySchema,
  HealthSchema,
  type Heartbeat,
  HeartbeatAckSchema,
  type InmateMatch,
  SearchResponseSchema,
  type SearchResponse,
  type PublicTransferStatus,
  PublicTransferStatusSchema,
  type ReceiptSmsAck,
  ReceiptSmsAckSchema,
  type ReceiptSmsCreate,
  type Region,
  RegionSchema,
  type SearchRequest,
  type SignedRoster,
  SignedRosterSchema,
  type SignedConfig,
  SignedConfigSchema,
  TerminalConfigSchema as WireTerminalConfigSchema,
  type TopUp,
  TopUpSchema,
  type Transfer,
  type TransferCreate,
  TransferSchema,
  type WalletTopUpCreate,
} from '../../common/central-wire.ts';
import type { SignedCommand } from '../../common/remote-command-wire.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { createSignedFetch, type FetchFailure } from './signed-fetch.ts';
import type { TerminalKeys } from './signing.ts';

/** What a call can fail with; the shape shared with the payer client (signed-fetch.ts). */
export type CentralError = FetchFailure;

export type { Facility, InmateMatch, PublicTransferStatus, Region, SignedRoster, Transfer };
export type { TransferCreate, WalletTopUpCreate };
export type SearchInmatesArgs = SearchRequest;
export type HeartbeatReport = Heartbeat;
export type CollectionReport = Collection;
export type WalletTopUp = TopUp;
export { SignedRosterSchema, TransferSchema };

/** Fields a central from before letters and tracking pages does not send yet. */
export const TerminalConfigSchema = WireTerminalConfigSchema.partial({
  letterPageKopecks: true,
  replyBlankKopecks: true,
  trackingUrlPrefix: true,
  version: true,
});
export type TerminalConfig = z.infer<typeof TerminalConfigSchema>;

/** One item of a batch: the transfer when central has it, else the error it answered. */
export type BatchItem = {
  transferId: string;
  httpStatus: number;
  replayed: boolean;
  code: string | null;
  message: string | null;
  transfer: Transfer | null;
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
  /** Unsigned: central's clock even when our signatures are refused as expired. */
  health(): Promise<Result<{ ok: boolean; nowMs: number }, CentralError>>;
  enrol(code: string): Promise<Result<{ terminalId: string; enrolledAtMs: number }, CentralError>>;
  getConfig(): Promise<Result<TerminalConfig, CentralError>>;
  getRoster(): Promise<Result<SignedRoster, CentralError>>;
  /** The configuration signed by central: what the kiosk keeps in force (config-cache.ts). */
  getSignedConfig(): Promise<Result<SignedConfig, CentralError>>;
  listRegions(): Promise<Result<Region[], CentralError>>;
  listFacilities(regionCode?: string): Promise<Result<Facility[], CentralError>>;
  /** The matches only (look-alike rows included, marked). */
  searchInmates(args: SearchInmatesArgs): Promise<Result<InmateMatch[], CentralError>>;
  /** The whole answer: the matches and whether some look alike (common/name-match.ts). */
  searchInmatesAnswer(args: SearchInmatesArgs): Promise<Result<SearchResponse, CentralError>>;
  createTransfer(transfer: TransferCreate): Promise<Result<Transfer, CentralError>>;
  createTransfers(transfers: readonly TransferCreate[]): Promise<Result<BatchItem[], CentralError>>;
  getTransferStatus(transferId: string): Promise<Result<Transfer, CentralError>>;
  getPublicTransferStatus(transferId: string): Promise<Result<PublicTransferStatus, CentralError>>;
  sendHeartbeat(
    report: HeartbeatReport,
  ): Promise<
    Result<
      { receivedAtMs: number; configVersion?: number; commands?: SignedCommand[] },
      CentralError
    >
  >;
  sendCollection(
    report: CollectionReport,
  ): Promise<Result<{ collectionId: string; receivedAtMs: number }, CentralError>>;
  /** The SMS copy of an unprinted receipt (idempotent on smsId; central writes the text). */
  sendReceiptSms(sms: ReceiptSmsCreate): Promise<Result<ReceiptSmsAck, CentralError>>;
  /**
   * The fiscal document issued for a transfer (idempotent: the same document again is fine;
   * another one for the same transfer is 409 fiscal-conflict).
   */
  sendFiscalDocument(
    transferId: string,
    document: FiscalDocumentWire,
  ): Promise<Result<FiscalDocumentAck, CentralError>>;
  /** Cash the kiosk took for a payer's wallet (from the outbox; idempotent on topUpId). */
  creditWalletTopUp(topUp: WalletTopUpCreate): Promise<Result<WalletTopUp, CentralError>>;
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
    health: () => request({ method: 'GET', target: '/v1/health', signed: false }, HealthSchema),
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
      return request(
        { method: 'POST', target: '/v1/terminals/enrol', body, signed: false },
        EnrolResponseSchema,
      );
    },
    getConfig: () => signedGet('/v1/terminal/config', TerminalConfigSchema),
    getRoster: () => signedGet('/v1/terminal/roster', SignedRosterSchema),
    getSignedConfig: () => signedGet('/v1/terminal/config/signed', SignedConfigSchema),
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
      return unwrap(signedPost('/v1/inmates/search', args, SearchResponseSchema), (v) => v.matches);
    },
    searchInmatesAnswer: (args) => signedPost('/v1/inmates/search', args, SearchResponseSchema),
    creditWalletTopUp: (topUp) =>
      signedPost('/v1/terminal/wallet-top-ups', topUp, TopUpSchema, topUp.topUpId),
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
    sendHeartbeat: (report) => signedPost('/v1/terminal/heartbeat', report, HeartbeatAckSchema),
    sendReceiptSms: (sms) => {
      const body = {
        smsId: sms.smsId.toLowerCase(),
        transferId: sms.transferId.toLowerCase(),
        phone: sms.phone,
      };
      return signedPost('/v1/terminal/receipt-sms', body, ReceiptSmsAckSchema, body.smsId);
    },
    sendFiscalDocument: (transferId, document) =>
      signedPost(
        `/v1/terminal/transfers/${encodedId(transferId.toLowerCase())}/fiscal`,
        FiscalDocumentWireSchema.parse(document),
        FiscalDocumentAckSchema,
      ),
    sendCollection: (report) => {
      const body = { ...report, collectionId: report.collectionId.toLowerCase() };
      return signedPost('/v1/terminal/collections', body, CollectionAckSchema, body.collectionId);
    },
  };
}
