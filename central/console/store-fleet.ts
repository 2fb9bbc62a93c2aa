/**
 * Storage the console reads the fleet from: terminals with their last heartbeat and the
 * configuration version central holds, the heartbeat history, payments and collections per
 * terminal, alerts and their deliveries, and the console's settings, on central's storage
 * port (SQLite or PostgreSQL). It reads central's own tables (terminals, heartbeats,
 * transfers, collections, facilities) and never writes them. The two statements that look
 * inside stored JSON are written per engine; everything else is the SQL both speak.
 */
import type { AlertKind, AlertView } from '../../common/console-wire.ts';
import { type CentralDb, statement } from '../db.ts';

export type TerminalRow = {
  terminalId: string;
  facilityIds: string[];
  enrolledAtMs: number | null;
  lastHeartbeat: { receivedAtMs: number; body: unknown } | null;
  configVersion: number;
};

export type FacilityRow = {
  id: string;
  shortName: string;
  regionCode: string;
  regionName: string;
};

export type PaymentRow = {
  transferId: string;
  status: 'accepted' | 'sent' | 'credited' | 'returned';
  depositedKopecks: number;
  commissionKopecks: number;
  amountKopecks: number;
  facilityName: string;
  acceptedAtMs: number;
  kioskSequence: number | null;
};

export type CollectionRow = {
  collectionId: string;
  terminalId: string;
  receivedAtMs: number;
  body: unknown;
};

export type NewAlert = {
  alertId: string;
  terminalId: string;
  kind: AlertKind;
  severity: 'warning' | 'critical';
  detail: string;
  /** The numbers behind `detail` (central/console/alert-facts.ts). */
  facts?: Record<string, string | number>;
  openedAtMs: number;
};

export type FleetCounts = {
  known: number;
  /** Last heartbeat received at or after onlineSinceMs. */
  online: number;
  outboxSum: number;
  outboxMax: number;
};

export type FleetStore = {
  /** Every terminal, or the one named (a heartbeat's own evaluation reads only its terminal). */
  terminals(onlyTerminalId?: string | null): Promise<TerminalRow[]>;
  /** The facilities terminals serve, or those of the one named. */
  facilities(onlyTerminalId?: string | null): Promise<FacilityRow[]>;
  /** Kopecks taken per terminal since its last collection (transfers, kiosk clock). */
  cassetteKopecks(): Promise<Map<string, number>>;
  appendHeartbeat(terminalId: string, receivedAtMs: number, body: unknown): Promise<void>;
  heartbeatsSince(
    terminalId: string,
    fromMs: number,
  ): Promise<{ receivedAtMs: number; body: unknown }[]>;
  pruneHeartbeats(beforeMs: number): Promise<void>;
  /** For the metrics scrape: one aggregate over terminals and their last heartbeats. */
  figures(onlineSinceMs: number): Promise<FleetCounts>;
  /** For the metrics scrape: open (unresolved) alerts by kind. */
  openAlertCounts(): Promise<Map<string, number>>;
  payments(terminalId: string, limit: number): Promise<PaymentRow[]>;
  collections(query: {
    terminalId: string | null;
    fromMs: number;
    toMs: number;
    limit: number;
  }): Promise<CollectionRow[]>;
  openAlerts(onlyTerminalId?: string | null): Promise<AlertView[]>;
  /** false: an alert of that kind is already open for that terminal. */
  insertAlert(alert: NewAlert): Promise<boolean>;
  resolveAlert(alertId: string, atMs: number): Promise<void>;
  acknowledgeAlert(alertId: string, login: string, note: string, atMs: number): Promise<boolean>;
  alert(alertId: string): Promise<AlertView | null>;
  alerts(query: {
    openOnly: boolean;
    terminalId: string | null;
    limit: number;
  }): Promise<AlertView[]>;
  recordDelivery(
    alertId: string,
    channel: string,
    target: string,
    error: string | null,
    atMs: number,
  ): Promise<void>;
  setting(key: string): Promise<unknown>;
  putSetting(key: string, value: unknown, atMs: number): Promise<void>;
};

type RawAlert = {
  id: string;
  terminal_id: string;
  kind: AlertKind;
  severity: 'warning' | 'critical';
  detail: string;
  facts?: string | null;
  opened_at_ms: number;
  resolved_at_ms: number | null;
  acked_at_ms: number | null;
  acked_by: string | null;
  ack_note: string | null;
};

