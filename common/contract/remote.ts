/**
 * A screenshot the console asked for, taken by the renderer itself where the host cannot
 * capture its window (the headless host): main asks with an event, the page draws its own DOM
 * into a PNG and hands it back in chunks small enough for one IPC message each.
 */
import { z } from 'zod';
import { command } from './base.ts';

/** Characters of base64 per chunk: well under the 64 KB message limit (common/limits.ts). */
export const SCREENSHOT_CHUNK_CHARS = 48_000;
/** A PNG of at most 4 MB: 120 chunks. */
export const SCREENSHOT_CHUNKS_MAX = 120;

export const ScreenshotChunkSchema = z
  .object({
    requestId: z.string().regex(/^[a-f0-9]{16,64}$/),
    index: z
      .number()
      .int()
      .min(0)
      .max(SCREENSHOT_CHUNKS_MAX - 1),
    total: z.number().int().min(1).max(SCREENSHOT_CHUNKS_MAX),
    base64: z
      .string()
      .max(SCREENSHOT_CHUNK_CHARS)
      .regex(/^[A-Za-z0-9+/]*=*$/),
    widthPx: z.number().int().min(1).max(10_000),
    heightPx: z.number().int().min(1).max(10_000),
  })
  .strict();

export const remoteCommands = {
  /** One chunk of the PNG asked for by 'remote:screenshotRequested'; or the page's failure. */
  'remote:screenshotChunk': command(ScreenshotChunkSchema, z.object({ received: z.number() })),
  'remote:screenshotFailed': command(
    z
      .object({ requestId: z.string().regex(/^[a-f0-9]{16,64}$/), message: z.string().max(300) })
      .strict(),
    z.object({ received: z.literal(true) }),
  ),
} as const;

export const remoteEvents = {
  'remote:screenshotRequested': z.object({ requestId: z.string() }),
} as const;
