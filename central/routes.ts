/** Every route of the central API; schemas come from openapi.yaml (see http.ts route()). */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertNever } from '../common/assert.ts';
import {
  type FiscalDocumentWire,
  type ReceiptSmsCreate,
  TransferCreateSchema,
} from '../common/central-wire.ts';
import { ApiFailure, apiError, errorBody } from './errors.ts';
import { allOrFirstError } from './storage/port.ts';
import type { PayerNotifications } from './payer/notifications.ts';
import type { FiscalDocumentStore } from './fiscal-documents.ts';
import {
  callerOf,
  nonceSpendOf,
  type RouteContext,
  route,
  sendStored,
  terminalOf,
} from './http.ts';
import type { CentralMetrics } from './metrics.ts';
import type { PayerLinks } from './payer/payer-link.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { ReceiptSmsStore } from './receipt-sms.ts';
import type { ReferenceStore } from './reference.ts';
import type { SearchAnswer, SearchError, SearchQuery } from './search.ts';
import type { Result } from '../common/result.ts';
import type { SearchGuard } from './search-guard.ts';
import {
  birthDateOf,
  type GuardKey,
  nameFingerprint,
  SEARCH_GUARD,
} from '../common/search-guard.ts';
import { normalizeTrackingCode } from '../common/tracking-code.ts';
import { statusPageHtml } from './status-page.ts';
import type { TransferSteps } from './transfer-steps.ts';
import type { Collection, Heartbeat, TerminalStore } from './terminals.ts';
import type { TrackingKeys } from './tracking.ts';
import {
  publicStatusOf,
  type Step,
  type TransferCreate,
  type TransferStatus,
  type TransferStore,
  type TransferView,
} from './transfers.ts';

export type Services = {
  reference: ReferenceStore;
  search: (query: SearchQuery) => Promise<Result<SearchAnswer, SearchError>>;
  transfers: TransferStore;
  terminals: TerminalStore;
  /** Check codes of the public tracking page (central/tracking.ts). */
  tracking: TrackingKeys;
  searchLimiter: RateLimiter;
  publicLimiter: RateLimiter;
  enrolLimiter: RateLimiter;
  /** Drops a cash transfer's payer link no payer session at that terminal backs. */
  payerLinks: PayerLinks;
  metrics: CentralMetrics;
  /** SMS copies of receipts the kiosks could not print. */
  receiptSms: ReceiptSmsStore;
  /** The fiscal documents the kiosks' registrars issued for their transfers. */
  fiscal: FiscalDocumentStore;
  /** The SMS a payer chose to get when their transfer is credited or returned. */
  notifications: PayerNotifications;
  /** Credit and return with the payer's SMS (transfer-steps.ts), shared with the console. */
  steps: TransferSteps;
  /** Refuses birth-year and name sweeps (common/search-guard.ts), state in central's db. */
  searchGuard: SearchGuard;
  /**
   * The logged-in payer of an unsigned request (a payer's own app): their account id, or a
   * 401. Catalogue and search answer such an app only with a session: they find people.
   */
  webPayer: (request: FastifyRequest) => Promise<string>;
};

/**
 * Who a catalogue or search request is from: the kiosk, or the logged-in payer's account (a
 * payer app without a session gets 401 here). The answer keys the search rate limit.
 */
async function lookupCaller(request: FastifyRequest, services: Services): Promise<string> {
  const caller = callerOf(request);
  return caller.kind === 'terminal'
    ? `terminal:${caller.terminalId}`
    : `account:${await services.webPayer(request)}`;
}

/** The sweep guard's scopes of a search: kiosk → terminal; payer app → account and address. */
function guardKeysOf(request: FastifyRequest, lookupKey: string): GuardKey[] {
  const caller = callerOf(request);
  const global: GuardKey = { scope: 'global', id: '*' };
  if (caller.kind === 'terminal') return [{ scope: 'terminal', id: caller.terminalId }, global];
  const accountId = lookupKey.slice('account:'.length);
  return [{ scope: 'account', id: accountId }, { scope: 'address', id: caller.ip }, global];
}

const SEARCH_GUARD_RETRY_S = SEARCH_GUARD.windowMs / 1000;

/** One fixed answer for every refused sweep: nothing in it depends on the query. */
const SEARCH_REFUSED = apiError(
  429,
  'search-refused',
  'too many different searches from here; ask the staff or try again tomorrow',
);