function alertOf(row: RawAlert): AlertView {
  return {
    alertId: row.id,
    terminalId: row.terminal_id,
    kind: row.kind,
    severity: row.severity,
    detail: row.detail,
    facts: factsOf(row.facts ?? null),
    openedAtMs: row.opened_at_ms,
    resolvedAtMs: row.resolved_at_ms,
    acknowledgedAtMs: row.acked_at_ms,
    acknowledgedBy: row.acked_by,
    note: row.ack_note,
  };
}

function factsOf(text: string | null): Record<string, string | number> | null {
  const parsed = text === null ? null : parsedOrNull(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = value;
  }
  return out;
}

function parsedOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Stored JSON read inside SQL: the only place the two engines' SQL differs. */
function jsonSql(db: CentralDb) {
  const postgres = db.dialect === 'postgres';
  const facilityIds = postgres
    ? 'SELECT jsonb_array_elements_text(facility_ids::jsonb) FROM terminals'
    : 'SELECT value FROM terminals, json_each(terminals.facility_ids)';
  // One terminal's facilities, read on every heartbeat (its alerts name them): PostgreSQL
  // guesses 100 rows for a set-returning function and scanned every facility to join them;
  // as an array it looks each one up by its key.
  const isFacilityOfOne = postgres
    ? `f.id = ANY (CAST((SELECT ARRAY(SELECT jsonb_array_elements_text(t.facility_ids::jsonb))
         FROM terminals t WHERE t.id = ?) AS TEXT[]))`
    : 'f.id IN (SELECT value FROM terminals, json_each(terminals.facility_ids) WHERE terminals.id = ?)';
  const closedAt = postgres
    ? "CAST(c.body::jsonb ->> 'closedAtMs' AS BIGINT)"
    : "json_extract(c.body, '$.closedAtMs')";
  const outboxCount = postgres
    ? "CAST(h.body::jsonb ->> 'outboxCount' AS BIGINT)"
    : "json_extract(h.body, '$.outboxCount')";
  return { facilityIds, isFacilityOfOne, closedAt, outboxCount };
}

