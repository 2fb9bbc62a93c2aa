/**
 * Remote commands from the operator console to one kiosk (docs/CONSOLE.md "Remote commands").
 * Central signs each command with its roster key, as it signs the roster and the configuration,
 * and hands it out in the heartbeat answer; the kiosk checks the signature, that the command is
 * its own, not expired and newer than the last it ran, then reports the outcome on
 * POST /v1/terminal/commands/{commandId}/result.
 */
import { z } from 'zod';
import { terminalId, timeMs } from './central-wire-base.ts';

export const COMMAND_FORMAT = 'kiosk-command-v1';

export const COMMAND_KINDS = [
  'block-payments',
  'unblock-payments',
  'restart-app',
  'upload-logs',
  'screenshot',
  'refresh-config',
  'print-test-receipt',
] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

/** The operator's words on the kiosk's home screen while payments are blocked. */
export const BlockReasonSchema = z.string().trim().min(1).max(200);

/** A log range at most a week long: the kiosk keeps 14 files of at most 10 MB. */
export const LOG_RANGE_MS_MAX = 7 * 24 * 60 * 60_000;

export const CommandArgsSchemas = {
  'block-payments': z.object({ reason: BlockReasonSchema }).strict(),
  'unblock-payments': z.object({}).strict(),
  'restart-app': z.object({}).strict(),
  'upload-logs': z
    .object({ fromMs: timeMs, toMs: timeMs })
    .strict()
    .refine((range) => range.toMs > range.fromMs, 'toMs must be after fromMs')
    .refine((range) => range.toMs - range.fromMs <= LOG_RANGE_MS_MAX, 'at most seven days'),
  screenshot: z.object({}).strict(),
  'refresh-config': z.object({}).strict(),
  'print-test-receipt': z.object({}).strict(),
} as const satisfies Record<CommandKind, z.ZodType>;

/** What central signs. The kind is a plain string here: an unknown one is refused by name. */
export const CommandPayloadSchema = z.object({
  format: z.literal(COMMAND_FORMAT),
  terminalId,
  /** Per terminal, 1, 2, 3…: the kiosk never runs one not above the last it ran. */
  commandId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  kind: z.string().max(40),
  args: z.unknown(),
  issuedAtMs: timeMs,
  expiresAtMs: timeMs,
});
export type CommandPayload = z.infer<typeof CommandPayloadSchema>;

export const SignedCommandSchema = z.object({
  payload: z.string().max(4_000),
  signature: z.string().max(200),
});
export type SignedCommand = z.infer<typeof SignedCommandSchema>;

/** What the kiosk reports: taken (verified, about to run), done, refused, or failed running. */
export const COMMAND_OUTCOMES = ['acknowledged', 'done', 'refused', 'failed'] as const;
export type CommandOutcome = (typeof COMMAND_OUTCOMES)[number];

/** Why a kiosk refuses a command (shown in the console in its language). */
export const REFUSAL_REASONS = [
  'payer-session-open',
  'service-mode',
  'bad-signature',
  'invalid',
  'other-terminal',
  'unknown-command',
  'expired',
  'replayed',
] as const;

/** 4 MB of log text, or a PNG of a 1920×1080 screen: the largest a result may carry. */
export const COMMAND_FILE_BYTES_MAX = 4 * 1024 * 1024;

export const CommandFileSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('logs'),
    /** JSON lines, one per log record in the range, oldest first. */
    text: z.string().max(COMMAND_FILE_BYTES_MAX),
    lineCount: z.number().int().min(0),
    truncated: z.boolean(),
  }),
  z.object({
    kind: z.literal('screenshot'),
    pngBase64: z
      .string()
      .max(Math.ceil((COMMAND_FILE_BYTES_MAX * 4) / 3) + 4)
      .regex(/^[A-Za-z0-9+/]+=*$/),
    widthPx: z.number().int().min(1).max(10_000),
    heightPx: z.number().int().min(1).max(10_000),
    /** How it was taken: Electron's capturePage, or the renderer drawing its own page. */
    method: z.enum(['capture-page', 'renderer-dom']),
  }),
]);
export type CommandFile = z.infer<typeof CommandFileSchema>;

export const CommandResultSchema = z
  .object({
    outcome: z.enum(COMMAND_OUTCOMES),
    /** A refusal's reason (REFUSAL_REASONS) or a failure's short code. */
    reason: z.string().max(64).nullable(),
    /** Plain words for the operator (a failure's detail). */
    detail: z.string().max(500).nullable(),
    file: CommandFileSchema.optional(),
  })
  .strict();
export type CommandResult = z.infer<typeof CommandResultSchema>;

export const CommandResultAckSchema = z.object({
  commandId: z.number().int(),
  status: z.string(),
});