async function limit(limiter: RateLimiter, key: string, nowMs: number): Promise<void> {
  const taken = await limiter.take(key, nowMs);
  if (taken.ok) return;
  const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
  throw new ApiFailure(apiError(429, 'rate-limited', `too many requests; retry in ${seconds} s`), {
    'retry-after': String(seconds),
  });
}

function notFound(code: string, message: string): ApiFailure {
  return new ApiFailure(apiError(404, code, message));
}

/**
 * A search answer on the wire: the added fields only where they say something (no
 * look-alikes, no corrected part), so an answer without them reads as it always did.
 */
function wireAnswer(answer: SearchAnswer): Record<string, unknown> {
  const matches = answer.matches.map(({ correctedParts, lookAlike, ...match }) => ({
    ...match,
    ...(correctedParts.length === 0 ? {} : { correctedParts }),
    ...(lookAlike ? { lookAlike } : {}),
  }));
  return answer.lookAlike === 'none' ? { matches } : { matches, lookAlike: answer.lookAlike };
}

export function registerTerminalRoutes(context: RouteContext, services: Services): void {
  const { reference, search, terminals } = services;
  route(context, 'GET', '/v1/health', 'none', async () => ({ ok: true, nowMs: context.nowMs() }));

  route(context, 'POST', '/v1/terminals/enrol', 'none', async (request, reply) => {
    const input = request.body as { terminalId: string; code: string; publicKeyPem: string };
    await limit(services.enrolLimiter, `enrol:${input.terminalId}`, context.nowMs());
    const enrolled = await terminals.enrol(input, context.nowMs());
    if (!enrolled.ok) throw new ApiFailure(enrolled.error);
    return reply.code(201).send(enrolled.value);
  });

  route(context, 'GET', '/v1/terminal/config', 'terminal', (request) =>
    terminals.config(terminalOf(request)),
  );

  route(context, 'GET', '/v1/regions', 'payer', async (request) => {
    await lookupCaller(request, services);
    return { regions: await reference.regions() };
  });

  route(context, 'GET', '/v1/facilities', 'payer', async (request) => {
    await lookupCaller(request, services);
    const query = request.query as { regionCode?: string };
    return { facilities: await reference.facilities(query.regionCode ?? null) };
  });

  route(context, 'POST', '/v1/inmates/search', 'payer', async (request) => {
    const lookupKey = await lookupCaller(request, services);
    await limit(services.searchLimiter, `search:${lookupKey}`, context.nowMs());
    const query = request.body as SearchQuery;
    const probe = {
      nameFingerprint: nameFingerprint(query),
      facilityId: query.facilityId,
      birthYear: query.birthYear,
      birthDate: birthDateOf(query),
    };
    const keys = guardKeysOf(request, lookupKey);
    if (!(await services.searchGuard.check(keys, probe, context.nowMs())).ok) {
      throw new ApiFailure(SEARCH_REFUSED, { 'retry-after': String(SEARCH_GUARD_RETRY_S) });
    }
    const found = await search(query);
    if (found.ok) return wireAnswer(found.value);
    const error = found.error;
    switch (error.kind) {
      case 'unknown-facility':
        throw notFound('unknown-facility', 'no active facility with this id');
      case 'query-too-short':
        throw new ApiFailure(
          apiError(400, 'query-too-short', `${error.part} needs at least two letters`),
        );
      default:
        return assertNever(error);
    }
  });

  route(
    context,
    'POST',
    '/v1/terminal/heartbeat',
    'terminal',
    async (request) => {
      const receivedAtMs = context.nowMs();
      const terminalId = terminalOf(request);
      const heartbeat = request.body as Heartbeat;
      // Read beside the write: either order is a moment the kiosk could have asked at.
      const [, configVersion] = await Promise.all([
        terminals.storeHeartbeat(terminalId, heartbeat, receivedAtMs, nonceSpendOf(request)),
        terminals.configs.version(terminalId),
      ]);
      services.metrics.heartbeats.inc();
      // The kiosk compares it with the copy it holds and fetches the signed config if they differ.
      return { receivedAtMs, configVersion };
    },
    { nonce: 'with-write' },
  );

  route(context, 'POST', '/v1/terminal/collections', 'terminal', async (request, reply) => {
    const collection = request.body as Collection;
    requireKeyMatches(request.headers['idempotency-key'], collection.collectionId);
    const answer = await terminals.storeCollection(
      terminalOf(request),
      collection,
      context.nowMs(),
    );
    return sendStored(reply, answer);
  });

  route(context, 'POST', '/v1/terminal/receipt-sms', 'terminal', async (request, reply) => {
    const input = request.body as ReceiptSmsCreate;
    requireKeyMatches(request.headers['idempotency-key'], input.smsId);
    const ack = await services.receiptSms.send(terminalOf(request), input, context.nowMs());
    return reply.code(201).send(ack);
  });

  route(
    context,
    'POST',
    '/v1/terminal/transfers/{transferId}/fiscal',
    'terminal',
    async (request, reply) => {
      const { transferId } = request.params as { transferId: string };
      const document = request.body as FiscalDocumentWire;
      const stored = await services.fiscal.record(
        terminalOf(request),
        transferId,
        document,
        context.nowMs(),
      );
      if (!stored.ok) throw new ApiFailure(stored.error);
      return reply.code(201).send(stored.value);
    },
  );
}

