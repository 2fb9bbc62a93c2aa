import { z } from 'zod';
import { command, Empty, LanguageSchema } from './base.ts';

export const DeviceHealthSchema = z.enum(['starting', 'ok', 'warning', 'fault', 'absent']);
export type DeviceHealth = z.infer<typeof DeviceHealthSchema>;

export const DeviceStateSchema = z.object({
  /** Which adapter drives it: 'emulator', 'ccnet', 'escpos', 'escpos-file', 'http'. */
  adapter: z.string().max(32),
  health: DeviceHealthSchema,
  /** Machine code of the current condition, e.g. 'idle', 'paper-near-end', 'cassette-out'. */
  code: z.string().max(64),
  /** Operator-facing detail in plain words (never shown to payers as is). */
  detail: z.string().max(500),
  sinceMs: z.number().int().nonnegative(),
});
export type DeviceState = z.infer<typeof DeviceStateSchema>;

export const KioskStatusSchema = z.object({
  terminalId: z.string().max(64),
  softwareVersion: z.string().max(32),
  language: LanguageSchema,
  languages: z.array(LanguageSchema).min(1),
  /** The operator's settings for payers, live: where "Done" and the idle timeout lead back. */
  defaultLanguage: LanguageSchema,
  payerIdleTimeoutMs: z.number().int().positive(),
  devices: z.object({
    billAcceptor: DeviceStateSchema,
    printer: DeviceStateSchema,
    central: DeviceStateSchema,
    /** The fiscal registrar (ФР); absent when KIOSK_FISCAL=none (or from an older main). */
    fiscal: DeviceStateSchema.optional(),
  }),
  /** True when a payer may start a payment right now. */
  acceptingPayments: z.boolean(),
  /**
   * Why payments are not possible, as a message-catalogue key ('acceptor-unavailable', …;
   * a fiscal terminal adds `fiscalUnavailableReasons` of ./fiscal.ts).
   */
  unavailableReason: z.string().max(64).nullable(),
  /** The operator's own words when a remote command blocked payments ('operator-blocked'). */
  unavailableText: z.string().max(200).optional(),
  support: z.object({ phone: z.string().max(32), hours: z.string().max(64) }),
  nowMs: z.number().int().nonnegative(),
});
export type KioskStatus = z.infer<typeof KioskStatusSchema>;

export const kioskCommands = {
  'kiosk:getStatus': command(Empty, KioskStatusSchema),
  'kiosk:setLanguage': command(
    z.object({ language: LanguageSchema }).strict(),
    z.object({ language: LanguageSchema }),
  ),
} as const;

export const kioskEvents = {
  'kiosk:statusChanged': KioskStatusSchema,
} as const;
