/**
 * Alerts: the rules (thresholds an administrator sets) evaluated against the fleet when a
 * heartbeat arrives and on a timer. A condition that becomes true opens one alert per terminal
 * and kind; it is shown, acknowledged by a user (recorded), resolved when the condition ends,
 * and delivered on opening to a webhook and by e-mail to the users who can act on it.
 */
import { randomUUID } from 'node:crypto';
import {
  type AlertKind,
  type AlertRules,
  AlertRulesSchema,
  type AlertView,
  roleMay,
} from '../../common/console-wire.ts';
import { alertText, alertWordsRu, wordsOf } from '../../common/alert-words.ts';
import { moscowDateTime } from '../../common/moscow-time.ts';
import type { EmailGateway } from '../payer/email.ts';
import type { EventBus } from './events.ts';
import { type AlertFacts, alertFacts } from './alert-facts.ts';
import { ALERT_SEVERITY, activeConditions, DEFAULT_RULES, fleetRow, fleetRows } from './fleet.ts';
import { inScope } from './gate.ts';
import type { FleetStore } from './store-fleet.ts';
import type { UserStore } from './store-users.ts';

const RULES_KEY = 'alert-rules';
const WEBHOOK_TIMEOUT_MS = 5_000;

export type AlertDeps = {
  fleet: FleetStore;
  users: UserStore;
  bus: EventBus;
  email: EmailGateway;
  nowMs: () => number;
  warn: (fields: Record<string, unknown>, message: string) => void;
};

export type Alerts = ReturnType<typeof createAlerts>;

/**
 * The e-mail of an opened alert, in Russian, in the console's words and Moscow time: the
 * operators read Russian, and a kind code or a UTC time is one more thing to translate at
 * night. The codes stay in the webhook's JSON, for machines.
 */
export function alertEmail(alert: AlertView): { subject: string; text: string } {
  const t = wordsOf(alertWordsRu);
  const kind = t(`kind.${alert.kind}`);
  return {
    subject: `[${t(`severity.${alert.severity}`)}] ${alert.terminalId}: ${kind}`,
    text: [
      `Терминал ${alert.terminalId}: ${alertText(t, alert)}.`,
      `Открыта ${moscowDateTime(alert.openedAtMs)} (МСК).`,
    ].join('\n'),
  };
}

