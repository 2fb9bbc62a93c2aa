/**
 * The reference central transfer API: fastify + node:sqlite or PostgreSQL (central/db.ts),
 * contract in openapi.yaml. Nothing that matters across requests lives in this process's
 * memory (rate limits, throttles, nonces, sessions, idempotency records are all in the
 * database), so several processes in front of one PostgreSQL database answer as one.
 * `npm run central` runs it standalone (central/start.ts); the kiosk's `npm start` embeds it
 * through startCentral().
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { createPayerGate, ensureWebChannel, WEB_CHANNEL } from './payer/caller.ts';
import { installCors } from './cors.ts';
import { registerAccountRoutes } from './payer/account-routes.ts';
import {
  checkedAdminToken,
  createAdminGate,
  createTerminalVerifier,
  TERMINAL_SIGNERS,
} from './auth.ts';
import { type CentralDb, openCentralDb } from './db.ts';
import { seedIfEmpty } from './generate.ts';
import {
  installErrorHandlers,
  installJsonParser,
  operationIndex,
  type RouteContext,
} from './http.ts';
import { createCentralMetrics } from './metrics.ts';
import { loadOpenApi } from './openapi.ts';
import { createAttemptThrottle } from './payer/attempts.ts';
import { createPayerLinks } from './payer/payer-link.ts';
import { createSmsBudget, type SmsCaps } from './payer/sms-budget.ts';
import { createRateLimiter, pruneRateLimits, type RateLimit } from './rate-limit.ts';
import { createBackground } from './background.ts';
import { type GuestSupportLimits, registerGuestSupportRoutes } from './guest-support.ts';
import { createDevEmailGateway, type EmailGateway } from './payer/email.ts';
import { emailGatewayFromEnv } from './payer/email-smtp.ts';
import { createFiscalDocumentStore } from './fiscal-documents.ts';
import { createReceiptSmsStore } from './receipt-sms.ts';
import { createReferenceStore } from './reference.ts';
import {
  registerAdminRoutes,
  registerTerminalRoutes,
  registerTransferRoutes,
  type Services,
} from './routes.ts';
import { loadTrackingKeys, trackingCodeWithKey } from './tracking.ts';
import { formatTrackingCode, trackingUrl } from '../common/tracking-code.ts';
import { loadRosterSigner, registerRosterRoutes } from './roster.ts';
import { registerRosterFeedRoutes } from './roster-feed-routes.ts';
import { createSearchAnswerer, createSearcher } from './search.ts';
import { createSearchGuard } from './search-guard.ts';
import { createPayerAccounts } from './payer/accounts.ts';
import { createPayerContent } from './payer/content.ts';
import { createPayerNotifications } from './payer/notifications.ts';
import { registerPayerRoutes } from './payer/routes.ts';
import { createDevSmsGateway, type SmsGateway } from './payer/sms.ts';
import { smsGatewayFromEnv } from './payer/sms-http.ts';
import { createLetterStore } from './payer/letters.ts';
import { createWallet } from './payer/wallet.ts';
import { createGroupCommitter, type GroupCommitter } from './storage/group-commit.ts';
import { createTerminalStore } from './terminals.ts';
import { sharedEd25519Pool } from './ed25519.ts';
import { registerConfigRoutes } from './config-routes.ts';
import { type ConsoleOptions, registerConsole } from './console/register.ts';
import { createTransferSteps } from './transfer-steps.ts';
import { createTransferStore } from './transfers.ts';
import { registerPayerAppRoutes } from './payer/app-routes.ts';
import { createPaymentCodes } from './payer/payment-codes.ts';
import type { PaymentProvider } from './payment-provider/port.ts';
import { paymentProviderFromEnv } from './payment-provider/acquiring-http.ts';

/** Largest request body: a batch of 100 transfers is about 40 KB. */
const BODY_BYTES_MAX = 256 * 1024;
const NONCE_PRUNE_INTERVAL_MS = 60_000;
/** How often transfer outcomes whose SMS did not go out (gateway down, budget) are tried again. */
const PAYER_NOTIFY_RETRY_EVERY_MS = 120_000;

