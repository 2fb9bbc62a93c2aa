import { z } from 'zod';
import { isValidInn } from '../inn.ts';
import { limits } from '../limits.ts';
import { KopecksSchema, LanguageSchema } from './base.ts';

/**
 * What service mode reads and edits: the operator's settings, the payment agent's details, the
 * first-start wizard's state, central's data on this kiosk and the terms in force after central
 * narrows the settings. The commands over them are in service.ts.
 */
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
