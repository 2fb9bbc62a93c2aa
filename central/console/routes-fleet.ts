/**
 * The console's fleet routes: the fleet list, one terminal's page, alerts (list, acknowledge,
 * rules) and the live event stream. Every answer holds only terminals in the user's scope.
 */
import type { FastifyRequest } from 'fastify';
import { AlertRulesSchema, type ConsoleEvent, type FleetRow } from '../../common/console-wire.ts';
import { ApiFailure, apiError } from '../errors.ts';
import { type Accounts, type Actor, auditBy } from './accounts.ts';
import type { Alerts } from './alerts.ts';
import type { EventBus } from './events.ts';
import { timeline } from './fleet.ts';
import type { Gate } from './gate.ts';
import type { FleetStore } from './store-fleet.ts';
import { collectionView, type Views } from './views.ts';

export type FleetRouteDeps = {
  gate: Gate;
  accounts: Accounts;
  fleet: FleetStore;
  alerts: Alerts;
  views: Views;
  bus: EventBus;
  nowMs: () => number;
  /** Comment lines that keep an idle event stream open through proxies. */
  keepAliveMs: number;
};

const HOUR_MS = 60 * 60_000;

function filtered(rows: FleetRow[], query: { region?: string; facility?: string; state?: string }) {
  return rows.filter(
    (row) =>
      (query.region === undefined || row.regionCode === query.region) &&
      (query.facility === undefined || row.facilities.some((f) => f.id === query.facility)) &&
      (query.state === undefined ||
        (query.state === 'attention' ? row.attention > 0 : row.state === query.state)),
  );
}

export function registerFleetRoutes(deps: FleetRouteDeps): void {
  const { gate, fleet, views, alerts } = deps;
  const audit = auditBy(deps.accounts, deps.nowMs);

  gate.route('GET', '/v1/console/fleet', 'read', async (request, _reply, actor) => {
    const query = request.query as { region?: string; facility?: string; state?: string };
    return { terminals: filtered(await views.rowsFor(actor.user), query), nowMs: deps.nowMs() };
  });

  gate.route('GET', '/v1/console/terminals/{terminalId}', 'read', async (request, _r, actor) => {
    const { terminalId } = request.params as { terminalId: string };
    const { hours } = request.query as { hours?: string };
    const row = await views.rowFor(actor.user, terminalId);
    if (row === null) throw new ApiFailure(apiError(404, 'unknown-terminal', 'no such terminal'));
    const nowMs = deps.nowMs();
    const fromMs = nowMs - Math.max(1, Number(hours ?? 24)) * HOUR_MS;
    const rules = await alerts.rules();
    const points = await fleet.heartbeatsSince(terminalId, fromMs);
    const regionOf = new Map([[terminalId, row.regionCode]]);
    const collections = await fleet.collections({
      terminalId,
      fromMs: 0,
      toMs: nowMs + 1,
      limit: 50,
    });
    return {
      terminal: row,
      timeline: timeline(points, rules.offlineSeconds * 1_000, fromMs, nowMs),
      payments: await fleet.payments(terminalId, 50),
      collections: collections.flatMap((c) => collectionView(c, regionOf) ?? []),
      alerts: await fleet.alerts({ openOnly: false, terminalId, limit: 50 }),
    };
  });

  gate.route('GET', '/v1/console/alerts', 'read', async (request, _reply, actor) => {
    const query = request.query as { state?: 'open' | 'all'; terminalId?: string };
    const rows = await views.rowsFor(actor.user);
    const seen = new Set(rows.map((row) => row.terminalId));
    const list = await fleet.alerts({
      openOnly: query.state !== 'all',
      terminalId: query.terminalId ?? null,
      limit: 500,
    });
    return { alerts: list.filter((alert) => seen.has(alert.terminalId)) };
  });

  gate.route(
    'POST',
    '/v1/console/alerts/{alertId}/acknowledge',
    'alerts.acknowledge',
    async (request, _reply, actor) => {
      const { alertId } = request.params as { alertId: string };
      const { note } = (request.body ?? {}) as { note?: string };
      const alert = await fleet.alert(alertId);
      const row = alert === null ? null : await views.rowFor(actor.user, alert.terminalId);
      if (alert === null || row === null) {
        throw new ApiFailure(apiError(404, 'unknown-alert', 'no such alert'));
      }
      const done = await fleet.acknowledgeAlert(
        alertId,
        actor.user.login,
        note ?? '',
        deps.nowMs(),
      );
      if (!done) throw new ApiFailure(apiError(409, 'already-acknowledged', 'acknowledged before'));
      await audit(actor, 'alert-acknowledge', alert.terminalId, {
        alertId,
        kind: alert.kind,
        note: note ?? '',
      });
      deps.bus.publish({ type: 'alert', terminalId: alert.terminalId });
      return (await fleet.alert(alertId)) ?? alert;
    },
  );

  gate.route('GET', '/v1/console/alert-rules', 'read', async () => alerts.rules());

  gate.route('POST', '/v1/console/alert-rules', 'rules.edit', async (request, _reply, actor) => {
    // openapi.yaml checked the body; the schema reads an older caller's offlineMinutes.
    const next = AlertRulesSchema.parse(request.body);
    const before = await alerts.rules();
    await alerts.setRules(next);
    await audit(actor, 'alert-rules-change', 'alert-rules', { before, after: next });
    await alerts.evaluate();
    return alerts.rules();
  });

  gate.route('GET', '/v1/console/events', 'read', async (request, reply, actor) => {
    reply.hijack();
    streamEvents(request, reply.raw, actor, deps);
  });
}

/** Server-sent events for one user: the terminals they see; ends when the session does. */
function streamEvents(
  request: FastifyRequest,
  raw: import('node:http').ServerResponse,
  actor: Actor,
  deps: FleetRouteDeps,
): void {
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  let visible = new Set<string>();
  const refresh = async () => {
    const rows = await deps.views.rowsFor(actor.user);
    visible = new Set(rows.map((row) => row.terminalId));
  };
  const send = (event: ConsoleEvent) => {
    if (!visible.has(event.terminalId)) return;
    raw.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  };
  const unsubscribe = deps.bus.subscribe(send);
  // Without touching the session: an open page alone must not keep an idle session alive.
  const tick = async () => {
    const session = await deps.accounts.store.sessionByHash(actor.tokenHash);
    const nowMs = deps.nowMs();
    const { idleMs } = deps.accounts.limits;
    if (session === null || session.expiresAtMs <= nowMs || session.lastSeenMs + idleMs <= nowMs) {
      raw.write('event: session-ended\ndata: {}\n\n');
      raw.end();
      return;
    }
    await refresh();
    raw.write(': keep-alive\n\n');
  };
  const timer = setInterval(() => {
    tick().catch(() => raw.end());
  }, deps.keepAliveMs);
  timer.unref();
  const close = () => {
    clearInterval(timer);
    unsubscribe();
  };
  request.raw.on('close', close);
  raw.on('close', close);
  // The stream's first line says it is ready: the terminals this user sees are known, and
  // every event from then on reaches them.
  refresh()
    .then(() => raw.write('retry: 3000\n\n'))
    .catch(() => raw.end());
}
