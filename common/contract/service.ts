import { z } from 'zod';
import { command, Empty, KopecksSchema } from './base.ts';
import { FiscalPanelSchema, ShiftReportViewSchema } from './fiscal.ts';
import { DeviceStateSchema } from './kiosk.ts';
import { FacilitySchema } from './payment.ts';
import {
  AgentDetailsSchema,
  CentralDataSchema,
  DeviceChoiceSchema,
  EffectiveTermsSchema,
  ProbedPortSchema,
  ServiceSettingsSchema,
  SetupStateSchema,
  TerminalIdSchema,
} from './service-settings.ts';

export * from './service-settings.ts';

/**
 * Operator service mode: PIN entry, first-start wizard, settings, diagnostics,
 * collection (инкассация), journal search and reprints. Every command but the entry ones carries
 * the session token from `service:login`; main checks it and the role on every call.
 */

export const ServiceRoleSchema = z.enum(['operator', 'collector', 'setup']);
export type ServiceRole = z.infer<typeof ServiceRoleSchema>;

/** 4–8 digits typed on the numeric pad. */
export const PinSchema = z.string().regex(/^\d{4,8}$/, 'PIN is 4 to 8 digits');

/** Opaque session token (hex) issued by main; never stored by the renderer beyond the screen. */
export const ServiceTokenSchema = z.string().regex(/^[0-9a-f]{64}$/);
const Authed = { token: ServiceTokenSchema };
const authed = <T extends z.ZodRawShape>(shape: T) => z.object({ ...Authed, ...shape }).strict();
const AuthedOnly = z.object(Authed).strict();
const Done = z.object({ done: z.boolean() });

export const ServiceEntrySchema = z.object({
  /** Fresh data dir: no PINs yet, the wizard runs instead of the PIN pad. */
  setupRequired: z.boolean(),
  /** A service key file is present (KIOSK_DATA_DIR/service.key or the configured USB path). */
  keyPresent: z.boolean(),
  /** Wrong PINs locked the pad until then. */
  lockedUntilMs: z.number().int().nullable(),
  /** False while a payer's deposit holds cash: service mode cannot open then. */
  available: z.boolean(),
});
export type ServiceEntry = z.infer<typeof ServiceEntrySchema>;

export const ServiceSessionSchema = z.object({
  token: ServiceTokenSchema,
  role: ServiceRoleSchema,
  idleTimeoutMs: z.number().int().positive(),
  idleDeadlineMs: z.number().int(),
});
export type ServiceSession = z.infer<typeof ServiceSessionSchema>;

// ---------------------------------------------------------------- diagnostics and logs

export const DiagnosticsSchema = z.object({
  devices: z.object({
    billAcceptor: DeviceStateSchema,
    printer: DeviceStateSchema,
    central: DeviceStateSchema,
    fiscal: DeviceStateSchema.optional(),
  }),
  paper: z.enum(['ok', 'near-end', 'out', 'unknown']),
  cassette: z.object({ count: z.number().int().nonnegative(), totalKopecks: KopecksSchema }),
  outbox: z.object({
    depth: z.number().int().nonnegative(),
    oldestCreatedAtMs: z.number().int().nullable(),
    parked: z.number().int().nonnegative(),
  }),
  central: z.object({ reachable: z.boolean(), detail: z.string().max(300) }),
  softwareVersion: z.string().max(32),
  terminalId: z.string().max(64),
  disk: z.object({ freeBytes: z.number().nonnegative(), totalBytes: z.number().nonnegative() }),
  nowMs: z.number().int(),
  centralData: CentralDataSchema.optional(),
});
export type Diagnostics = z.infer<typeof DiagnosticsSchema>;

export const LogLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
export type LogLevel = z.infer<typeof LogLevelSchema>;

export const LogLineSchema = z.object({
  timeMs: z.number().int(),
  level: LogLevelSchema,
  message: z.string().max(2_000),
  /** The whole JSON line, cut to a screenful. */
  raw: z.string().max(4_000),
  file: z.string().max(200),
});
export type LogLine = z.infer<typeof LogLineSchema>;

export const LogQuerySchema = authed({
  levelMin: LogLevelSchema.default('info'),
  text: z.string().max(200).default(''),
  fromMs: z.number().int().nonnegative().nullable().default(null),
  toMs: z.number().int().nonnegative().nullable().default(null),
  limit: z.number().int().min(1).max(500).default(200),
});

export const ExportArgsSchema = authed({
  /** An absolute directory path on the USB stick; a new folder is made inside it. */
  targetDir: z.string().trim().min(1).max(500),
  logs: z.boolean().default(true),
  journal: z.boolean().default(true),
});

// ---------------------------------------------------------------- collection and journal

export const DenominationCountSchema = z
  .object({
    noteKopecks: KopecksSchema.refine((value) => value > 0, 'positive'),
    count: z.number().int().min(0).max(100_000),
  })
  .strict();

