/**
 * Central's terminal configuration on the wire (central/openapi.yaml TerminalConfig,
 * SignedConfig, TerminalConfigPatch): the payment terms and requisites in force on a kiosk,
 * signed by central. Part of central-wire.ts, which re-exports it.
 */
import { z } from 'zod';
import { facilityId, kopecks, timeMs } from './central-wire-base.ts';

export const AgentDetailsSchema = z.object({
  name: z.string().max(200),
  inn: z.string().regex(/^[0-9]{10,12}$/),
  address: z.string().max(300),
  phone: z.string().max(32),
  operatorName: z.string().max(200),
  operatorInn: z.string().regex(/^[0-9]{10,12}$/),
  operatorPhone: z.string().max(32),
});

/** The supplier (103-ФЗ art. 5): whom the payment is for, as the receipt names it. */
export const SupplierDetailsSchema = z.object({
  name: z.string().max(200),
  inn: z.string().regex(/^[0-9]{10,12}$/),
  phone: z.string().max(32),
});

/** A terminal, or the payer apps' channel (central's admin routes only show that one). */
export const configOwnerPattern = /^(@web|[A-Za-z0-9][A-Za-z0-9._-]{0,63})$/;

export const TerminalConfigSchema = z.object({
  terminalId: z.string().regex(configOwnerPattern),
  facilityIds: z.array(facilityId).max(50),
  paymentKopecksMin: kopecks,
  paymentKopecksMax: kopecks,
  commissionRateBasisPoints: z.number().int().min(0).max(10_000),
  commissionKopecksMin: kopecks,
  acceptedNotesKopecks: z.array(kopecks).max(24),
  languages: z
    .array(z.enum(['ru', 'en', 'uz', 'tg', 'ky']))
    .min(1)
    .max(8),
  supportPhone: z.string().max(32),
  creditingDaysText: z.string().max(200),
  agent: AgentDetailsSchema,
  /** Absent from an older central: the kiosk then takes no payments (no supplier to print). */
  supplier: SupplierDetailsSchema.optional(),
  rosterPublicKeyPem: z.string().max(400),
  letterPageKopecks: kopecks,
  replyBlankKopecks: kopecks,
  /**
   * Receipt QR payload = this + transfer id + `?c=` + its tracking code (common/tracking-code.ts),
   * a page on central showing the status.
   */
  trackingUrlPrefix: z.string().max(200),
  /** This terminal's key for tracking codes, base64; absent from an older central. */
  trackingKey: z.string().min(16).max(100).optional(),
  /** Grows by one on every change of this terminal's configuration (heartbeat answers carry it). */
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
});
export type TerminalConfig = z.infer<typeof TerminalConfigSchema>;

/**
 * GET /v1/terminal/config/signed: the same configuration as a JSON string signed by central's
 * roster key (Ed25519, as the roster), so a kiosk can keep it in force offline and re-verify it
 * every time it reads its copy. The payload is TerminalConfig plus `format` and `issuedAtMs`.
 */
export const SignedConfigSchema = z.object({
  payload: z
    .string()
    .min(2)
    .max(64 * 1024),
  signature: z.string().min(16).max(200),
});
export type SignedConfig = z.infer<typeof SignedConfigSchema>;
export const CONFIG_FORMAT = 'kiosk-config-v1';
export const SignedConfigPayloadSchema = TerminalConfigSchema.extend({
  format: z.literal(CONFIG_FORMAT),
  issuedAtMs: timeMs,
});
export type SignedConfigPayload = z.infer<typeof SignedConfigPayloadSchema>;

/**
 * POST /v1/admin/terminals/{terminalId}/config: the fields an operator may change; absent ones
 * keep their value. The cap never exceeds the 115-ФЗ bound (central refuses with 422).
 */
export const TerminalConfigPatchSchema = TerminalConfigSchema.pick({
  paymentKopecksMin: true,
  paymentKopecksMax: true,
  commissionRateBasisPoints: true,
  commissionKopecksMin: true,
  acceptedNotesKopecks: true,
  languages: true,
  supportPhone: true,
  creditingDaysText: true,
  agent: true,
  supplier: true,
  letterPageKopecks: true,
  replyBlankKopecks: true,
})
  .partial()
  .strict();
export type TerminalConfigPatch = z.infer<typeof TerminalConfigPatchSchema>;
