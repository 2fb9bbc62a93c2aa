/**
 * Central's routes for the payer's own app (docs/PAYER-APP.md): the app itself (app-static.ts),
 * tracking a receipt without a login, wallet top-ups by card or СБП (card-top-ups.ts) with the
 * provider's webhook and a background reconciliation, and the one-time SMS code each payment
 * from the wallet needs (payment-codes.ts).
 */
import type { FastifyRequest } from 'fastify';
import type { CardTopUpCreate, PaymentCodeRequest } from '../../common/central-wire-app.ts';
import type { CentralDb } from '../db.ts';
import { ApiFailure, apiError } from '../errors.ts';
import { type RouteContext, rawBodyOf, route } from '../http.ts';
import type { PaymentProvider } from '../payment-provider/port.ts';
import { createRateLimiter, type RateLimiter } from '../rate-limit.ts';
import type { TrackingKeys } from '../tracking.ts';
import type { TransferStore } from '../transfers.ts';
import type { PayerAccounts } from './accounts.ts';
import { registerAppStatic } from './app-static.ts';
import { registerTracking } from './app-tracking.ts';
import { type CardTopUps, createCardTopUps } from './card-top-ups.ts';
import { createPayerGate, unwrap } from './caller.ts';
import type { PaymentCodes } from './payment-codes.ts';

export type PayerAppDeps = {
  db: CentralDb;
  accounts: Pick<PayerAccounts, 'authenticate'>;
  transfers: TransferStore;
  tracking: TrackingKeys;
  /** null: top-ups by card are off (403 payment-provider-not-configured). */
  provider: PaymentProvider | null;
  paymentCodes: PaymentCodes;
  /** Central's public base URL (the provider sends the payer back to the app there). */
  publicUrl: () => string;
  /** Background reconciliation of pending top-ups (default every 30 s; 0: off). */
  reconcileEveryMs?: number;
  /** Where the built app is (tests); default app/dist. */
  appDistDir?: string;
};

const DEFAULT_RECONCILE_MS = 30_000;

export function registerPayerAppRoutes(context: RouteContext, deps: PayerAppDeps): void {
  registerAppStatic(context, deps.appDistDir);
  const now = context.nowMs;
  const publicLimiter = createRateLimiter(deps.db, 'public', { burst: 30, refillPerMinute: 60 });
  registerTracking(context, deps, publicLimiter);
  // Only its session check is used: every route here is a logged-in payer's, or none.
  const gate = createPayerGate({
    accounts: deps.accounts,
    terminalLimiter: publicLimiter,
    webLimiter: publicLimiter,
    name: 'payer-app',
    now,
  });
  // Both channels, like every payer route: the app's bearer session, or a kiosk's signed one.
  const webPayer = async (request: FastifyRequest): Promise<string> =>
    (await gate.session(request)).accountId;

  route(context, 'POST', '/v1/payer/payment-codes', 'payer', async (request, reply) => {
    const accountId = await webPayer(request);
    const input = request.body as PaymentCodeRequest;
    return reply.code(202).send(unwrap(await deps.paymentCodes.request(accountId, input, now())));
  });

  // Each creation calls the provider: a payer gets a few a minute, not a flood.
  const createLimiter = createRateLimiter(deps.db, 'card-top-up', {
    burst: 10,
    refillPerMinute: 4,
  });
  const provider = deps.provider;
  const topUps = provider === null ? null : createCardTopUps(deps.db, provider, context.app.log);
  // Without a provider the payer simply has no card top-ups, and nobody may start one (403:
  // the server's choice, not a fault); a webhook then has nobody to talk to here (404).
  const needTopUps = (): CardTopUps => {
    if (topUps !== null) return topUps;
    const why = 'top-ups by card are not configured on this server';
    throw new ApiFailure(apiError(403, 'payment-provider-not-configured', why));
  };
  registerTopUpRoutes(context, deps, {
    webPayer,
    topUps: needTopUps,
    configured: topUps,
    createLimiter,
  });
  if (topUps !== null) startReconciliation(context, topUps, deps.reconcileEveryMs);
}

