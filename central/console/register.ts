/**
 * The operator console at central: one call from central/server.ts wires its storage, users,
 * alerts, routes and the app's files, listens for heartbeats and collections as they arrive,
 * and evaluates the alert rules on a timer.
 */
import type { FastifyRequest } from 'fastify';
import type { CentralDb } from '../db.ts';
import { callerOf, type RouteContext } from '../http.ts';
import { createDevEmailGateway, type EmailGateway } from '../payer/email.ts';
import { createRateLimiter, type RateLimit } from '../rate-limit.ts';
import type { RosterSigner } from '../roster.ts';
import type { CentralMetrics } from '../metrics.ts';
import type { ConfigStore } from '../terminal-config.ts';
import { createAccounts, DEFAULT_SESSION_LIMITS } from './accounts.ts';
import { createAlerts } from './alerts.ts';
import { registerCollectionRoutes } from './collections.ts';
import { createEventBus } from './events.ts';
import { createGate } from './gate.ts';
import { registerAuthRoutes } from './routes-auth.ts';
import { pendingCommands, registerCommandRoutes } from './routes-commands.ts';
import { registerConfigRoutes } from './routes-config.ts';
import { registerLayerRoutes } from './routes-layers.ts';
import { registerLetterRoutes } from './routes-letters.ts';
import { registerTransferRoutes } from './routes-transfers.ts';
import { createTransferSearch } from './store-transfers.ts';
import type { GroupCommitter } from '../storage/group-commit.ts';
import type { TrackingKeys } from '../tracking.ts';
import type { TransferSteps } from '../transfer-steps.ts';
import { createLetterStore } from '../payer/letters.ts';
import type { PayerNotifications } from '../payer/notifications.ts';
import type { SmsBudget } from '../payer/sms-budget.ts';
import type { SmsGateway } from '../payer/sms.ts';
import { createCommandStore } from './store-commands.ts';
import { registerFleetRoutes } from './routes-fleet.ts';
import { registerConsoleStatic } from './static.ts';
import { createFleetStore } from './store-fleet.ts';
import { createUserStore } from './store-users.ts';
import { createViews } from './views.ts';

export type ConsoleOptions = {
  /** A session ends after this long without a request (default 30 min). */
  sessionIdleMs: number;
  /** … and this long after login whatever happens (default 12 h). */
  sessionAbsoluteMs: number;
  /** Login attempts per client address (default burst 10, 10 a minute). */
  loginRateLimit: RateLimit;
  /** Wrong passwords or codes per login (default burst 5, 1 a minute). */
  loginFailureLimit: RateLimit;
  /** Alert rules evaluated this often besides on each heartbeat (default 30 s). */
  evaluateEveryMs: number;
  /** Keep-alive and session check of the event stream (default 20 s). */
  keepAliveMs: number;
  /** Heartbeat history kept for the timeline (default 30 days). */
  historyDays: number;
  /** Mark the session cookie Secure (behind TLS); default false for http://127.0.0.1. */
  secureCookie: boolean;
  /** Where alert e-mails go; default the development gateway's email-outbox.jsonl. */
  email?: EmailGateway;
};

const DEFAULTS: ConsoleOptions = {
  sessionIdleMs: DEFAULT_SESSION_LIMITS.idleMs,
  sessionAbsoluteMs: DEFAULT_SESSION_LIMITS.absoluteMs,
  loginRateLimit: { burst: 10, refillPerMinute: 10 },
  loginFailureLimit: { burst: 5, refillPerMinute: 1 },
  evaluateEveryMs: 30_000,
  keepAliveMs: 20_000,
  historyDays: 30,
  secureCookie: false,
};

export type ConsoleDeps = {
  db: CentralDb;
  configs: ConfigStore;
  /** Central's roster key: it signs remote commands as it signs rosters and configurations. */
  signer: RosterSigner;
  dataDir: string;
  /** A reply to a letter is told to its payer by SMS, within the SMS budget. */
  sms: SmsGateway;
  smsBudget: SmsBudget;
  notifications: Pick<PayerNotifications, 'wants'>;
  /** The fleet gauges (terminals online, outboxes, open alerts) read the console's storage. */
  metrics: Pick<CentralMetrics, 'observeFleet'>;
  /** Credit and return by hand, the admin routes' own steps (central/transfer-steps.ts). */
  steps: TransferSteps;
  /** Receipts' tracking codes, for a search by the code a payer reads out. */
  tracking: Pick<TrackingKeys, 'matches'>;
  /** The heartbeat history's rows join central's shared commits (storage/group-commit.ts). */
  commits?: GroupCommitter;
  options?: Partial<ConsoleOptions> | undefined;
};