export type CentralOptions = {
  /** Keys (roster signing, tracking), the dev SMS/e-mail outboxes, and central.sqlite. */
  dataDir: string;
  /**
   * A postgres:// URL: the database lives there instead of central.sqlite (default env
   * CENTRAL_DATABASE_URL; null: the embedded SQLite file, whatever the environment says).
   */
  databaseUrl?: string | null;
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** true → fastify's own pino logger; or a pino/fastify logger to use. Default: silent. */
  log?: boolean | FastifyBaseLogger;
  /** Generate the deterministic demo inmates on first start (default true). */
  demo?: boolean;
  /** Demo facility side: send after half of this, credit (or return) after all of it. */
  creditTimerMs?: number;
  /**
   * Bearer token for /v1/admin/*; default env CENTRAL_ADMIN_TOKEN; none → admin disabled.
   * At least ADMIN_TOKEN_CHARS_MIN (32) characters, or the server refuses to start.
   */
  adminToken?: string | null;
  /** Wrong admin tokens per client address (default: burst 10, 1 a minute), then 429. */
  adminGuessRateLimit?: RateLimit;
  /** Hourly SMS caps per phone, per number prefix and overall (payer/sms-budget.ts). */
  smsLimits?: Partial<SmsCaps>;
  /**
   * The SMS provider; default from CENTRAL_SMS_URL and CENTRAL_SMS_API_KEY (payer/sms-http.ts);
   * null, or neither set: the development gateway (a file in the data directory, and
   * GET /v1/dev/sms).
   */
  sms?: SmsGateway | null;
  /**
   * Where alert e-mails and answers to e-mail addresses go; default an SMTP server from
   * CENTRAL_SMTP_URL and CENTRAL_MAIL_FROM (payer/email-smtp.ts); null, or neither set: the
   * development gateway (email-outbox.jsonl in the data directory).
   */
  email?: EmailGateway | null;
  /** Support without an account, per caller and per contact (central/guest-support.ts). */
  guestSupportLimits?: Partial<GuestSupportLimits>;
  /** Inmate searches per terminal (default: burst 20, 30 a minute). */
  searchRateLimit?: RateLimit;
  /** Base URL payers reach from their phones (receipt QR codes); default the listen URL. */
  publicUrl?: string;
  /** Payer login/registration/SMS requests per terminal (default: burst 20, 20 a minute). */
  payerAuthRateLimit?: RateLimit;
  /**
   * The same for unsigned payer apps (web, mobile), per client IP across all those routes
   * (default: burst 20, 10 a minute). Behind a reverse proxy set `trustProxy`, or every
   * payer shares the proxy's address.
   */
  payerWebAuthRateLimit?: RateLimit;
  /** Fastify's trustProxy: take the client IP from X-Forwarded-For of these proxies. */
  trustProxy?: boolean | string | string[];
  /** Origins of payer web apps allowed to call the payer routes from a browser (central/cors.ts). */
  corsOrigins?: readonly string[];
  /** Clock for tests (signature freshness, timestamps). */
  nowMs?: () => number;
  /** Card/СБП top-ups (central/payment-provider/); default from CENTRAL_PAYMENT_PROVIDER_*. */
  paymentProvider?: PaymentProvider | null;
  /** How often pending top-ups are asked about (default 30 s; 0: never in the background). */
  topUpReconcileEveryMs?: number;
  /**
   * How often transfer outcomes a payer chose to hear of but did not (the SMS gateway failed,
   * the hourly budget refused) are looked for and told (default 2 min; 0: never).
   */
  payerNotifyRetryEveryMs?: number;
  /** The operator console (central/console/register.ts). */
  console?: Partial<ConsoleOptions>;
};

export type CentralServer = {
  url: string;
  close(): Promise<void>;
  /** A one-time enrolment code for a terminal (created if new), valid 24 h. */
  issueEnrolmentCode(terminalId: string, facilityIds?: string[]): Promise<string>;
  db: CentralDb;
  /** The shared commits of nonces, heartbeats and transfer creations (for tests and bench). */
  commits: GroupCommitter;
  app: FastifyInstance;
  /** Central's Ed25519 key for roster exports; kiosks get it with their enrolment/config. */
  rosterPublicKeyPem: string;
  /** Every route fastify registered (HEAD twins of GET routes left out). */
  routes: ReadonlyArray<{ method: string; url: string }>;
};

function createApp(options: CentralOptions): FastifyInstance {
  const common = {
    bodyLimit: BODY_BYTES_MAX,
    forceCloseConnections: true,
    trustProxy: options.trustProxy ?? false,
    ajv: {
      // Reject what the contract does not allow instead of silently fixing it.
      customOptions: { removeAdditional: false, coerceTypes: false, allowUnionTypes: true },
    },
  } as const;
  if (typeof options.log === 'object') {
    return Fastify({ ...common, loggerInstance: options.log }) as unknown as FastifyInstance;
  }
  return Fastify({ ...common, logger: options.log === true }) as unknown as FastifyInstance;
}