type TopUpRouteParts = {
  webPayer: (request: FastifyRequest) => Promise<string>;
  /** The store, or a 403 when no provider is configured. */
  topUps: () => CardTopUps;
  configured: CardTopUps | null;
  createLimiter: RateLimiter;
};

function registerTopUpRoutes(context: RouteContext, deps: PayerAppDeps, parts: TopUpRouteParts) {
  const { webPayer, topUps, configured } = parts;
  const now = context.nowMs;
  route(context, 'POST', '/v1/payer/card-top-ups', 'payer', async (request, reply) => {
    const accountId = await webPayer(request);
    const input = request.body as CardTopUpCreate;
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || key.toLowerCase() !== input.topUpId.toLowerCase()) {
      const why = 'Idempotency-Key must equal topUpId';
      throw new ApiFailure(apiError(400, 'idempotency-key-mismatch', why));
    }
    const taken = await parts.createLimiter.take(`account:${accountId}`, now());
    if (!taken.ok) {
      const seconds = String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000)));
      const limited = apiError(429, 'rate-limited', 'too many top-ups; try again shortly');
      throw new ApiFailure(limited, { 'retry-after': seconds });
    }
    const returnUrl = `${deps.publicUrl()}/app/#/top-up/${input.topUpId.toLowerCase()}`;
    const created = unwrap(await topUps().create(accountId, input, returnUrl, now()));
    return reply.code(created.created ? 201 : 200).send(created.view);
  });

  route(context, 'GET', '/v1/payer/card-top-ups', 'payer', async (request) => {
    const accountId = await webPayer(request);
    return { topUps: configured === null ? [] : await configured.list(accountId) };
  });

  route(context, 'GET', '/v1/payer/card-top-ups/{topUpId}', 'payer', async (request) => {
    const accountId = await webPayer(request);
    const { topUpId } = request.params as { topUpId: string };
    const view = configured === null ? null : await configured.get(accountId, topUpId, now());
    if (view === null) throw new ApiFailure(apiError(404, 'top-up-not-found', 'no such top-up'));
    return view;
  });

  route(context, 'POST', '/v1/payment-provider/webhook', 'none', async (request) => {
    if (configured === null) {
      throw new ApiFailure(apiError(404, 'not-found', 'no payment provider is configured'));
    }
    const store = configured;
    // The exact bytes received: the signature covers them, not a re-serialised object.
    const verified = deps.provider!.verifyWebhook(rawBodyOf(request), request.headers);
    if (!verified.ok) {
      context.app.log.warn({ failure: verified.error.kind }, 'payment webhook refused');
      if (verified.error.kind === 'signature-invalid') {
        throw new ApiFailure(apiError(401, 'signature-invalid', 'the signature does not match'));
      }
      throw new ApiFailure(apiError(400, 'bad-request', 'not a payment notification'));
    }
    const outcome = await store.apply(verified.value, now());
    if (outcome === 'unknown-payment' || outcome === 'amount-mismatch') {
      context.app.log.error({ outcome }, 'payment webhook not applied');
    }
    return { received: true };
  });
}

function startReconciliation(context: RouteContext, topUps: CardTopUps, everyMs?: number) {
  const intervalMs = everyMs ?? DEFAULT_RECONCILE_MS;
  if (intervalMs <= 0) return;
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => topUps.reconcile(context.nowMs()))
      .catch((error: unknown) => {
        const errorType = error instanceof Error ? error.name : 'unknown';
        context.app.log.error({ errorType }, 'top-up reconciliation failed');
      });
  }, intervalMs);
  timer.unref();
  context.app.addHook('onClose', async () => {
    clearInterval(timer);
    await running;
  });
}
