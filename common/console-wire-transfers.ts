/**
 * The console's transfers (central/openapi.yaml, `/v1/console/transfers*`): a search over the
 * transfers in the user's scope, each with its lifecycle (accepted → sent → credited |
 * returned), and the credit and return an operator takes by hand.
 */
import { z } from 'zod';
import { facilityId, kopecks, nullableTimeMs, timeMs, uuid7 } from './central-wire-base.ts';

export const CONSOLE_TRANSFER_STATUSES = ['accepted', 'sent', 'credited', 'returned'] as const;

/** At most this many rows per answer; `truncated` says there were more. */
export const CONSOLE_TRANSFERS_LIMIT_MAX = 500;

export const ConsoleTransferSchema = z.object({
  transferId: uuid7,
  /** The kiosk that took the cash, or `@web` for a payer app's wallet payment. */
  terminalId: z.string().max(64),
  status: z.enum(CONSOLE_TRANSFER_STATUSES),
  depositedKopecks: kopecks,
  amountKopecks: kopecks,
  commissionKopecks: kopecks,
  /** «Иванов И. И.», as every other screen shows the recipient. */
  recipientMasked: z.string().max(100),
  recipientBirthYear: z.number().int().min(1900).max(2100),
  facilityId,
  facilityName: z.string().max(200),
  regionCode: z.string().max(2).nullable(),
  kioskCreatedAtMs: timeMs,
  acceptedAtMs: timeMs,
  sentAtMs: nullableTimeMs,
  creditedAtMs: nullableTimeMs,
  returnedAtMs: nullableTimeMs,
  returnReason: z.string().max(200).nullable(),
  /**
   * The sender's locked name, when a logged-in payer sent it: only to roles that credit
   * (`transfers.credit`); null for everyone else and for an anonymous payment.
   */
  senderName: z.string().max(200).nullable(),
});
export type ConsoleTransfer = z.infer<typeof ConsoleTransferSchema>;

export const ConsoleTransferListSchema = z.object({
  transfers: z.array(ConsoleTransferSchema).max(CONSOLE_TRANSFERS_LIMIT_MAX),
  /** More rows matched than were sent: narrow the search. */
  truncated: z.boolean(),
});
export type ConsoleTransferList = z.infer<typeof ConsoleTransferListSchema>;

export const ConsoleTransferReturnSchema = z
  .object({ reason: z.string().min(1).max(200) })
  .strict();

/** The components openapi.yaml must describe alike (central/wire-contract.test.ts). */
export const consoleTransferWireComponents = {
  ConsoleTransfer: ConsoleTransferSchema,
  ConsoleTransferList: ConsoleTransferListSchema,
  ConsoleTransferReturn: ConsoleTransferReturnSchema,
} as const;
