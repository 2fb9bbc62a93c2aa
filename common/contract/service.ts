import { z } from 'zod';
import { isValidInn } from '../inn.ts';
import { limits } from '../limits.ts';
import { command, Empty, KopecksSchema, LanguageSchema } from './base.ts';
import { DeviceStateSchema } from './kiosk.ts';
import { FacilitySchema } from './payment.ts';

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

// ---------------------------------------------------------------- settings

export const AcceptedNoteSettingSchema = z
  .object({
    noteKopecks: KopecksSchema.refine((value) => value > 0 && value % 100 === 0, 'whole rubles'),
    enabled: z.boolean(),
    /** A newly issued series of this note (e.g. the 2023 5000 ₽) is accepted too. */
    newSeriesEnabled: z.boolean(),
  })
  .strict();

export const ServiceSettingsSchema = z
  .object({
    depositKopecksMax: KopecksSchema.min(100).max(
      limits.depositKopecksMaxCeiling,
      'at most 15 000 ₽: 115-ФЗ allows no more cash per operation from a payer who is not ' +
        'identified, and this kiosk identifies nobody',
    ),
    commissionBasisPoints: z.number().int().min(0).max(2_000),
    commissionMinKopecks: KopecksSchema.max(100_000),
    acceptedNotes: z.array(AcceptedNoteSettingSchema).min(1).max(24),
    languages: z.array(LanguageSchema).min(1).max(8),
    defaultLanguage: LanguageSchema,
    payerIdleTimeoutMs: z.number().int().min(20_000).max(600_000),
    serviceIdleTimeoutMs: z.number().int().min(30_000).max(1_800_000),
    printer: z
      .object({
        model: z.string().trim().min(1).max(64),
        codePage: z.enum(['cp866']),
        widthColumns: z.union([z.literal(32), z.literal(42), z.literal(48)]),
        /**
         * Take cash when no receipt can be printed, after the payer agrees on screen (an SMS
         * receipt is offered). Off: the kiosk refuses cash until the printer is fixed.
         */
        allowCashWithoutPaper: z.boolean().default(false),
      })
      .strict(),
    centralUrl: z
      .string()
      .trim()
      .max(300)
      .regex(/^https?:\/\/[^\s]+$/, 'http(s) URL')
      .nullable(),
    /** Directory on a USB stick whose `service.key` also opens the PIN pad; null: off. */
    serviceKeyDir: z.string().trim().min(1).max(300).nullable(),
  })
  .strict()
  .superRefine((value, context) => {
    if (!value.languages.includes(value.defaultLanguage)) {
      context.addIssue({ code: 'custom', path: ['defaultLanguage'], message: 'not enabled' });
    }
    const notes = value.acceptedNotes.map((note) => note.noteKopecks);
    if (new Set(notes).size !== notes.length) {
      context.addIssue({ code: 'custom', path: ['acceptedNotes'], message: 'duplicate note' });
    }
    if (!value.acceptedNotes.some((note) => note.enabled)) {
      context.addIssue({ code: 'custom', path: ['acceptedNotes'], message: 'none enabled' });
    }
    if (value.commissionMinKopecks > value.depositKopecksMax) {
      context.addIssue({ code: 'custom', path: ['commissionMinKopecks'], message: 'above cap' });
    }
  });
export type ServiceSettings = z.infer<typeof ServiceSettingsSchema>;

// ---------------------------------------------------------------- first-start wizard

export const AgentDetailsSchema = z
  .object({
    name: z.string().trim().min(3).max(200),
    address: z.string().trim().min(5).max(300),
    inn: z.string().trim().refine(isValidInn, 'ИНН: 10 or 12 digits with a valid checksum'),
    /** Where this kiosk stands: printed on every receipt. */
    terminalAddress: z.string().trim().min(5).max(300),
  })
  .strict();
export type AgentDetails = z.infer<typeof AgentDetailsSchema>;

