/**
 * A screenshot drawn by the renderer itself (common/contract/remote.ts): main asks every open
 * kiosk page with an event, the first page to answer sends its PNG in chunks, and main puts
 * them together. What the page draws is its own DOM (renderer/src/app/self-capture.ts), not
 * the pixels on the glass: an OS dialog or a broken display would not show. Electron's host
 * replaces this with webContents.capturePage, which does see the window's pixels.
 */
import { randomBytes } from 'node:crypto';
import type { remoteCommands } from '../../common/contract/remote.ts';
import { err, ok } from '../../common/result.ts';
import type { EventBus } from '../event-bus.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import type { RemoteHost } from './remote-command-runner.ts';

const CAPTURE_TIMEOUT_MS = 20_000;

type Pending = {
  chunks: (string | undefined)[];
  widthPx: number;
  heightPx: number;
  settle: (result: Awaited<ReturnType<NonNullable<RemoteHost['captureScreen']>>>) => void;
};

export function createRendererCapture(events: EventBus) {
  const pending = new Map<string, Pending>();

  const captureScreen: NonNullable<RemoteHost['captureScreen']> = () =>
    new Promise((resolve) => {
      const requestId = randomBytes(16).toString('hex');
      const timer = setTimeout(() => {
        pending.delete(requestId);
        resolve({ ok: false, message: 'no kiosk page answered (is the screen connected?)' });
      }, CAPTURE_TIMEOUT_MS);
      timer.unref();
      pending.set(requestId, {
        chunks: [],
        widthPx: 0,
        heightPx: 0,
        settle: (result) => {
          clearTimeout(timer);
          pending.delete(requestId);
          resolve(result);
        },
      });
      events.emit('remote:screenshotRequested', { requestId });
    });

  const handlers: HandlersFor<typeof remoteCommands> = {
    'remote:screenshotChunk': (chunk) => {
      const request = pending.get(chunk.requestId);
      if (request === undefined) return err({ kind: 'unknown-request', message: 'not asked' });
      if (request.chunks.length === 0) request.chunks = new Array(chunk.total);
      if (chunk.total !== request.chunks.length || chunk.index >= chunk.total) {
        return err({ kind: 'bad-request', message: 'chunk out of range' });
      }
      request.chunks[chunk.index] = chunk.base64;
      request.widthPx = chunk.widthPx;
      request.heightPx = chunk.heightPx;
      const received = request.chunks.filter((part) => part !== undefined).length;
      if (received === chunk.total) {
        const png = Buffer.from(request.chunks.join(''), 'base64');
        const signature = png.subarray(0, 8).toString('hex');
        request.settle(
          signature === '89504e470d0a1a0a'
            ? {
                ok: true,
                png,
                widthPx: request.widthPx,
                heightPx: request.heightPx,
                method: 'renderer-dom',
              }
            : { ok: false, message: 'the page sent something that is not a PNG' },
        );
      }
      return ok({ received });
    },
    'remote:screenshotFailed': ({ requestId, message }) => {
      pending
        .get(requestId)
        ?.settle({ ok: false, message: `the page could not draw itself: ${message}` });
      return ok({ received: true as const });
    },
  };

  return { captureScreen, handlers };
}
