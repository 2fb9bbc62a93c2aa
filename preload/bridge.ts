import {
  type Channel,
  type CommandResult,
  type EventName,
  isChannel,
  isEventName,
  type KioskBridge,
} from '../common/contract.ts';
import { err } from '../common/result.ts';
import { eventChannel, type InvokeMessage, invokeChannel } from './ipc-channels.ts';

/** The slice of `ipcRenderer` the bridge uses; the raw object never reaches the page. */
export type RendererIpc = {
  invoke(channel: string, message: InvokeMessage): Promise<unknown>;
  on(channel: string, listener: (event: unknown, message: unknown) => void): unknown;
};

/** A page cannot pile up listeners without bound (a leak in a 24/7 kiosk shows as a slow crash). */
export const listenersPerEventMax = 32;

/**
 * `window.kiosk`: exactly `invoke` and `on` from KioskBridge. Unknown channels and event names
 * are refused here as well as in main, and the IPC event object (which carries `sender`, i.e.
 * ipcRenderer itself) is never passed to page code.
 */
export function createBridge(ipc: RendererIpc): KioskBridge {
  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let subscribed = false;

  const deliver = (_event: unknown, message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const { event, payload } = message as { event?: unknown; payload?: unknown };
    if (!isEventName(event)) return;
    for (const listener of listeners.get(event) ?? []) {
      try {
        (listener as (payload: unknown) => void)(payload);
      } catch (error) {
        // One broken page listener must not starve the others of events.
        console.error(`kiosk: listener for ${event} threw`, error);
      }
    }
  };

  const invoke = async <C extends Channel>(channel: C, args: unknown) => {
    if (!isChannel(channel)) {
      return err({ kind: 'unknown-channel', message: 'Unknown command.' }) as CommandResult<C>;
    }
    try {
      const reply = await ipc.invoke(invokeChannel, { channel, args });
      if (isResult(reply)) return reply as CommandResult<C>;
      return err({ kind: 'internal', message: 'Malformed reply.' }) as CommandResult<C>;
    } catch {
      // Main never throws across IPC; this is a torn-down channel (reload, shutdown).
      return err({ kind: 'internal', message: 'IPC failed.' }) as CommandResult<C>;
    }
  };

  const on = <E extends EventName>(event: E, listener: (payload: never) => void) => {
    if (!isEventName(event) || typeof listener !== 'function') return () => {};
    if (!subscribed) {
      ipc.on(eventChannel, deliver);
      subscribed = true;
    }
    const set = listeners.get(event) ?? new Set();
    if (set.size >= listenersPerEventMax) {
      console.error(`kiosk: too many listeners for ${event}; refusing another`);
      return () => {};
    }
    set.add(listener);
    listeners.set(event, set);
    return () => {
      set.delete(listener);
    };
  };

  return Object.freeze({ invoke, on }) as KioskBridge;
}

function isResult(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const ok = (value as { ok?: unknown }).ok;
  return ok === true ? 'value' in value : ok === false && 'error' in value;
}
