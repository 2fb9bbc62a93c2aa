/**
 * Central's terminal configuration on the wire (central/openapi.yaml TerminalConfig,
 * SignedConfig, TerminalConfigPatch): the payment terms and requisites in force on a kiosk,
 * signed by central. Part of central-wire.ts, which re-exports it.
 */
import { z } from 'zod';
import { facilityId, kopecks, timeMs } from './central-wire-base.ts';
import type { TaxSystem } from './fiscal-port.ts';

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

/** 1055: the tax systems of common/fiscal-port.ts TaxSystem, in the same order. */
export const TAX_SYSTEMS = [
  'osn',
  'usn-income',
  'usn-income-expense',
  'envd',
  'esn',
  'patent',
] as const satisfies readonly TaxSystem[];

/** Local wall-clock time `HH:MM` (24 h). */
export const localTimePattern = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;

/**
 * How this terminal fiscalises its payments (54-ФЗ; docs/fiscal.md): with its own fiscal
 * registrar, or through another party named here. The requisites the receipt carries and the
 * thresholds at which the kiosk stops taking cash. Absent from an older central: such a kiosk
 * stays non-fiscal, as before.
 */
export const FiscalConfigSchema = z.object({
  mode: z.enum(['registrar', 'other-party']),
  /** Who fiscalises the payments when `mode` is 'other-party' (required then). */
  fiscalizedBy: z.string().min(1).max(200).optional(),
  taxSystem: z.enum(TAX_SYSTEMS),
  /** 1036: the automatic device's number, as registered with the ФНС. */
  automatNumber: z.string().min(1).max(20),
  /** 1009: the settlement address. */
  settlementAddress: z.string().min(1).max(256),
  /** 1187: the settlement place (where in the building the kiosk stands). */
  settlementPlace: z.string().min(1).max(256),
  /** 1060: the ФНС site printed on the receipt; www.nalog.gov.ru when absent. */
  fnsSiteUrl: z.string().min(1).max(256).optional(),
  /** Local time of the daily Z report and new shift, a quiet hour. */
  shiftCloseLocalTime: z.string().regex(localTimePattern),
  /** The oldest document the OFD has not confirmed: warn / stop taking cash after so many days. */
  ofdUnsentDaysWarn: z.number().int().min(1).max(30),
  ofdUnsentDaysBlock: z.number().int().min(1).max(30),
  /** Days left before the ФН expires: warn / stop taking cash at so many. */
  fnExpiryDaysWarn: z.number().int().min(0).max(400),
  fnExpiryDaysBlock: z.number().int().min(0).max(400),
});
export type FiscalConfig = z.infer<typeof FiscalConfigSchema>;

/** Why a fiscal block cannot be in force, or null (central refuses it with 422). */
export function fiscalConfigProblem(fiscal: FiscalConfig): string | null {
  if (fiscal.mode === 'other-party' && fiscal.fiscalizedBy === undefined) {
    return 'fiscal.fiscalizedBy names who fiscalises when fiscal.mode is other-party';
  }
  if (fiscal.ofdUnsentDaysWarn > fiscal.ofdUnsentDaysBlock) {
    return 'fiscal.ofdUnsentDaysWarn is above fiscal.ofdUnsentDaysBlock';
  }
  if (fiscal.fnExpiryDaysWarn < fiscal.fnExpiryDaysBlock) {
    return 'fiscal.fnExpiryDaysWarn is below fiscal.fnExpiryDaysBlock';
  }
  return null;
}

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
  /** How the terminal fiscalises; absent from an older central (the kiosk is then not fiscal). */
  fiscal: FiscalConfigSchema.optional(),
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
  fiscal: true,
})
  .partial()
  .strict();
export type TerminalConfigPatch = z.infer<typeof TerminalConfigPatchSchema>;
