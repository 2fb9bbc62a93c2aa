import { z } from 'zod';
import { KopecksSchema } from './base.ts';

/**
 * The fiscal side of the contract (54-ФЗ; docs/fiscal.md): why a fiscal terminal takes no cash,
 * what a completed payment's fiscal receipt is, and what service mode shows and does with the
 * fiscal registrar (ФР). Everything here is optional on the wire for older screens.
 */

/**
 * `KioskStatus.unavailableReason` values a fiscal terminal adds: one per kind of refusal the
 * cash gate makes (main/app/fiscal-wiring.ts maps the gate's kinds onto these). The renderer
 * has a text for each in every payer language (`status.<reason>`).
 */
export const fiscalUnavailableReasons = [
  /** The ФР does not answer. */
  'fiscal-offline',
  /** No receipt paper, or a print waits for paper. */
  'fiscal-paper-out',
  /** The ФР's cover is open. */
  'fiscal-cover-open',
  /** The ФН is not in its fiscal phase (not registered, closed, archive). */
  'fiscal-fn-blocked',
  /** The ФН's validity ended, or ends within the blocking margin. */
  'fiscal-fn-expired',
  /** The ФН reports a critical error. */
  'fiscal-fn-critical',
  /** The OFD has not confirmed a document for too many days (the 30-day rule). */
  'fiscal-ofd-too-old',
  /** The shift cannot be used now: it ran out, is being closed and reopened, or cannot open. */
  'fiscal-shift',
  /** A document is left open, or receipts are held or waiting too long. */
  'fiscal-document-stuck',
  /** KIOSK_FISCAL=none and the operator has not confirmed that another party fiscalises. */
  'fiscal-not-confirmed',
  /** Central's configuration lacks the fiscal block the receipt needs (СНО, automat, place). */
  'fiscal-no-requisites',
] as const;
export type FiscalUnavailableReason = (typeof fiscalUnavailableReasons)[number];

const uint32 = z.number().int().min(0).max(4_294_967_295);
const kktTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);

/** A fiscal document as the receipt prints it (1040 ФД, 1077 ФП, 1041 ФН, 1038, 1042, 1012). */
export const FiscalDocumentViewSchema = z.object({
  fdNumber: uint32,
  fiscalSign: uint32,
  fnNumber: z.string().max(16),
  shiftNumber: uint32,
  /** null: found in the ФН after a crash, when the receipt number could no longer be asked. */
  receiptNumber: uint32.nullable(),
  issuedAt: kktTime,
  totalKopecks: KopecksSchema,
});
export type FiscalDocumentView = z.infer<typeof FiscalDocumentViewSchema>;

/**
 * A completed payment's fiscal receipt. 'issued': the ФН signed it (document set); 'pending':
 * the queue is still issuing it (a retry after a fault; the screen says it will be printed);
 * 'held': the ФР cannot issue it now, the operator is told; 'other-party': another party
 * fiscalises this payment (`fiscalizedBy`).
 */
export const PaymentFiscalSchema = z.object({
  state: z.enum(['issued', 'pending', 'held', 'other-party']),
  document: FiscalDocumentViewSchema.nullable(),
  fiscalizedBy: z.string().max(200).nullable(),
});
export type PaymentFiscal = z.infer<typeof PaymentFiscalSchema>;

/** What the fiscal registrar itself reports (null when it does not answer). */
export const FiscalRegistrarViewSchema = z.object({
  shift: z.enum(['open', 'expired', 'closed']),
  shiftNumber: uint32,
  documentOpen: z.boolean(),
  printing: z.enum(['idle', 'busy', 'paper-out-waiting', 'waiting-continue']),
  paper: z.enum(['ok', 'out']),
  coverOpen: z.boolean(),
  /** The ККТ's own clock, `YYYY-MM-DDTHH:MM:SS`. */
  clock: z.string().max(19),
  fn: z.object({
    number: z.string().max(16),
    phase: z.enum(['setup', 'fiscal', 'closed', 'archive']),
    lastFdNumber: uint32,
    validUntil: z.string().max(10),
    /** Raised ФН flags: 'replace-urgently', 'resource-low', 'memory-near-full', … */
    flags: z.array(z.string().max(32)).max(8),
  }),
  ofd: z.object({
    queueCount: uint32,
    oldestQueuedAt: z.string().max(16).nullable(),
  }),
});
export type FiscalRegistrarView = z.infer<typeof FiscalRegistrarViewSchema>;

/** Service mode's fiscal panel. */
export const FiscalPanelSchema = z.object({
  /** KIOSK_FISCAL as configured: a registrar ('shtrih', 'emulator') or 'none'. */
  adapter: z.string().max(32),
  mode: z.enum(['registrar', 'other-party']),
  /** 'blocked': no cash is taken (reason); 'offline': the ФР does not answer. */
  state: z.enum(['ok', 'warning', 'blocked', 'offline']),
  reason: z.string().max(64).nullable(),
  /** The gate's words for the operator (never shown to payers). */
  detail: z.string().max(500),
  warnings: z.array(z.string().max(64)).max(16),
  registrar: FiscalRegistrarViewSchema.nullable(),
  /** When the kiosk opened the current shift (its own record); null: not known. */
  shiftOpenedAtMs: z.number().int().nullable(),
  /** When the shift keeper will next close and reopen the shift. */
  nextShiftChangeAtMs: z.number().int().nullable(),
  receipts: z.object({
    /** Still to issue; held after a ФН failure; issued but not yet reported to central. */
    pending: uint32,
    held: uint32,
    unsent: uint32,
    oldestPendingAtMs: z.number().int().nullable(),
  }),
  /** KIOSK_FISCAL=none: who central names, and whether an operator confirmed it. */
  otherParty: z
    .object({
      fiscalizedBy: z.string().max(200).nullable(),
      confirmed: z
        .object({
          atMs: z.number().int(),
          role: z.string().max(32),
          fiscalizedBy: z.string().max(200),
        })
        .nullable(),
    })
    .nullable(),
});
export type FiscalPanel = z.infer<typeof FiscalPanelSchema>;

export const ShiftReportViewSchema = z.object({
  shiftNumber: uint32,
  fdNumber: uint32,
  fiscalSign: uint32,
});