export function registerConsole(context: RouteContext, deps: ConsoleDeps) {
  const options = { ...DEFAULTS, ...deps.options };
  const { app, nowMs } = context;
  const users = createUserStore(deps.db);
  const fleet = createFleetStore(deps.db);
  const bus = createEventBus();
  const limits = { idleMs: options.sessionIdleMs, absoluteMs: options.sessionAbsoluteMs };
  const accounts = createAccounts(users, limits);
  const gate = createGate(context, accounts);
  const warn = (fields: Record<string, unknown>, message: string) => app.log.warn(fields, message);
  const alerts = createAlerts({
    fleet,
    users,
    bus,
    email: options.email ?? createDevEmailGateway(deps.dataDir),
    nowMs,
    warn,
  });
  const views = createViews(fleet, alerts, nowMs);
  // Read at each scrape: online by the same rule as the fleet page (fleet.ts fleetRow).
  deps.metrics.observeFleet(async () => {
    const { offlineSeconds } = await alerts.rules();
    const [counts, openAlerts] = await Promise.all([
      fleet.figures(nowMs() - offlineSeconds * 1_000),
      fleet.openAlertCounts(),
    ]);
    return { ...counts, openAlerts };
  });

  registerAuthRoutes(context, {
    accounts,
    gate,
    limits,
    loginLimiter: createRateLimiter(deps.db, 'console-login', options.loginRateLimit),
    failureLimiter: createRateLimiter(deps.db, 'console-failure', options.loginFailureLimit),
    secureCookie: options.secureCookie,
  });
  registerFleetRoutes({
    gate,
    accounts,
    fleet,
    alerts,
    views,
    bus,
    nowMs,
    keepAliveMs: options.keepAliveMs,
  });
  registerConfigRoutes({ gate, accounts, configs: deps.configs, views, bus, nowMs });
  registerLayerRoutes({ db: deps.db, gate, accounts, configs: deps.configs, views, bus, nowMs });
  const commands = createCommandStore(deps.db);
  registerCommandRoutes({
    context,
    gate,
    accounts,
    commands,
    signer: deps.signer,
    views,
    bus,
    nowMs,
  });
  // The heartbeat answer carries the terminal's pending commands (an additive field: a kiosk
  // from before remote commands ignores it). Added here so central's heartbeat route stays
  // unaware of the console.
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (request.routeOptions.url !== '/v1/terminal/heartbeat' || reply.statusCode !== 200) {
      return payload;
    }
    const caller = callerOf(request);
    if (caller.kind !== 'terminal') return payload;
    const signed = await pendingCommands(commands, caller.terminalId, nowMs());
    return signed.length === 0 ? payload : { ...(payload as object), commands: signed };
  });
  registerCollectionRoutes({ gate, accounts, fleet, views, nowMs });
  registerLetterRoutes({
    gate,
    accounts,
    letters: createLetterStore(deps.db),
    sms: deps.sms,
    budget: deps.smsBudget,
    notifications: deps.notifications,
    nowMs,
    warn,
  });
  registerTransferRoutes({
    gate,
    accounts,
    views,
    search: createTransferSearch(deps.db),
    steps: deps.steps,
    tracking: deps.tracking,
    nowMs,
    warn,
  });
  registerConsoleStatic(context);

  const onArrival = async (request: FastifyRequest, path: string): Promise<void> => {
    const caller = callerOf(request);
    if (caller.kind !== 'terminal') return;
    if (path === '/v1/terminal/heartbeat') {
      // One history row a heartbeat: thousands of kiosks a minute share commits here too.
      const append = () => fleet.appendHeartbeat(caller.terminalId, nowMs(), request.body);
      await (deps.commits === undefined ? append() : deps.commits.run(append));
      await alerts.evaluateArrival(caller.terminalId, request.body);
      bus.publish({ type: 'heartbeat', terminalId: caller.terminalId });
    } else {
      bus.publish({ type: 'collection', terminalId: caller.terminalId });
    }
  };
  app.addHook('onResponse', async (request, reply) => {
    const path = request.routeOptions.url;
    const arrived =
      (path === '/v1/terminal/heartbeat' && reply.statusCode === 200) ||
      (path === '/v1/terminal/collections' && reply.statusCode === 201);
    if (!arrived) return;
    try {
      await onArrival(request, path);
    } catch (error) {
      warn({ error: error instanceof Error ? error.name : 'unknown', path }, 'console: arrival');
    }
  });

  const sweep = async () => {
    await alerts.evaluate();
    await commands.expire(nowMs());
    await fleet.pruneHeartbeats(nowMs() - options.historyDays * 24 * 60 * 60_000);
    await users.pruneSessions(nowMs(), limits.idleMs);
  };
  const timer = setInterval(() => {
    sweep().catch((error: unknown) =>
      warn({ error: error instanceof Error ? error.name : 'unknown' }, 'console: sweep'),
    );
  }, options.evaluateEveryMs);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await alerts.settled();
  });
  return { accounts, alerts, bus, sweep };
}
