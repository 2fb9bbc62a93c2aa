/**
 * The fleet as an operator reads it, computed from stored facts: each terminal's state from the
 * age of its last heartbeat, its devices, paper, cassette and outbox, how much attention it
 * needs, and its state timeline from the heartbeat history. Pure: no clock, no storage.
 */
import { type Heartbeat, HeartbeatSchema } from '../../common/central-wire.ts';
import type {
  AlertKind,
  AlertRules,
  AlertView,
  DeviceView,
  FleetRow,
} from '../../common/console-wire.ts';
import type { FacilityRow, TerminalRow } from './store-fleet.ts';

export const DEFAULT_RULES: AlertRules = {
  offlineSeconds: 600,
  cassetteCapacityNotes: 1_000,
  cassetteNearFullPercent: 90,
  paperNearEnd: true,
  paperOut: true,
  deviceFault: true,
  outboxStaleMinutes: 30,
  webhookUrl: null,
  emailEnabled: true,
};

const UNKNOWN_DEVICE: DeviceView = { health: 'unknown', code: '', detail: '' };

/** A stored heartbeat body as the kiosk sent it, or null when it does not parse any more. */
export function heartbeatOf(body: unknown): Heartbeat | null {
  const parsed = HeartbeatSchema.safeParse(body);
  return parsed.success ? parsed.data : null;
}

function deviceOf(device: Heartbeat['devices']['billAcceptor'] | undefined): DeviceView {
  if (device === undefined) return UNKNOWN_DEVICE;
  return { health: device.health, code: device.code, detail: device.detail };
}

export type FleetInputs = {
  terminals: TerminalRow[];
  facilities: FacilityRow[];
  cassetteKopecks: Map<string, number>;
  openAlerts: AlertView[];
  rules: AlertRules;
  nowMs: number;
};

