/**
 * The fiscal part of central's wire (central/openapi.yaml; docs/fiscal.md): the document a
 * kiosk's registrar issued for a transfer, its acknowledgement, and the fiscal state a
 * terminal reports in its heartbeat.
 */
import { z } from 'zod';
import { kopecks, nullableTimeMs, timeMs, uuid7 } from './central-wire-base.ts';

const uint32 = z.number().int().min(0).max(4_294_967_295);

/**
 * POST /v1/terminal/transfers/{transferId}/fiscal: the fiscal document a kiosk's registrar
 * issued for a transfer (docs/fiscal.md). The same document again is a replay; another one
 * for the same transfer is 409. A receipt's `receiptNumber` (1042) is null only when the kiosk
 * found its own receipt in the ФН after a crash and could no longer ask for it.
 */
export const FiscalDocumentWireSchema = z.object({
  kind: z.enum(['receipt', 'correction']),
  fdNumber: uint32.min(1),
  fiscalSign: uint32,
  fnNumber: z.string().regex(/^[0-9]{16}$/),
  shiftNumber: uint32,
  receiptNumber: uint32.nullable(),
  /** 1012 as the ККТ printed it (its own clock, no time zone). */
  issuedAt: z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$/),
  totalKopecks: kopecks,
});
export type FiscalDocumentWire = z.infer<typeof FiscalDocumentWireSchema>;
export const FiscalDocumentAckSchema = z.object({
  transferId: uuid7,
  receivedAtMs: timeMs,
  replayed: z.boolean(),
});
export type FiscalDocumentAck = z.infer<typeof FiscalDocumentAckSchema>;

/** The terminal's fiscal state in its heartbeat (main/fiscal/fiscal-status.ts). */
export const FiscalStatusWireSchema = z.object({
  mode: z.enum(['registrar', 'other-party']),
  /** 'blocked': the kiosk takes no cash (reason says why); 'offline': the ФР does not answer. */
  state: z.enum(['ok', 'warning', 'blocked', 'offline']),
  reason: z.string().max(64).nullable(),
  warnings: z.array(z.string().max(64)).max(16),
  shiftNumber: uint32.nullable(),
  shiftOpenedAtMs: nullableTimeMs,
  fnNumber: z.string().max(16).nullable(),
  fnValidUntil: z.string().max(10).nullable(),
  ofdQueueCount: uint32.nullable(),
  ofdOldestAt: z.string().max(16).nullable(),
  /** Fiscal receipts still to issue, held after a ФН failure, and issued but not yet here. */
  pendingCount: uint32,
  heldCount: uint32,
  unsentCount: uint32,
});
export type FiscalStatusWire = z.infer<typeof FiscalStatusWireSchema>;