export function createAlerts(deps: AlertDeps) {
  const { fleet, bus } = deps;
  const pending = new Set<Promise<void>>();

  async function rules(): Promise<AlertRules> {
    const stored = AlertRulesSchema.safeParse(await fleet.setting(RULES_KEY));
    return stored.success ? stored.data : DEFAULT_RULES;
  }

  async function webhook(url: string, alert: AlertView): Promise<string | null> {
    try {
      const answer = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'alert-opened', alert }),
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      return answer.ok ? null : `HTTP ${answer.status}`;
    } catch (error) {
      return error instanceof Error ? error.name : 'failed';
    }
  }

  /** Users who may acknowledge it, see that terminal, and left an address. */
  async function recipients(alert: AlertView, regionCodes: string[]): Promise<string[]> {
    const users = await deps.users.listUsers();
    return users
      .filter((user) => !user.disabled && user.email !== null)
      .filter((user) => roleMay(user.role, 'alerts.acknowledge'))
      .filter((user) => inScope(user.scope, alert.terminalId, regionCodes))
      .map((user) => user.email!);
  }

  async function deliver(alert: AlertView, regionCodes: string[], current: AlertRules) {
    const atMs = deps.nowMs();
    if (current.webhookUrl !== null) {
      const failure = await webhook(current.webhookUrl, alert);
      await fleet.recordDelivery(alert.alertId, 'webhook', current.webhookUrl, failure, atMs);
      if (failure !== null) deps.warn({ alertId: alert.alertId, failure }, 'alert webhook failed');
    }
    if (!current.emailEnabled) return;
    for (const to of await recipients(alert, regionCodes)) {
      const { subject, text } = alertEmail(alert);
      let failure: string | null = null;
      try {
        await deps.email.send({ to, subject, text, sentAtMs: atMs });
      } catch (error) {
        failure = error instanceof Error ? error.name : 'failed';
      }
      await fleet.recordDelivery(alert.alertId, 'email', to, failure, atMs);
    }
  }

  function track(work: Promise<void>): void {
    const settled = work.catch((error: unknown) =>
      deps.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'alert delivery'),
    );
    pending.add(settled);
    void settled.finally(() => pending.delete(settled));
  }

  /**
   * Opens and resolves alerts to match the fleet now (one terminal, or all). `known`: the
   * rules and open alerts the caller read a moment ago, not read again.
   */
  async function evaluate(
    onlyTerminalId: string | null = null,
    known: { rules: AlertRules; openAlerts: AlertView[] } | null = null,
  ): Promise<void> {
    const nowMs = deps.nowMs();
    // A heartbeat evaluates its own terminal only: reading the whole fleet on each one made
    // every heartbeat cost as much as the fleet is large. The reads go out together (on
    // PostgreSQL, over several pooled connections at once).
    const [current, openAlerts, terminals, facilities] = await Promise.all([
      known?.rules ?? rules(),
      known?.openAlerts ?? fleet.openAlerts(onlyTerminalId),
      fleet.terminals(onlyTerminalId),
      fleet.facilities(onlyTerminalId),
    ]);
    const rows = fleetRows({
      terminals,
      facilities,
      cassetteKopecks: new Map(),
      openAlerts,
      rules: current,
      nowMs,
    });
    for (const row of rows) {
      if (onlyTerminalId !== null && row.terminalId !== onlyTerminalId) continue;
      const active = activeConditions(row, current);
      const open = openAlerts.filter((alert) => alert.terminalId === row.terminalId);
      let changed = false;
      for (const alert of open) {
        // Offline hides the devices' state: their alerts stay as they were until it is back.
        const stale = row.state === 'offline' && alert.kind !== 'offline';
        if (!active.has(alert.kind) && !stale) {
          await fleet.resolveAlert(alert.alertId, nowMs);
          changed = true;
        }
      }
      for (const [kind, detail] of active) {
        if (open.some((alert) => alert.kind === kind)) continue;
        const facts = alertFacts(kind, row, current);
        const opened = await openAlert(row.terminalId, kind, detail, nowMs, facts);
        if (opened === null) continue;
        changed = true;
        const regions = row.regionCode === null ? [] : [row.regionCode];
        track(deliver(opened, regions, current));
      }
      if (changed) bus.publish({ type: 'alert', terminalId: row.terminalId });
    }
  }

  /**
   * After a heartbeat: its terminal's alerts brought up to date, reading the terminal and its
   * facilities only when there is something to open or resolve. What opens an alert for a
   * terminal that just reported (paper, devices, cassette, outbox) is in the heartbeat and the
   * rules alone, and the terminal is online by arriving; so with no alert open for it and
   * nothing active in what it reported, the full evaluation would change nothing. That is
   * most heartbeats of a healthy fleet, and skipping two of their six reads is a third of a
   * heartbeat's round trips on PostgreSQL. The open alerts are read from the database, not
   * remembered, so a second central process or the sweep opening one is seen.
   */
  async function evaluateArrival(terminalId: string, heartbeat: unknown): Promise<void> {
    const nowMs = deps.nowMs();
    const [current, openAlerts] = await Promise.all([rules(), fleet.openAlerts(terminalId)]);
    if (openAlerts.length === 0) {
      const reported = fleetRow(
        {
          terminalId,
          facilityIds: [],
          enrolledAtMs: nowMs,
          lastHeartbeat: { receivedAtMs: nowMs, body: heartbeat },
          configVersion: 0,
        },
        new Map(),
        { cassetteKopecks: new Map(), openAlerts, rules: current, nowMs },
      );
      if (activeConditions(reported, current).size === 0) return;
    }
    await evaluate(terminalId, { rules: current, openAlerts });
  }

  async function openAlert(
    terminalId: string,
    kind: AlertKind,
    detail: string,
    nowMs: number,
    facts: AlertFacts,
  ) {
    const alertId = randomUUID();
    const severity = ALERT_SEVERITY[kind];
    const inserted = await fleet.insertAlert({
      alertId,
      terminalId,
      kind,
      severity,
      detail,
      facts,
      openedAtMs: nowMs,
    });
    return inserted ? fleet.alert(alertId) : null;
  }

  return {
    rules,
    evaluate,
    evaluateArrival,
    async setRules(next: AlertRules): Promise<void> {
      await fleet.putSetting(RULES_KEY, next, deps.nowMs());
    },
    /** Waits for deliveries under way (tests, close). */
    async settled(): Promise<void> {
      await Promise.all([...pending]);
    },
  };
}