/** "10 min", or "45 s" for a rule that is not whole minutes. */
function durationText(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** The conditions an alert rule looks at, true now for this terminal. */
export function activeConditions(row: FleetRow, rules: AlertRules): Map<AlertKind, string> {
  const active = new Map<AlertKind, string>();
  if (row.state === 'offline') {
    active.set('offline', `no heartbeat for more than ${durationText(rules.offlineSeconds)}`);
    return active;
  }
  if (row.state !== 'online') return active;
  if (row.cassetteNearFull) {
    const notes = row.cassetteNoteCount ?? 0;
    active.set('cassette-near-full', `${notes} of ${rules.cassetteCapacityNotes} notes`);
  }
  if (rules.paperOut && row.paper === 'out') active.set('paper-out', 'the printer has no paper');
  if (rules.paperNearEnd && row.paper === 'near-end') {
    active.set('paper-near-end', 'the paper roll is near its end');
  }
  if (rules.deviceFault) {
    const faults = [
      ['bill acceptor', row.billAcceptor],
      ['printer', row.printer],
    ] as const;
    const text = faults
      .filter(([, device]) => device.health === 'fault')
      .map(([name, device]) => `${name}: ${device.code} ${device.detail}`.trim());
    if (text.length > 0) active.set('device-fault', text.join('; '));
  }
  const staleMs = rules.outboxStaleMinutes * 60_000;
  if (row.outboxOldestAgeMs !== null && row.outboxOldestAgeMs > staleMs) {
    const minutes = Math.floor(row.outboxOldestAgeMs / 60_000);
    active.set('outbox-stale', `${row.outboxCount ?? 0} waiting, oldest ${minutes} min`);
  }
  return active;
}

export const ALERT_SEVERITY: Record<AlertKind, 'warning' | 'critical'> = {
  offline: 'critical',
  'paper-out': 'critical',
  'device-fault': 'critical',
  'cassette-near-full': 'warning',
  'paper-near-end': 'warning',
  'outbox-stale': 'warning',
};

function attentionOf(row: Omit<FleetRow, 'attention'>, rules: AlertRules): number {
  let score = 0;
  if (row.state === 'offline') score += 100;
  if (row.state === 'never-seen') score += 10;
  for (const device of [row.billAcceptor, row.printer]) {
    if (device.health === 'fault') score += 80;
    if (device.health === 'warning') score += 10;
  }
  if (row.paper === 'out') score += 60;
  if (row.paper === 'near-end') score += 20;
  if (row.cassetteNearFull) score += 40;
  const staleMs = rules.outboxStaleMinutes * 60_000;
  if (row.outboxOldestAgeMs !== null && row.outboxOldestAgeMs > staleMs) score += 30;
  return score + row.openAlerts * 5;
}

export function fleetRow(
  terminal: TerminalRow,
  facilitiesById: Map<string, FacilityRow>,
  inputs: Pick<FleetInputs, 'cassetteKopecks' | 'openAlerts' | 'rules' | 'nowMs'>,
): FleetRow {
  const { rules, nowMs } = inputs;
  const facilities = terminal.facilityIds.flatMap((id) => {
    const facility = facilitiesById.get(id);
    return facility === undefined ? [] : [facility];
  });
  const last = terminal.lastHeartbeat;
  const heartbeat = last === null ? null : heartbeatOf(last.body);
  const ageMs = last === null ? null : nowMs - last.receivedAtMs;
  const state =
    ageMs === null ? 'never-seen' : ageMs > rules.offlineSeconds * 1_000 ? 'offline' : 'online';
  const notes = heartbeat?.cassetteNoteCount ?? null;
  const nearFullAt = (rules.cassetteCapacityNotes * rules.cassetteNearFullPercent) / 100;
  const base = {
    terminalId: terminal.terminalId,
    regionCode: facilities[0]?.regionCode ?? null,
    regionName: facilities[0]?.regionName ?? null,
    facilities: facilities.map((facility) => ({ id: facility.id, shortName: facility.shortName })),
    state,
    lastHeartbeatAtMs: last?.receivedAtMs ?? null,
    billAcceptor: deviceOf(heartbeat?.devices.billAcceptor),
    printer: deviceOf(heartbeat?.devices.printer),
    paper: heartbeat?.paper ?? 'unknown',
    cassetteNoteCount: notes,
    cassetteKopecks: inputs.cassetteKopecks.get(terminal.terminalId) ?? 0,
    cassetteNearFull: notes !== null && notes >= nearFullAt,
    outboxCount: heartbeat?.outboxCount ?? null,
    outboxOldestAgeMs: heartbeat?.outboxOldestAgeMs ?? null,
    softwareVersion: heartbeat?.softwareVersion ?? null,
    configVersionApplied: heartbeat?.configVersion ?? null,
    configVersionCurrent: terminal.configVersion,
    openAlerts: inputs.openAlerts.filter(
      (alert) => alert.terminalId === terminal.terminalId && alert.acknowledgedAtMs === null,
    ).length,
  } satisfies Omit<FleetRow, 'attention'>;
  return { ...base, attention: attentionOf(base, rules) };
}

/** Every terminal, those needing attention first. */
export function fleetRows(inputs: FleetInputs): FleetRow[] {
  const byId = new Map(inputs.facilities.map((facility) => [facility.id, facility]));
  return inputs.terminals
    .map((terminal) => fleetRow(terminal, byId, inputs))
    .sort((a, b) => b.attention - a.attention || a.terminalId.localeCompare(b.terminalId));
}

type SegmentState = 'ok' | 'warning' | 'fault' | 'offline';
export type Segment = { fromMs: number; toMs: number; state: SegmentState; reason: string };

function pointState(heartbeat: Heartbeat | null): { state: SegmentState; reason: string } {
  if (heartbeat === null) return { state: 'warning', reason: 'unreadable heartbeat' };
  const devices = [
    ['bill acceptor', heartbeat.devices.billAcceptor],
    ['printer', heartbeat.devices.printer],
  ] as const;
  const fault = devices.find(([, device]) => device.health === 'fault');
  if (fault !== undefined) return { state: 'fault', reason: `${fault[0]}: ${fault[1].code}` };
  if (heartbeat.paper === 'out') return { state: 'fault', reason: 'paper out' };
  const warning = devices.find(([, device]) => device.health !== 'ok');
  if (warning !== undefined) {
    return { state: 'warning', reason: `${warning[0]}: ${warning[1].health}` };
  }
  if (heartbeat.paper === 'near-end') return { state: 'warning', reason: 'paper near end' };
  return { state: 'ok', reason: '' };
}

/** Segments of equal state over [fromMs, nowMs]; a gap longer than the offline rule is offline. */
export function timeline(
  points: { receivedAtMs: number; body: unknown }[],
  offlineMs: number,
  fromMs: number,
  nowMs: number,
): Segment[] {
  const segments: Segment[] = [];
  const push = (segment: Segment) => {
    const previous = segments[segments.length - 1];
    if (
      previous !== undefined &&
      previous.state === segment.state &&
      previous.toMs >= segment.fromMs
    ) {
      previous.toMs = Math.max(previous.toMs, segment.toMs);
      return;
    }
    if (segment.toMs > segment.fromMs) segments.push(segment);
  };
  let cursor = fromMs;
  for (const [index, point] of points.entries()) {
    if (point.receivedAtMs - cursor > offlineMs) {
      push({ fromMs: cursor, toMs: point.receivedAtMs, state: 'offline', reason: 'no heartbeat' });
    }
    const next = points[index + 1]?.receivedAtMs ?? nowMs;
    const until = Math.min(next, point.receivedAtMs + offlineMs);
    push({ fromMs: point.receivedAtMs, toMs: until, ...pointState(heartbeatOf(point.body)) });
    cursor = until;
  }
  if (nowMs - cursor > 0 && (points.length === 0 || cursor < nowMs)) {
    push({ fromMs: cursor, toMs: nowMs, state: 'offline', reason: 'no heartbeat' });
  }
  return segments;
}