export const TerminalIdSchema = z.string().regex(/^[A-Za-z0-9-]{3,32}$/, 'A-Z, 0-9, hyphen');

export const ProbedPortSchema = z.object({
  path: z.string().max(200),
  /** What answered on it: a CCNET bill acceptor, an ESC/POS printer's status, or nothing. */
  answers: z.enum(['ccnet', 'escpos', 'none']),
  detail: z.string().max(300),
});
export type ProbedPort = z.infer<typeof ProbedPortSchema>;

export const DeviceChoiceSchema = z
  .object({
    /** 'emulator' or a port path from the probe. */
    billAcceptor: z.string().trim().min(1).max(200),
    printer: z.string().trim().min(1).max(200),
  })
  .strict();
export type DeviceChoice = z.infer<typeof DeviceChoiceSchema>;

export const SetupStateSchema = z.object({
  terminalId: z.string().max(64).nullable(),
  enrolled: z.boolean(),
  facilityIds: z.array(z.string().max(64)).max(200),
  agent: AgentDetailsSchema.nullable(),
  devices: DeviceChoiceSchema.nullable(),
  testPrinted: z.boolean(),
  testNoteDone: z.boolean(),
  complete: z.boolean(),
});
export type SetupState = z.infer<typeof SetupStateSchema>;

// ---------------------------------------------------------------- central's data on the kiosk

const nullableTimeMs = z.number().int().nonnegative().nullable();

/** The roster (offline search) and central's terminal configuration: versions and ages. */
export const CentralDataSchema = z.object({
  roster: z.object({
    /** The roster's version: when central generated it. */
    generatedAtMs: nullableTimeMs,
    fetchedAtMs: nullableTimeMs,
    error: z.string().max(300).nullable(),
    /** Facilities the roster covers: central's list for this terminal. */
    facilityIds: z.array(z.string().max(64)).max(200).optional(),
  }),
  config: z.object({
    version: z.number().int().min(1).nullable(),
    fetchedAtMs: nullableTimeMs,
    error: z.string().max(300).nullable(),
  }),
  /**
   * Why no payment may start because of them ('no-terminal-config'; 'no-support-details': the
   * configuration lacks a phone or the supplier the receipt must name), or null.
   */
  paymentsBlocked: z.string().max(64).nullable(),
  /** The configuration's missing or placeholder support details, by field name. */
  missingDetails: z.array(z.string().max(64)).max(16).optional(),
});
export type CentralData = z.infer<typeof CentralDataSchema>;

/** The payment terms in force: the operator's settings narrowed by central's configuration. */
export const EffectiveTermsSchema = z.object({
  configVersion: z.number().int().min(1).nullable(),
  depositKopecksMax: KopecksSchema,
  commissionBasisPoints: z.number().int().min(0).max(10_000),
  commissionMinKopecks: KopecksSchema,
  enabledNotesKopecks: z.array(KopecksSchema).max(24),
  languages: z.array(LanguageSchema).max(8),
  /** Settings central's configuration overrode (the operator's value is not in force). */
  narrowedByCentral: z.array(z.string().max(64)).max(16),
});
export type EffectiveTerms = z.infer<typeof EffectiveTermsSchema>;

// ---------------------------------------------------------------- diagnostics and logs

export const DiagnosticsSchema = z.object({
  devices: z.object({
    billAcceptor: DeviceStateSchema,
    printer: DeviceStateSchema,
    central: DeviceStateSchema,
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
} as const;

export const ServiceEndedSchema = z.object({ reason: z.enum(['timeout', 'logout', 'deposit']) });

export const serviceEvents = {
  /** A service key appeared: the payer screen shows the PIN pad (a PIN is still required). */
  'service:keyDetected': z.object({ atMs: z.number().int() }),
  /** The service session ended (idle timeout, logout): the screen returns to the payer home. */
  'service:ended': ServiceEndedSchema,
} as const;