export const CollectionPreviewSchema = z.object({
  startedAtMs: z.number().int(),
  denominations: z.array(
    z.object({ noteKopecks: KopecksSchema, count: z.number().int(), totalKopecks: KopecksSchema }),
  ),
  count: z.number().int().nonnegative(),
  totalKopecks: KopecksSchema,
  /** Credits without device evidence (recovered after a crash): check them against the count. */
  unresolvedCount: z.number().int().nonnegative(),
});
export type CollectionPreview = z.infer<typeof CollectionPreviewSchema>;

export const CollectionConfirmArgsSchema = authed({
  /** The collector confirms the cassette is out before the period is closed. */
  cassetteRemoved: z.literal(true),
  /** What was counted; null: the count agreed with the expected figures. */
  counted: z.array(DenominationCountSchema).max(24).nullable(),
  comment: z.string().trim().max(500).default(''),
});

export const CollectionResultSchema = z.object({
  collectionId: z.number().int().positive(),
  expectedKopecks: KopecksSchema,
  countedKopecks: KopecksSchema,
  mismatch: z.boolean(),
  printed: z.boolean(),
  /** Handed to the outbox for central; false: kept locally, the error is in the log. */
  queued: z.boolean(),
  reportText: z.string().max(10_000),
});

export const JournalTransferSchema = z.object({
  transferId: z.string().max(64),
  createdAtMs: z.number().int(),
  acceptedKopecks: KopecksSchema,
  commissionKopecks: KopecksSchema,
  creditedKopecks: KopecksSchema,
  recipientMasked: z.string().max(200),
  facilityName: z.string().max(300),
  receiptState: z.enum(['pending', 'printed', 'unprinted']),
  recovered: z.boolean(),
  /**
   * The fiscal receipt of the payment (docs/fiscal.md §3): 'none' for a payment made before
   * fiscalisation or where another party fiscalises; absent from an older kiosk.
   */
  fiscal: z
    .object({
      state: z.enum(['none', 'pending', 'issuing', 'issued', 'held']),
      kind: z.enum(['receipt', 'correction']).nullable(),
      fdNumber: z.number().int().nullable(),
      fiscalSign: z.number().int().nullable(),
      fnNumber: z.string().max(16).nullable(),
      shiftNumber: z.number().int().nullable(),
      receiptNumber: z.number().int().nullable(),
      issuedAt: z.string().max(16).nullable(),
      heldReason: z.string().max(1_000).nullable(),
      sentToCentral: z.boolean(),
    })
    .optional(),
});
export type JournalTransfer = z.infer<typeof JournalTransferSchema>;

export const JournalSearchArgsSchema = authed({
  fromMs: z.number().int().nonnegative().nullable().default(null),
  toMs: z.number().int().nonnegative().nullable().default(null),
  acceptedKopecks: KopecksSchema.nullable().default(null),
  idPrefix: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f-]{0,36}$/, 'hex digits and hyphens')
    .default(''),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  limit: z.number().int().min(1).max(100).default(20),
});

export const ParkedItemSchema = z.object({
  transferId: z.string().max(64),
  reason: z.string().max(1_000),
  attempts: z.number().int().nonnegative(),
  createdAtMs: z.number().int(),
  lastError: z.string().max(1_000).nullable(),
});
export type ParkedItem = z.infer<typeof ParkedItemSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  atMs: z.number().int(),
  actor: z.string().max(64),
  action: z.string().max(64),
  detail: z.string().max(2_000),
});

// ---------------------------------------------------------------- commands and events