/** A transfer as the terminal and admin views show it: with its fiscal document, if any. */
async function withFiscal(view: TransferView, fiscal: FiscalDocumentStore): Promise<TransferView> {
  const document = await fiscal.get(view.transferId);
  return document === null ? view : { ...view, fiscal: document };
}

function requireKeyMatches(header: string | string[] | undefined, id: string): void {
  if (typeof header !== 'string' || header.toLowerCase() !== id.toLowerCase()) {
    throw new ApiFailure(
      apiError(400, 'idempotency-key-mismatch', 'Idempotency-Key must equal the id in the body'),
    );
  }
}

export function registerTransferRoutes(context: RouteContext, services: Services): void {
  const { transfers, tracking } = services;

  route(
    context,
    'POST',
    '/v1/transfers',
    'terminal',
    async (request, reply) => {
      const input = request.body as TransferCreate;
      requireKeyMatches(request.headers['idempotency-key'], input.transferId);
      const terminalId = terminalOf(request);
      const nowMs = context.nowMs();
      const spendNonce = nonceSpendOf(request);
      const [answer] = await services.payerLinks.checked(terminalId, [input], nowMs, async () => {
        const [, created] = await allOrFirstError(
          spendNonce(),
          transfers.create(terminalId, input, nowMs),
        );
        return [created];
      });
      return sendStored(reply, answer!);
    },
    { nonce: 'with-write' },
  );

  route(
    context,
    'POST',
    '/v1/transfers/batch',
    'terminal',
    async (request) => {
      const terminalId = terminalOf(request);
      const { transfers: items } = request.body as { transfers: Record<string, unknown>[] };
      // Each item on its own: one bad number is that item's 400, never the whole batch's.
      const parsed = items.map((item) => TransferCreateSchema.safeParse(item));
      const valid = parsed.flatMap((result) => (result.success ? [result.data] : []));
      const nowMs = context.nowMs();
      const spendNonce = nonceSpendOf(request);
      const answers = await services.payerLinks.checked(terminalId, valid, nowMs, async () => {
        const [, created] = await allOrFirstError(
          spendNonce(),
          transfers.createMany(terminalId, valid, nowMs),
        );
        return created;
      });
      let next = 0;
      const results = parsed.map((result, index) => {
        if (!result.success) {
          const id = items[index]?.transferId;
          const issue = result.error.issues[0];
          const where = issue === undefined ? 'item' : issue.path.join('.') || 'item';
          return {
            transferId: typeof id === 'string' ? id.slice(0, 64).toLowerCase() : '',
            httpStatus: 400,
            body: errorBody(
              'bad-request',
              `${where}: ${issue?.message ?? 'invalid'}`.slice(0, 300),
            ),
          };
        }
        const answer = answers[next++]!;
        return {
          transferId: result.data.transferId.toLowerCase(),
          httpStatus: answer.httpStatus,
          replayed: answer.replayed,
          body: JSON.parse(answer.bodyText) as unknown,
        };
      });
      return { results };
    },
    { nonce: 'with-write' },
  );

  route(context, 'GET', '/v1/transfers/{transferId}', 'terminal', async (request) => {
    const { transferId } = request.params as { transferId: string };
    const view = await transfers.get(transferId.toLowerCase());
    // Another terminal's transfer is "not found": a terminal learns nothing about others.
    if (view === null || (await transfers.ownerOf(view.transferId)) !== terminalOf(request)) {
      throw notFound('transfer-not-found', `no transfer ${transferId} from this terminal`);
    }
    return withFiscal(view, services.fiscal);
  });

  route(context, 'GET', '/v1/public/transfers/{transferId}', 'none', async (request) => {
    await limit(services.publicLimiter, `public:${request.ip}`, context.nowMs());
    const { transferId } = request.params as { transferId: string };
    const view = await transfers.get(transferId.toLowerCase());
    if (view === null) throw notFound('transfer-not-found', `no transfer ${transferId}`);
    return publicStatusOf(view);
  });

  route(context, 'GET', '/t/{transferId}', 'none', async (request, reply) => {
    await limit(services.publicLimiter, `public:${request.ip}`, context.nowMs());
    const { transferId } = request.params as { transferId: string };
    const { c } = request.query as { c?: string };
    // Without the code of the receipt it came from, a transfer is "not found", like an
    // unknown id: the page is the same, so nobody can tell a real id from a made-up one.
    const code = normalizeTrackingCode(c ?? '');
    const view = code === null ? null : await transfers.get(transferId.toLowerCase());
    const owner = view === null ? null : await transfers.ownerOf(view.transferId);
    const shown =
      view !== null &&
      owner !== null &&
      code !== null &&
      tracking.matches(owner, view.transferId, code)
        ? view
        : null;
    const html = statusPageHtml(shown === null ? null : publicStatusOf(shown), transferId);
    return reply
      .code(shown === null ? 404 : 200)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .send(html);
  });
}

