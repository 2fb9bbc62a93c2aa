import { z } from 'zod';
import { command, Empty, KopecksSchema } from './base.ts';

/**
 * The emulator panel (a separate page of the demo, never the kiosk screen) and the e2e tests'
 * device control. Served only when devices are emulated, on its own WebSocket endpoint.
 */
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
    receipts: z
      .array(
        z.object({
          id: z.number().int(),
          text: z.string().max(20_000),
          qrPayloads: z.array(z.string().max(500)),
          cut: z.boolean(),
          /** data:image/png;base64 of the paper strip, when rendered. */
          pngDataUrl: z.string().nullable(),
        }),
      )
      .max(50),
  }),
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
  /** Test control: make the kiosk's idle timers fire now instead of waiting. */
  'test:expireIdle': command(Empty, Done),
} as const;

export const panelEvents = {
  'emulator:changed': EmulatorSnapshotSchema,
} as const;

export type PanelChannel = keyof typeof panelCommands;