export const serviceCommands = {
  'service:entry': command(Empty, ServiceEntrySchema),
  /**
   * Errors: 'wrong-pin' (message says tries left), 'locked', 'deposit-active', 'setup-required',
   * 'busy' (another PIN is still being checked: one try at a time, not counted).
   */
  'service:login': command(z.object({ pin: PinSchema }).strict(), ServiceSessionSchema),
  'service:logout': command(AuthedOnly, Done),
  /** The operator touched the screen: pushes the idle deadline. */
  'service:touch': command(AuthedOnly, z.object({ idleDeadlineMs: z.number().int() })),
  /** Operator only: replaces a role's PIN. */
  'service:setPin': command(
    authed({ role: z.enum(['operator', 'collector']), pin: PinSchema }),
    Done,
  ),
  'service:audit': command(
    authed({ beforeId: z.number().int().positive().nullable().default(null) }),
    z.object({ entries: z.array(AuditEntrySchema).max(100) }),
  ),

  /** Fresh data dir only. Errors: 'already-set-up', 'deposit-active'. */
  'setup:begin': command(Empty, ServiceSessionSchema),
  'setup:state': command(AuthedOnly, SetupStateSchema),
  /** Errors: 'enrol-failed' (message from central). */
  'setup:enrol': command(
    authed({ terminalId: TerminalIdSchema, code: z.string().trim().min(4).max(64) }),
    SetupStateSchema,
  ),
  'setup:facilities': command(
    AuthedOnly,
    z.object({ facilities: z.array(FacilitySchema).max(2_000) }),
  ),
  'setup:saveFacilities': command(
    authed({ facilityIds: z.array(z.string().min(1).max(64)).min(1).max(200) }),
    SetupStateSchema,
  ),
  'setup:saveAgent': command(authed({ agent: AgentDetailsSchema }), SetupStateSchema),
  'setup:probePorts': command(AuthedOnly, z.object({ ports: z.array(ProbedPortSchema).max(64) })),
  'setup:saveDevices': command(authed({ devices: DeviceChoiceSchema }), SetupStateSchema),
  /** Sets both PINs and ends the wizard. Errors: 'incomplete' (a step is missing), 'same-pins'. */
  'setup:finish': command(
    authed({ operatorPin: PinSchema, collectorPin: PinSchema }),
    SetupStateSchema,
  ),
  /**
   * Fetches the roster and central's terminal configuration now (the wizard's last step, and
   * service mode's "refresh"). Errors: 'central-data-missing' (message says which and why).
   */
  'setup:syncCentral': command(AuthedOnly, CentralDataSchema),

  /** Prints a short test page. Errors: the printer's kind ('paper-out', …). */
  'device:testPrint': command(AuthedOnly, Done),
  /** Enables the acceptor for one note, then returns it. Errors: 'no-note', 'acceptor-error'. */
  'device:testNote': command(
    AuthedOnly,
    z.object({ noteKopecks: KopecksSchema, returned: z.boolean() }),
  ),

  'settings:get': command(
    AuthedOnly,
    z.object({
      settings: ServiceSettingsSchema,
      updatedAtMs: z.number().int().nullable(),
      /** What is in force after central's configuration narrowed the settings. */
      effective: EffectiveTermsSchema.optional(),
    }),
  ),
  /** Errors: 'invalid' (message lists the fields). `restartRequired` names fields not live. */
  'settings:set': command(
    authed({ settings: ServiceSettingsSchema }),
    z.object({
      settings: ServiceSettingsSchema,
      restartRequired: z.array(z.string().max(64)).max(20),
    }),
  ),

  'diag:snapshot': command(AuthedOnly, DiagnosticsSchema),
  'diag:logs': command(
    LogQuerySchema,
    z.object({ lines: z.array(LogLineSchema).max(500), scannedFiles: z.number().int() }),
  ),
  /** Errors: 'target-missing', 'target-not-directory', 'target-exists', 'write-failed'. */
  'diag:export': command(
    ExportArgsSchema,
    z.object({ folder: z.string().max(600), files: z.array(z.string().max(200)).max(64) }),
  ),

  'collection:preview': command(AuthedOnly, CollectionPreviewSchema),
  /** Errors: 'comment-required' (counted ≠ expected without a comment), 'empty-count'. */
  'collection:confirm': command(CollectionConfirmArgsSchema, CollectionResultSchema),

  'journal:search': command(
    JournalSearchArgsSchema,
    z.object({ transfers: z.array(JournalTransferSchema).max(100), total: z.number().int() }),
  ),
  /** Prints the receipt again, marked «КОПИЯ». Errors: 'not-found', the printer's kind. */
  'journal:reprint': command(authed({ transferId: z.string().min(1).max(64) }), Done),
  'outbox:parked': command(AuthedOnly, z.object({ items: z.array(ParkedItemSchema).max(200) })),
  /** Errors: 'not-found', 'not-parked'. */
  'outbox:retry': command(authed({ transferId: z.string().min(1).max(64) }), Done),

  /** The fiscal registrar, shift, ФН, OFD queue and held receipts (operator, collector). */
  'fiscal:panel': command(AuthedOnly, FiscalPanelSchema),
  /**
   * X report: the shift's totals so far, nothing closes. Errors: 'deposit-active',
   * 'not-fiscal' (KIOSK_FISCAL=none), the registrar's kind ('offline', 'paper-out', …).
   */
  'fiscal:xReport': command(AuthedOnly, Done),
  /**
   * Z report: closes the shift; the kiosk opens the next one before the next payment. Errors as
   * 'fiscal:xReport', and 'shift-closed' when no shift is open.
   */
  'fiscal:closeShift': command(AuthedOnly, ShiftReportViewSchema),
  /**
   * KIOSK_FISCAL=none: the operator confirms (or withdraws) that the party central names
   * fiscalises this terminal's payments; until confirmed no cash is taken. `fiscalizedBy` is
   * the name the operator read on screen: it must still be central's. Operator only. Errors:
   * 'not-other-party' (this kiosk has a registrar), 'no-party' (central names nobody),
   * 'party-changed' (central's name is no longer the one confirmed).
   */
  'fiscal:confirmOtherParty': command(
    authed({ confirmed: z.boolean(), fiscalizedBy: z.string().trim().min(1).max(200) }),
    FiscalPanelSchema,
  ),
} as const;

export const ServiceEndedSchema = z.object({ reason: z.enum(['timeout', 'logout', 'deposit']) });

export const serviceEvents = {
  /** A service key appeared: the payer screen shows the PIN pad (a PIN is still required). */
  'service:keyDetected': z.object({ atMs: z.number().int() }),
  /** The service session ended (idle timeout, logout): the screen returns to the payer home. */
  'service:ended': ServiceEndedSchema,
} as const;
