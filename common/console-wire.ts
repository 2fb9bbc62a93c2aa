/**
 * The operator console's wire (central/openapi.yaml, the `/v1/console/*` section): what the
 * console app (console/) sends and reads, as zod schemas. Central's console routes build these
 * shapes and the app validates every answer with them before showing it, so a mismatch is a
 * clear error on screen, never a wrong number.
 */
import { z } from 'zod';
import { facilityId, kopecks, nullableTimeMs, terminalId, timeMs } from './central-wire-base.ts';

export const CONSOLE_ROLES = [
  'viewer',
  'operator',
  'collector-manager',
  'administrator',
  /** A facility's office: its letters only (no fleet, no payments), scoped by facility or region. */
  'facility-staff',
] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/**
 * What each role may do; everything is listed here and nowhere else. Reading the fleet
 * (terminals, payments without personal data, alerts, configuration) is every operator-side
 * role's; facility staff see letters only, which carry names and words the fleet never shows.
 */
export const PERMISSIONS = {
  'fleet.read': ['viewer', 'operator', 'collector-manager', 'administrator'],
  /** The letters to the facilities in scope, with the recipient's name and the text. */
  'letters.read': ['facility-staff', 'administrator'],
  /** Marking a letter delivered and attaching the scanned reply: the facility's own act. */
  'letters.handle': ['facility-staff'],
  'alerts.acknowledge': ['operator', 'administrator'],
  /** Remote commands to a kiosk (block, restart, logs, screenshot…) and the files they bring. */
  'commands.send': ['operator', 'administrator'],
  'collections.read': ['collector-manager', 'administrator'],
  /** Searching transfers in scope and their lifecycle; the recipient masked, no sender. */
  'transfers.read': ['viewer', 'operator', 'collector-manager', 'administrator'],
  /** Crediting or returning a transfer by hand, and the sender's name that this needs. */
  'transfers.credit': ['operator', 'administrator'],
  'config.edit': ['administrator'],
  'users.manage': ['administrator'],
  'audit.read': ['administrator'],
  'rules.edit': ['administrator'],
} as const satisfies Record<string, readonly ConsoleRole[]>;
export type Permission = keyof typeof PERMISSIONS;

export function roleMay(role: ConsoleRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly ConsoleRole[]).includes(role);
}

export const loginPattern = /^[a-z0-9][a-z0-9._-]{2,39}$/;
export const ConsoleLoginSchema = z.string().regex(loginPattern);

/** Which terminals a user sees: all, or those of some regions plus some named terminals. */
export const ScopeSchema = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z
    .object({
      regions: z.array(z.string().regex(/^[0-9]{2}$/)).max(100),
      terminals: z.array(terminalId).max(500),
      /** Facilities whose letters a facility-staff user handles, besides whole regions. */
      facilities: z.array(facilityId).max(100).optional(),
    })
    .strict(),
]);
export type Scope = z.infer<typeof ScopeSchema>;

export const ConsoleUserSchema = z.object({
  userId: z.string().max(64),
  login: ConsoleLoginSchema,
  displayName: z.string().min(1).max(100),
  email: z.string().max(254).nullable(),
  role: z.enum(CONSOLE_ROLES),
  scope: ScopeSchema,
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  createdAtMs: timeMs,
});
export type ConsoleUser = z.infer<typeof ConsoleUserSchema>;

export const MeSchema = z.object({
  user: ConsoleUserSchema,
  permissions: z.array(z.string()),
  idleTimeoutMs: z.number().int().min(0),
});
export type Me = z.infer<typeof MeSchema>;

export const HEALTHS = ['starting', 'ok', 'warning', 'fault', 'absent', 'unknown'] as const;
export const DeviceViewSchema = z.object({
  health: z.enum(HEALTHS),
  code: z.string(),
  detail: z.string(),
});
export type DeviceView = z.infer<typeof DeviceViewSchema>;

export const TERMINAL_STATES = ['online', 'offline', 'never-seen'] as const;
export type TerminalState = (typeof TERMINAL_STATES)[number];

export const FleetRowSchema = z.object({
  terminalId,
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  facilities: z.array(z.object({ id: z.string(), shortName: z.string() })),
  state: z.enum(TERMINAL_STATES),
  lastHeartbeatAtMs: nullableTimeMs,
  billAcceptor: DeviceViewSchema,
  printer: DeviceViewSchema,
  paper: z.enum(['ok', 'near-end', 'out', 'unknown']),
  cassetteNoteCount: z.number().int().min(0).nullable(),
  /** Cash in the cassette as central counts it: transfers accepted since the last collection. */
  cassetteKopecks: kopecks,
  cassetteNearFull: z.boolean(),
  outboxCount: z.number().int().min(0).nullable(),
  outboxOldestAgeMs: z.number().int().min(0).nullable(),
  softwareVersion: z.string().nullable(),
  configVersionApplied: z.number().int().nullable(),
  configVersionCurrent: z.number().int(),
  openAlerts: z.number().int().min(0),
  /** Higher needs the operator sooner; the fleet list is sorted by it. */
  attention: z.number().int().min(0),
});
export type FleetRow = z.infer<typeof FleetRowSchema>;
export const FleetSchema = z.object({ terminals: z.array(FleetRowSchema), nowMs: timeMs });

