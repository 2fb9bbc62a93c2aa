/**
 * Central's Prometheus metrics (GET /v1/admin/metrics, admin token): what a fleet operator
 * scrapes (requests and their latency by route, heartbeats, terminals online, the outboxes the
 * terminals report, open alerts) and what abuse looks like from outside (SMS, refusals). One
 * registry per server, so several servers in one process (tests, the embedded demo) never mix
 * their counts.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ALERT_KINDS } from '../common/console-wire.ts';

/** Why a code request got no SMS; the reasons of payer/sms-budget.ts. */
export type SmsRefusal =
  | 'resend-too-soon'
  | 'phone-purpose-hourly'
  | 'phone-hourly'
  | 'prefix-hourly'
  | 'global-hourly';

/** The route label of a request no route matched (404 scans share it: bounded cardinality). */
export const UNMATCHED_ROUTE = 'unmatched';

/** Request latency buckets, seconds: a signed write commits in milliseconds, a roster takes longer. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The fleet as stored, read at scrape time (central/console/register.ts supplies it). */
export type FleetFigures = {
  /** Terminals central knows (enrolled, or with an enrolment code issued). */
  known: number;
  /** Those whose last heartbeat is within the console's offline rule. */
  online: number;
  /** Sum and max over terminals of the outbox count their last heartbeat reported. */
  outboxSum: number;
  outboxMax: number;
  /** Open (unresolved) alerts by kind. */
  openAlerts: ReadonlyMap<string, number>;
};

export type CentralMetrics = {
  registry: Registry;
  smsSent: Counter<'purpose'>;
  smsRefused: Counter<'reason'>;
  /** Payer logins, code logins and password changes refused while a client must wait. */
  payerAttemptsRefused: Counter<string>;
  /** Admin requests refused: a wrong or missing token, or an address waiting after those. */
  adminRefused: Counter<'reason'>;
  /** Cash transfers accepted without the payer link the terminal could not show a session for. */
  payerLinksDropped: Counter<string>;
  /** Heartbeats accepted (stored) from terminals. */
  heartbeats: Counter<string>;
  /** One answered request: fastify's route pattern (undefined when none matched), ms taken. */
  observeRequest(method: string, routeUrl: string | undefined, status: number, ms: number): void;
  /** Where the fleet gauges read from at scrape time. */
  observeFleet(read: () => Promise<FleetFigures>): void;
};

/** `/v1/transfers/:transferId` → `/v1/transfers/{transferId}`, as openapi.yaml spells it. */
function routeLabel(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

export function createCentralMetrics(): CentralMetrics {
  const registry = new Registry();
  const registers = [registry];
  const requests = new Counter({
    name: 'central_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const latency = new Histogram({
    name: 'central_http_request_duration_seconds',
    help: 'Time from receiving a request to its answer sent, by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const labels = new Map<string, string>();
  const labelOf = (url: string | undefined): string => {
    if (url === undefined) return UNMATCHED_ROUTE;
    let label = labels.get(url);
    if (label === undefined) {
      label = routeLabel(url);
      labels.set(url, label);
    }
    return label;
  };

  // The fleet gauges are computed at scrape time. A scrape calls every collect() in the same
  // tick (prom-client's Promise.all), so they share one read of the database.
  let source: (() => Promise<FleetFigures>) | null = null;
  let reading: Promise<FleetFigures | null> | null = null;
  const figures = (): Promise<FleetFigures | null> => {
    reading ??= (source === null ? Promise.resolve(null) : source()).finally(() => {
      reading = null;
    });
    return reading;
  };
  const fleetGauge = (name: string, help: string, pick: (figures: FleetFigures) => number) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        const read = await figures();
        if (read !== null) this.set(pick(read));
      },
    });
  fleetGauge(
    'central_terminals',
    'Terminals central knows (enrolled or with a code)',
    (f) => f.known,
  );
  fleetGauge(
    'central_terminals_online',
    "Terminals whose last heartbeat is within the console's offline rule",
    (f) => f.online,
  );
  fleetGauge(
    'central_terminal_outbox_items',
    'Sum over terminals of the outbox count in their last heartbeat',
    (f) => f.outboxSum,
  );
  fleetGauge(
    'central_terminal_outbox_items_max',
    'Largest outbox count in a last heartbeat of any terminal',
    (f) => f.outboxMax,
  );
  new Gauge({
    name: 'central_alerts_open',
    help: 'Console alerts open (not resolved), by kind',
    labelNames: ['kind'],
    registers,
    async collect() {
      const read = await figures();
      if (read === null) return;
      for (const kind of ALERT_KINDS) this.set({ kind }, read.openAlerts.get(kind) ?? 0);
    },
  });

  return {
    registry,
    smsSent: new Counter({
      name: 'central_sms_sent_total',
      help: 'SMS codes handed to the gateway, by purpose',
      labelNames: ['purpose'],
      registers,
    }),
    smsRefused: new Counter({
      name: 'central_sms_refused_total',
      help: 'SMS code requests refused, by the limit that refused them',
      labelNames: ['reason'],
      registers,
    }),
    payerAttemptsRefused: new Counter({
      name: 'central_payer_attempts_refused_total',
      help: 'Payer password or code attempts refused while that phone and client must wait',
      registers,
    }),
    adminRefused: new Counter({
      name: 'central_admin_refused_total',
      help: 'Admin requests refused, by reason',
      labelNames: ['reason'],
      registers,
    }),
    payerLinksDropped: new Counter({
      name: 'central_payer_links_dropped_total',
      help: 'Cash transfers accepted without a payer link no session at that terminal backed',
      registers,
    }),
    heartbeats: new Counter({
      name: 'central_heartbeats_total',
      help: 'Heartbeats accepted from terminals',
      registers,
    }),
    observeRequest(method, routeUrl, status, ms) {
      const route = labelOf(routeUrl);
      requests.inc({ method, route, status: String(status) });
      latency.observe({ method, route }, ms / 1_000);
    },
    observeFleet(read) {
      source = read;
    },
  };
}