async function sendStep(
  reply: FastifyReply,
  result: Step,
  fiscal: FiscalDocumentStore,
): Promise<FastifyReply> {
  if (!result.ok) {
    return reply.code(result.error.status).send(errorBody(result.error.code, result.error.message));
  }
  return reply.code(200).send(await withFiscal(result.value, fiscal));
}

export function registerAdminRoutes(context: RouteContext, services: Services): void {
  const { terminals, transfers } = services;

  route(context, 'POST', '/v1/admin/enrolment-codes', 'admin', async (request, reply) => {
    const input = request.body as { terminalId: string; facilityIds?: string[] };
    const issued = await terminals.issueCode(
      input.terminalId,
      input.facilityIds ?? [],
      context.nowMs(),
    );
    return reply.code(201).send(issued);
  });

  route(context, 'GET', '/v1/admin/metrics', 'admin', async (_request, reply) => {
    const { registry } = services.metrics;
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });

  route(context, 'GET', '/v1/admin/terminals/{terminalId}/heartbeat', 'admin', async (request) => {
    const { terminalId } = request.params as { terminalId: string };
    const last = await terminals.lastHeartbeat(terminalId);
    if (last === null) throw notFound('no-heartbeat', `no heartbeat from ${terminalId} yet`);
    return last;
  });

  route(context, 'GET', '/v1/admin/transfers', 'admin', async (request) => {
    const { facilityId, status } = request.query as {
      facilityId: string;
      status?: TransferStatus;
    };
    return { transfers: await transfers.listForFacility(facilityId, status ?? 'sent') };
  });

  route(
    context,
    'POST',
    '/v1/admin/transfers/{transferId}/credit',
    'admin',
    async (request, reply) => {
      const { transferId } = request.params as { transferId: string };
      const log = (fields: Record<string, unknown>, message: string) =>
        request.log.error(fields, message);
      const credited = await services.steps.credit(transferId, context.nowMs(), log);
      return sendStep(reply, credited, services.fiscal);
    },
  );

  route(
    context,
    'POST',
    '/v1/admin/transfers/{transferId}/return',
    'admin',
    async (request, reply) => {
      const { transferId } = request.params as { transferId: string };
      const { reason } = request.body as { reason: string };
      const log = (fields: Record<string, unknown>, message: string) =>
        request.log.error(fields, message);
      const returned = await services.steps.returnToSender(
        transferId,
        reason,
        context.nowMs(),
        log,
      );
      return sendStep(reply, returned, services.fiscal);
    },
  );
}
