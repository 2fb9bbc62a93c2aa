/**
 * The kiosk page's answers to main's screenshot request (renderer/src/app/self-capture.ts
 * draws the picture): one PNG chunk at a time, or the reason it could not be drawn.
 */
import type { ScreenshotChunkSchema } from '../../../common/contract/remote.ts';
import type { z } from 'zod';
import { call } from '../bridge/call.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';

export async function sendScreenshotChunk(
  bridge: Bridge,
  chunk: z.input<typeof ScreenshotChunkSchema>,
): Promise<boolean> {
  return (await call(bridge, 'remote:screenshotChunk', chunk)).ok;
}

export async function reportScreenshotFailure(
  bridge: Bridge,
  requestId: string,
  message: string,
): Promise<void> {
  await call(bridge, 'remote:screenshotFailed', { requestId, message: message.slice(0, 300) });
}