export const TimelineSegmentSchema = z.object({
  fromMs: timeMs,
  toMs: timeMs,
  state: z.enum(['ok', 'warning', 'fault', 'offline']),
  reason: z.string(),
});
export const PaymentViewSchema = z.object({
  transferId: z.string(),
  status: z.enum(['accepted', 'sent', 'credited', 'returned']),
  depositedKopecks: kopecks,
  commissionKopecks: kopecks,
  amountKopecks: kopecks,
  facilityName: z.string(),
  acceptedAtMs: timeMs,
  kioskSequence: z.number().int().nullable(),
});
export const CollectionViewSchema = z.object({
  collectionId: z.string(),
  terminalId,
  regionCode: z.string().nullable(),
  openedAtMs: timeMs,
  closedAtMs: timeMs,
  receivedAtMs: timeMs,
  noteCount: z.number().int(),
  totalKopecks: kopecks,
  transferCount: z.number().int(),
  operatorName: z.string().nullable(),
  notes: z.array(z.object({ noteKopecks: kopecks, count: z.number().int() })),
});
export type CollectionView = z.infer<typeof CollectionViewSchema>;

export const ALERT_KINDS = [
  'offline',
  'cassette-near-full',
  'paper-near-end',
  'paper-out',
  'device-fault',
  'outbox-stale',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const AlertViewSchema = z.object({
  alertId: z.string(),
  terminalId,
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(['warning', 'critical']),
  detail: z.string(),
  /** The numbers behind `detail`, so the console words it in its reader's language. */
  facts: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .nullable()
    .optional(),
  openedAtMs: timeMs,
  resolvedAtMs: nullableTimeMs,
  acknowledgedAtMs: nullableTimeMs,
  acknowledgedBy: z.string().nullable(),
  note: z.string().nullable(),
});
export type AlertView = z.infer<typeof AlertViewSchema>;
export const AlertListSchema = z.object({ alerts: z.array(AlertViewSchema) });

export const TerminalPageSchema = z.object({
  terminal: FleetRowSchema,
  timeline: z.array(TimelineSegmentSchema),
  payments: z.array(PaymentViewSchema),
  collections: z.array(CollectionViewSchema),
  alerts: z.array(AlertViewSchema),
});
export type TerminalPage = z.infer<typeof TerminalPageSchema>;

/** The shortest offline rule: a site that sets its kiosks' heartbeat period short can be told of
 * a dead kiosk within seconds; under ten a heartbeat merely late on a busy network would look
 * like one. */
export const OFFLINE_SECONDS_MIN = 10;

/**
 * Rules stored or sent before the offline rule took seconds named it in minutes
 * (`offlineMinutes`); they are read as the same time in seconds.
 */
function offlineInSeconds(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || !('offlineMinutes' in value)) return value;
  const { offlineMinutes, ...rest } = value as Record<string, unknown>;
  if ('offlineSeconds' in rest || typeof offlineMinutes !== 'number') return value;
  return { ...rest, offlineSeconds: offlineMinutes * 60 };
}

export const AlertRulesSchema = z.preprocess(
  offlineInSeconds,
  z
    .object({
      offlineSeconds: z.number().int().min(OFFLINE_SECONDS_MIN).max(604_800),
      cassetteCapacityNotes: z.number().int().min(100).max(10_000),
      cassetteNearFullPercent: z.number().int().min(50).max(100),
      paperNearEnd: z.boolean(),
      paperOut: z.boolean(),
      deviceFault: z.boolean(),
      outboxStaleMinutes: z.number().int().min(1).max(10_080),
      webhookUrl: z.string().url().max(500).nullable(),
      emailEnabled: z.boolean(),
    })
    .strict(),
);
export type AlertRules = z.infer<typeof AlertRulesSchema>;

export const ConfigDiffSchema = z.object({
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
});
export type ConfigDiff = z.infer<typeof ConfigDiffSchema>;
export const ConfigPreviewSchema = z.object({
  version: z.number().int(),
  diff: z.array(ConfigDiffSchema),
  problem: z.string().nullable(),
});

export const AuditEntrySchema = z.object({
  auditId: z.number().int(),
  atMs: timeMs,
  login: z.string(),
  action: z.string(),
  target: z.string(),
  detail: z.record(z.string(), z.unknown()),
  ip: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** The names the live stream (server-sent events) uses; each says which data to read again. */
export const CONSOLE_EVENTS = ['heartbeat', 'alert', 'config', 'collection', 'command'] as const;
export type ConsoleEvent = { type: (typeof CONSOLE_EVENTS)[number]; terminalId: string };