function fleetStatements(db: CentralDb) {
  const json = jsonSql(db);
  const prepare = (sql: string) => statement(db, sql);
  return {
    terminals: prepare(
      `SELECT t.id, t.facility_ids, t.enrolled_at_ms, h.received_at_ms, h.body,
         coalesce(c.version, 1) AS config_version
       FROM terminals t LEFT JOIN heartbeats h ON h.terminal_id = t.id
       LEFT JOIN terminal_configs c ON c.terminal_id = t.id
       WHERE t.id NOT LIKE '@%' ORDER BY t.id`,
    ),
    terminal: prepare(
      `SELECT t.id, t.facility_ids, t.enrolled_at_ms, h.received_at_ms, h.body,
         coalesce(c.version, 1) AS config_version
       FROM terminals t LEFT JOIN heartbeats h ON h.terminal_id = t.id
       LEFT JOIN terminal_configs c ON c.terminal_id = t.id
       WHERE t.id = ? AND t.id NOT LIKE '@%'`,
    ),
    facilities: prepare(
      `SELECT f.id, f.short_name, f.region_code, r.name AS region_name FROM facilities f
       JOIN regions r ON r.code = f.region_code
       WHERE f.id IN (${json.facilityIds})`,
    ),
    facilitiesOf: prepare(
      `SELECT f.id, f.short_name, f.region_code, r.name AS region_name FROM facilities f
       JOIN regions r ON r.code = f.region_code
       WHERE ${json.isFacilityOfOne}`,
    ),
    cassette: prepare(
      `SELECT t.terminal_id, sum(t.deposited_kopecks) AS kopecks FROM transfers t
       WHERE t.kiosk_created_at_ms > coalesce((SELECT max(${json.closedAt})
         FROM collections c WHERE c.terminal_id = t.terminal_id), 0)
       GROUP BY t.terminal_id`,
    ),
    appendHeartbeat: prepare(
      'INSERT INTO console_heartbeats (terminal_id, received_at_ms, body) VALUES (?, ?, ?)',
    ),
    heartbeatsSince: prepare(
      `SELECT received_at_ms, body FROM console_heartbeats WHERE terminal_id = ?
         AND received_at_ms >= ? ORDER BY received_at_ms LIMIT 20000`,
    ),
    pruneHeartbeats: prepare('DELETE FROM console_heartbeats WHERE received_at_ms < ?'),
    figures: prepare(
      `SELECT count(*) AS known,
         coalesce(sum(CASE WHEN h.received_at_ms >= ? THEN 1 ELSE 0 END), 0) AS online,
         coalesce(sum(${json.outboxCount}), 0) AS outbox_sum,
         coalesce(max(${json.outboxCount}), 0) AS outbox_max
       FROM terminals t LEFT JOIN heartbeats h ON h.terminal_id = t.id
       WHERE t.id NOT LIKE '@%'`,
    ),
    openAlertCounts: prepare(
      'SELECT kind, count(*) AS n FROM console_alerts WHERE resolved_at_ms IS NULL GROUP BY kind',
    ),
    payments: prepare(
      `SELECT id, status, deposited_kopecks, commission_kopecks, amount_kopecks, facility_name,
         accepted_at_ms, kiosk_sequence FROM transfers WHERE terminal_id = ?
       ORDER BY accepted_at_ms DESC LIMIT ?`,
    ),
    collections: prepare(
      `SELECT id, terminal_id, received_at_ms, body FROM collections
       WHERE (CAST(? AS TEXT) IS NULL OR terminal_id = ?) AND received_at_ms >= ? AND received_at_ms < ?
       ORDER BY received_at_ms DESC LIMIT ?`,
    ),
    openAlerts: prepare(
      'SELECT * FROM console_alerts WHERE resolved_at_ms IS NULL ORDER BY opened_at_ms',
    ),
    openAlertsOf: prepare(
      `SELECT * FROM console_alerts WHERE resolved_at_ms IS NULL AND terminal_id = ?
       ORDER BY opened_at_ms`,
    ),
    insertAlert: prepare(
      `INSERT INTO console_alerts (id, terminal_id, kind, severity, detail, facts, opened_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    resolveAlert: prepare(
      'UPDATE console_alerts SET resolved_at_ms = ? WHERE id = ? AND resolved_at_ms IS NULL',
    ),
    ackAlert: prepare(
      `UPDATE console_alerts SET acked_at_ms = ?, acked_by = ?, ack_note = ?
       WHERE id = ? AND acked_at_ms IS NULL`,
    ),
    alert: prepare('SELECT * FROM console_alerts WHERE id = ?'),
    alerts: prepare(
      `SELECT * FROM console_alerts WHERE (? = 0 OR resolved_at_ms IS NULL)
         AND (CAST(? AS TEXT) IS NULL OR terminal_id = ?) ORDER BY opened_at_ms DESC LIMIT ?`,
    ),
    delivery: prepare(
      `INSERT INTO console_alert_deliveries (alert_id, channel, target, ok, error,
         attempted_at_ms) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    setting: prepare('SELECT value FROM console_settings WHERE key = ?'),
    putSetting: prepare(
      `INSERT INTO console_settings (key, value, updated_at_ms) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value,
       updated_at_ms = excluded.updated_at_ms`,
    ),
  };
}

type RawTerminal = {
  id: string;
  facility_ids: string;
  enrolled_at_ms: number | null;
  received_at_ms: number | null;
  body: string | null;
  config_version: number;
};

type RawPayment = {
  id: string;
  status: PaymentRow['status'];
  deposited_kopecks: number;
  commission_kopecks: number;
  amount_kopecks: number;
  facility_name: string;
  accepted_at_ms: number;
  kiosk_sequence: number | null;
};

export function createFleetStore(db: CentralDb): FleetStore {
  const sql = fleetStatements(db);
  return {
    async terminals(onlyTerminalId = null) {
      const found =
        onlyTerminalId === null
          ? await sql.terminals.all<RawTerminal>()
          : await sql.terminal.all<RawTerminal>(onlyTerminalId);
      return found.map((row) => {
        const ids = parsedOrNull(row.facility_ids);
        return {
          terminalId: row.id,
          facilityIds: Array.isArray(ids) ? ids.filter((id) => typeof id === 'string') : [],
          enrolledAtMs: row.enrolled_at_ms,
          lastHeartbeat:
            row.received_at_ms === null || row.body === null
              ? null
              : { receivedAtMs: row.received_at_ms, body: parsedOrNull(row.body) },
          configVersion: row.config_version,
        };
      });
    },
    async facilities(onlyTerminalId = null) {
      const statement = onlyTerminalId === null ? sql.facilities : sql.facilitiesOf;
      const rows = await statement.all<{
        id: string;
        short_name: string;
        region_code: string;
        region_name: string;
      }>(...(onlyTerminalId === null ? [] : [onlyTerminalId]));
      return rows.map((row) => ({
        id: row.id,
        shortName: row.short_name,
        regionCode: row.region_code,
        regionName: row.region_name,
      }));
    },
    async cassetteKopecks() {
      const rows = await sql.cassette.all<{ terminal_id: string; kopecks: number }>();
      return new Map(rows.map((row) => [row.terminal_id, row.kopecks]));
    },
    async appendHeartbeat(terminalId, receivedAtMs, body) {
      await sql.appendHeartbeat.run(terminalId, receivedAtMs, JSON.stringify(body));
    },
    async heartbeatsSince(terminalId, fromMs) {
      const rows = await sql.heartbeatsSince.all<{ received_at_ms: number; body: string }>(
        terminalId,
        fromMs,
      );
      return rows.map((row) => ({
        receivedAtMs: row.received_at_ms,
        body: parsedOrNull(row.body),
      }));
    },
    async figures(onlineSinceMs) {
      const row =
        await sql.figures.get<Record<string, number | string | bigint | null>>(onlineSinceMs);
      const number = (key: string) => Number(row?.[key] ?? 0);
      return {
        known: number('known'),
        online: number('online'),
        outboxSum: number('outbox_sum'),
        outboxMax: number('outbox_max'),
      };
    },
    async openAlertCounts() {
      const rows = await sql.openAlertCounts.all<{ kind: string; n: number | string }>();
      return new Map(rows.map((row) => [row.kind, Number(row.n)]));
    },
    async pruneHeartbeats(beforeMs) {
      await sql.pruneHeartbeats.run(beforeMs);
    },
    async payments(terminalId, limit) {
      return (await sql.payments.all<RawPayment>(terminalId, limit)).map((row) => ({
        transferId: row.id,
        status: row.status,
        depositedKopecks: row.deposited_kopecks,
        commissionKopecks: row.commission_kopecks,
        amountKopecks: row.amount_kopecks,
        facilityName: row.facility_name,
        acceptedAtMs: row.accepted_at_ms,
        kioskSequence: row.kiosk_sequence,
      }));
    },
    async collections(query) {
      const rows = await sql.collections.all<{
        id: string;
        terminal_id: string;
        received_at_ms: number;
        body: string;
      }>(query.terminalId, query.terminalId, query.fromMs, query.toMs, query.limit);
      return rows.map((row) => ({
        collectionId: row.id,
        terminalId: row.terminal_id,
        receivedAtMs: row.received_at_ms,
        body: parsedOrNull(row.body),
      }));
    },
    async openAlerts(onlyTerminalId = null) {
      const found =
        onlyTerminalId === null
          ? await sql.openAlerts.all<RawAlert>()
          : await sql.openAlertsOf.all<RawAlert>(onlyTerminalId);
      return found.map(alertOf);
    },
    async insertAlert(alert) {
      const inserted = await sql.insertAlert.run(
        alert.alertId,
        alert.terminalId,
        alert.kind,
        alert.severity,
        alert.detail,
        alert.facts === undefined ? null : JSON.stringify(alert.facts),
        alert.openedAtMs,
      );
      return inserted === 1;
    },
    async resolveAlert(alertId, atMs) {
      await sql.resolveAlert.run(atMs, alertId);
    },
    async acknowledgeAlert(alertId, login, note, atMs) {
      return (await sql.ackAlert.run(atMs, login, note, alertId)) === 1;
    },
    async alert(alertId) {
      const row = await sql.alert.get<RawAlert>(alertId);
      return row === undefined ? null : alertOf(row);
    },
    async alerts(query) {
      const rows = await sql.alerts.all<RawAlert>(
        query.openOnly ? 1 : 0,
        query.terminalId,
        query.terminalId,
        query.limit,
      );
      return rows.map(alertOf);
    },
    async recordDelivery(alertId, channel, target, error, atMs) {
      await sql.delivery.run(alertId, channel, target, error === null ? 1 : 0, error, atMs);
    },
    async setting(key) {
      const row = await sql.setting.get<{ value: string }>(key);
      return row === undefined ? null : parsedOrNull(row.value);
    },
    async putSetting(key, value, atMs) {
      await sql.putSetting.run(key, JSON.stringify(value), atMs);
    },
  };
}
