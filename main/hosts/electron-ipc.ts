import type * as Electron from 'electron';
import type { IpcError, WireEvent } from '../../common/contract.ts';
import { err, type Result } from '../../common/result.ts';
import { eventChannel, invokeChannel } from '../../preload/ipc-channels.ts';
import type { Logger } from '../log.ts';
import type { Dispatcher } from './dispatch.ts';
import { isAppUrl } from './electron-security.ts';
import type { EventSource } from './headless.ts';

/**
 * The one IPC handler: `kiosk:invoke` carrying `{ channel, args }` into the validating
 * dispatcher. The sender must be the top frame of our window showing an app:// page; anything
 * else gets an error Result. Nothing is thrown across IPC: Electron would pass a bare message.
 */
export type InvokeSender = {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
};

/** Why a sender is refused, or null when it is our page. */
export function senderRefusal(
  event: InvokeSender,
  trustedContentsId: number | null,
): string | null {
  if (trustedContentsId === null || event.sender.id !== trustedContentsId) return 'other contents';
  const frame = event.senderFrame;
  if (frame === null) return 'frame gone';
  if (frame.parent !== null) return 'subframe';
  if (!isAppUrl(frame.url)) return 'foreign origin';
  return null;
}

export async function handleInvoke(
  event: InvokeSender,
  message: unknown,
  options: { dispatch: Dispatcher; trustedContentsId: () => number | null; log: Logger },
): Promise<Result<unknown, IpcError>> {
  try {
    const refusal = senderRefusal(event, options.trustedContentsId());
    if (refusal !== null) {
      options.log.warn(
        { refusal, url: event.senderFrame?.url.slice(0, 200) ?? null },
        'refused IPC sender',
      );
      return err({ kind: 'forbidden', message: 'Sender not allowed.' });
    }
    if (typeof message !== 'object' || message === null || !('channel' in message)) {
      return err({ kind: 'bad-request', message: 'Expected { channel, args }.' });
    }
    const { channel, args } = message as { channel: unknown; args?: unknown };
    return await options.dispatch(channel, args, { client: 'electron' });
  } catch (error) {
    // The dispatcher never throws; this guards the guard (e.g. a getter on a hostile object).
    options.log.error({ err: error }, 'IPC invoke failed');
    return err({ kind: 'internal', message: 'Internal error.' });
  }
}

export function registerIpc(options: {
  ipcMain: Electron.IpcMain;
  dispatch: Dispatcher;
  trustedContentsId: () => number | null;
  log: Logger;
}): () => void {
  options.ipcMain.handle(invokeChannel, (event, message: unknown) =>
    handleInvoke(event, message, options),
  );
  return () => options.ipcMain.removeHandler(invokeChannel);
}

/** Forwards bus events to the page; a destroyed or crashed page just misses them. */
export function forwardEvents(
  events: EventSource,
  target: () => Electron.WebContents | null,
  log: Logger,
): () => void {
  return events.subscribe((event, payload) => {
    const contents = target();
    if (contents === null || contents.isDestroyed()) return;
    const message: WireEvent = { event, payload };
    try {
      contents.send(eventChannel, message);
    } catch (error) {
      log.warn({ err: error, event }, 'could not forward event');
    }
  });
}