export async function startCentral(options: CentralOptions): Promise<CentralServer> {
  const adminToken = checkedAdminToken(
    options.adminToken ?? process.env.CENTRAL_ADMIN_TOKEN ?? null,
  );
  const databaseUrl =
    options.databaseUrl === undefined
      ? (process.env.CENTRAL_DATABASE_URL ?? null)
      : options.databaseUrl;
  const { db } = await openCentralDb(options.dataDir, databaseUrl || null);
  try {
    await seedIfEmpty(db, options.demo ?? true);
    await ensureWebChannel(db, (options.nowMs ?? Date.now)());
  } catch (error) {
    await db.close();
    throw error;
  }
  const nowMs = options.nowMs ?? Date.now;
  const app = createApp(options);
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (options) => {
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    for (const method of methods) if (method !== 'HEAD') routes.push({ method, url: options.url });
  });
  installJsonParser(app);
  installErrorHandlers(app);
  installCors(app, options.corsOrigins ?? []);
  const metrics = createCentralMetrics();
  // Every answered request, by route pattern (never the raw URL) and status; fastify's own
  // timer gives the latency. Synchronous and allocation-light: it runs on every request.
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime,
    );
    done();
  });
  // One committer for the hot writes: a request's nonce, then its heartbeat or transfer, each
  // gathered with those of concurrent requests into one durable transaction.
  const commits = createGroupCommitter(db);
  const verifier = createTerminalVerifier(
    db,
    (refusal) => app.log.warn(refusal, 'terminal request refused'),
    TERMINAL_SIGNERS,
    commits,
  );
  const adminGuesses = createRateLimiter(
    db,
    'admin-guess',
    options.adminGuessRateLimit ?? { burst: 10, refillPerMinute: 1 },
  );
  const context: RouteContext = {
    app,
    operations: operationIndex(loadOpenApi()),
    verifier,
    admin: createAdminGate(adminToken, adminGuesses, metrics),
    nowMs,
  };
  const rosterSigner = loadRosterSigner(options.dataDir);
  const tracking = loadTrackingKeys(options.dataDir);
  const providerSms = options.sms === undefined ? smsGatewayFromEnv() : options.sms;
  const devSms = providerSms === null ? createDevSmsGateway(options.dataDir) : null;
  const sms: SmsGateway = providerSms ?? devSms!;
  const providerEmail = options.email === undefined ? emailGatewayFromEnv() : options.email;
  const email = providerEmail ?? createDevEmailGateway(options.dataDir);
  const attempts = createAttemptThrottle(db, metrics);
  const budget = createSmsBudget(db, metrics, options.smsLimits);
  const payerAccounts = createPayerAccounts(db, { sms, attempts, budget });
  const notifications = createPayerNotifications(db, { sms, budget });
  const webAuthLimiter = createRateLimiter(
    db,
    'payer-web-auth',
    options.payerWebAuthRateLimit ?? { burst: 20, refillPerMinute: 10 },
  );
  // Only its session check is used here (catalogue and search for a payer's own app).
  const webGate = createPayerGate({
    accounts: payerAccounts,
    terminalLimiter: webAuthLimiter,
    webLimiter: webAuthLimiter,
    name: 'catalogue',
    now: nowMs,
  });
  // Set once listening (port 0 → the real port); options.publicUrl wins behind a proxy.
  let publicUrl = options.publicUrl ?? '';
  const terminals = createTerminalStore(
    db,
    rosterSigner.publicKeyPem,
    () => `${publicUrl}/t/`,
    tracking.keyOf,
    commits,
  );
  // The SMS copy of a receipt carries the link its QR would have: the terminal's tracking page.
  const trackingLinkOf = async (terminalId: string, transferId: string) => {
    const prefix = (await terminals.configs.get(terminalId))?.trackingUrlPrefix ?? '';
    if (prefix === '') return null;
    const code = trackingCodeWithKey(tracking.keyOf(terminalId), transferId);
    return { code: formatTrackingCode(code), url: trackingUrl(prefix, transferId, code) };
  };
  const transfers = createTransferStore(db);
  const steps = createTransferSteps(transfers, notifications);
  const services: Services = {
    reference: createReferenceStore(db),
    search: createSearchAnswerer(db, createSearcher(db)),
    transfers,
    steps,
    terminals,
    tracking,
    searchLimiter: createRateLimiter(
      db,
      'search',
      options.searchRateLimit ?? { burst: 20, refillPerMinute: 30 },
    ),
    publicLimiter: createRateLimiter(db, 'public', { burst: 30, refillPerMinute: 60 }),
    enrolLimiter: createRateLimiter(db, 'enrol', { burst: 5, refillPerMinute: 5 }),
    searchGuard: createSearchGuard(db),
    webPayer: async (request) => (await webGate.session(request)).accountId,
    payerLinks: createPayerLinks(db, metrics, app.log, commits),
    receiptSms: createReceiptSmsStore(db, sms, budget, trackingLinkOf),
    fiscal: createFiscalDocumentStore(db),
    notifications,
    metrics,
  };
  registerTerminalRoutes(context, services);
  registerTransferRoutes(context, services);
  registerAdminRoutes(context, services);
  registerRosterRoutes(context, db, rosterSigner);
  registerRosterFeedRoutes(context, db, {
    logRefusal: (refusal) => app.log.warn(refusal, 'registry request refused'),
  });
  registerConfigRoutes(context, services.terminals, rosterSigner);
  registerConsole(context, {
    db,
    configs: terminals.configs,
    signer: rosterSigner,
    dataDir: options.dataDir,
    sms,
    smsBudget: budget,
    notifications,
    metrics,
    steps,
    tracking,
    commits,
    options: { email, ...options.console },
  });
  const paymentCodes = createPaymentCodes(db, { sms, budget });
  registerPayerRoutes(context, {
    paymentCodes,
    accounts: payerAccounts,
    content: createPayerContent(db, services.transfers),
    wallet: createWallet(db, services.transfers),
    letters: createLetterStore(db),
    devSms,
    authLimiter: createRateLimiter(
      db,
      'payer-auth',
      options.payerAuthRateLimit ?? { burst: 20, refillPerMinute: 20 },
    ),
    webAuthLimiter,
    webConfig: () => services.terminals.config(WEB_CHANNEL),
    notifications,
  });
  registerGuestSupportRoutes(context, {
    db,
    sms,
    email,
    ...(options.guestSupportLimits === undefined ? {} : { limits: options.guestSupportLimits }),
  });
  registerAccountRoutes(context, {
    db,
    sms,
    accounts: payerAccounts,
    webAuthLimiter,
    attempts,
    budget,
    notifications,
  });
  registerPayerAppRoutes(context, {
    db,
    accounts: payerAccounts,
    transfers: services.transfers,
    tracking,
    provider:
      options.paymentProvider === undefined ? paymentProviderFromEnv() : options.paymentProvider,
    paymentCodes,
    publicUrl: () => publicUrl,
    ...(options.topUpReconcileEveryMs === undefined
      ? {}
      : { reconcileEveryMs: options.topUpReconcileEveryMs }),
  });

  const timers: NodeJS.Timeout[] = [];
  const background = createBackground(app.log);
  const prune = async (): Promise<void> => {
    await verifier.pruneNonces(nowMs());
    await attempts.prune(nowMs());
    await budget.prune(nowMs());
    await pruneRateLimits(db, nowMs());
  };
  timers.push(setInterval(() => background.run('prune', prune), NONCE_PRUNE_INTERVAL_MS));
  const creditTimerMs = options.creditTimerMs;
  if (creditTimerMs !== undefined && creditTimerMs > 0) {
    const everyMs = Math.max(20, Math.min(1_000, Math.floor(creditTimerMs / 4)));
    // The demo facility's credits and returns, then the SMS their payers chose about them.
    const sweep = async () => {
      const moved = await services.transfers.sweep(nowMs(), creditTimerMs);
      if (moved > 0) await notifications.transferOutcomes(nowMs());
      return moved;
    };
    timers.push(setInterval(() => background.run('credit-sweep', sweep), everyMs));
  }
  const notifyRetryEveryMs = options.payerNotifyRetryEveryMs ?? PAYER_NOTIFY_RETRY_EVERY_MS;
  if (notifyRetryEveryMs > 0) {
    const retry = () => notifications.transferOutcomes(nowMs());
    timers.push(setInterval(() => background.run('payer-notify', retry), notifyRetryEveryMs));
  }
  for (const timer of timers) timer.unref();

  try {
    await app.listen({ port: options.port, host: options.host });
  } catch (error) {
    for (const timer of timers) clearInterval(timer);
    await background.idle();
    await db.close();
    throw error;
  }
  // Signature checks at twice the CPU are worth a line in the log: say so when libsodium's
  // prebuilt addon did not load here (central/ed25519.ts falls back to node:crypto).
  void sharedEd25519Pool()
    .started()
    .then((library) => {
      if (library !== 'libsodium') {
        app.log.warn({ library }, 'signature checks use node:crypto: libsodium did not load');
      }
    });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}`;
  if (options.publicUrl === undefined) publicUrl = url;
  let closed = false;
  return {
    url,
    db,
    commits,
    app,
    rosterPublicKeyPem: rosterSigner.publicKeyPem,
    routes,
    issueEnrolmentCode: async (terminalId, facilityIds = []) =>
      (await services.terminals.issueCode(terminalId, facilityIds, nowMs())).code,
    async close() {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearInterval(timer);
      await app.close();
      await background.idle();
      // A batch taken before the close commits (its clients' sockets are already gone; a
      // kiosk's retry gets the stored answer); nothing new is accepted.
      await commits.close();
      await db.close();
    },
  };
}
