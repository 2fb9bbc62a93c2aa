import { z } from 'zod';
import { command, Empty, KopecksSchema } from './base.ts';

/**
 * The emulator panel (a separate page of the demo, never the kiosk screen) and the e2e tests'
 * device control. Served only when devices are emulated, on its own WebSocket endpoint.
 */
/** A printed piece of paper as the panel shows it (the ESC/POS printer's or the ФР's tape). */
const PrintedPieceSchema = z.object({
  id: z.number().int(),
  text: z.string().max(20_000),
  qrPayloads: z.array(z.string().max(500)),
  cut: z.boolean(),
  /** data:image/png;base64 of the paper strip, when rendered. */
  pngDataUrl: z.string().nullable(),
});

/** The faults and events the panel can cause in the emulated fiscal registrar (ФР). */
export const FiscalEmulatorActionSchema = z.enum([
  'paper-out',
  'paper-in',
  'cover-open',
  'cover-close',
  /** The ФН's validity ends in two days: inside the blocking margin. */
  'fn-near-expiry',
  /** The ФН's memory is full: it signs nothing more. */
  'fn-full',
  /** Back to a healthy ФН: no fault, validity a year ahead, room for documents. */
  'fn-ok',
  /** The OFD stops answering: every new document waits in the queue. */
  'ofd-down',
  'ofd-up',
  /** The OFD queue's oldest document becomes 26 days old (the ККТ clock moves on). */
  'ofd-age-26d',
  'power-off',
  'power-on',
  /** The next command runs, then the power fails before its answer. */
  'power-loss-next',
  /** The ККТ clock moves 24 hours on: the open shift runs out. */
  'clock-24h',
]);
export type FiscalEmulatorAction = z.infer<typeof FiscalEmulatorActionSchema>;

export const FiscalEmulatorSnapshotSchema = z.object({
  poweredOn: z.boolean(),
  /** The ККТ's mode in words ('shift open', 'receipt open', …). */
  mode: z.string().max(64),
  clock: z.string().max(19),
  shift: z.object({
    open: z.boolean(),
    number: z.number().int(),
    openedAt: z.string().max(19).nullable(),
    expired: z.boolean(),
    receiptCount: z.number().int(),
  }),
  fn: z.object({
    number: z.string().max(16),
    validUntil: z.string().max(10),
    lastFdNumber: z.number().int(),
    fault: z.string().max(32),
    blockedWith: z.number().int().nullable(),
    documents: z.number().int(),
    capacityDocuments: z.number().int(),
  }),
  ofd: z.object({
    link: z.enum(['up', 'down']),
    queueCount: z.number().int(),
    oldestQueuedAt: z.string().max(16).nullable(),
  }),
  paper: z.enum(['ok', 'out']),
  coverOpen: z.boolean(),
  /** The tape, newest piece first; the piece still hanging out of the printer has cut false. */
  tape: z.array(PrintedPieceSchema).max(50),
});
export type FiscalEmulatorSnapshot = z.infer<typeof FiscalEmulatorSnapshotSchema>;

export const EmulatorSnapshotSchema = z.object({
  acceptor: z.object({
    /** Device state as the emulator sees it: 'idling', 'escrow', 'disabled', 'jam', … */
    state: z.string().max(64),
    enabled: z.boolean(),
    cassettePresent: z.boolean(),
    jammed: z.boolean(),
    billTable: z.array(z.object({ billType: z.number().int(), noteKopecks: KopecksSchema })),
    cassette: z.object({
      notes: z.array(z.object({ noteKopecks: KopecksSchema, count: z.number().int() })),
      totalKopecks: KopecksSchema,
      count: z.number().int(),
    }),
    log: z.array(z.string().max(300)).max(50),
  }),
  printer: z.object({
    paper: z.enum(['ok', 'near-end', 'out']),
    coverOpen: z.boolean(),
    offline: z.boolean(),
    receipts: z.array(PrintedPieceSchema).max(50),
  }),
  /** The emulated fiscal registrar; null or absent when it is real hardware or none. */
  fiscal: FiscalEmulatorSnapshotSchema.nullable().optional(),
});
export type EmulatorSnapshot = z.infer<typeof EmulatorSnapshotSchema>;

const Done = z.object({ done: z.boolean() });

export const panelCommands = {
  'emulator:snapshot': command(Empty, EmulatorSnapshotSchema),
  'emulator:insertNote': command(z.object({ noteKopecks: KopecksSchema }).strict(), Done),
  'emulator:insertFake': command(Empty, Done),
  'emulator:insertNewSeries': command(z.object({ noteKopecks: KopecksSchema }).strict(), Done),
  'emulator:jam': command(Empty, Done),
  'emulator:clearJam': command(Empty, Done),
  'emulator:removeCassette': command(Empty, Done),
  'emulator:insertCassette': command(Empty, Done),
  'emulator:powerCycle': command(Empty, Done),
  'printer:setState': command(
    z
      .object({
        paper: z.enum(['ok', 'near-end', 'out']).optional(),
        coverOpen: z.boolean().optional(),
        offline: z.boolean().optional(),
      })
      .strict(),
    Done,
  ),
  /** A fault or event in the emulated fiscal registrar. Errors: 'no-emulator'. */
  'fiscal:emulate': command(z.object({ action: FiscalEmulatorActionSchema }).strict(), Done),
  /** Test control: make the kiosk's idle timers fire now instead of waiting. */
  'test:expireIdle': command(Empty, Done),
} as const;

export const panelEvents = {
  'emulator:changed': EmulatorSnapshotSchema,
} as const;

export type PanelChannel = keyof typeof panelCommands;
