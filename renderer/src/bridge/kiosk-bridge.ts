import {
  type Channel,
  type CommandArgs,
  type CommandResult,
  commands,
  type EventName,
  type EventPayload,
  events,
  type KioskBridge,
} from '../../../common/contract.ts';
import { err } from '../../../common/result.ts';
import { type ConnectionState, createWsClient, type WsClient, wsUrlFromPage } from './ws-client.ts';

/**
 * The renderer's one door to main: `window.kiosk` (Electron preload) when present, else the
 * headless host's WebSocket. Over the WebSocket every reply and event is checked against the
 * contract; anything that does not fit becomes an error value, never an exception.
 */
export type Bridge = KioskBridge & {
  onConnection(listener: (state: ConnectionState) => void): () => void;
  connection(): ConnectionState;
};

declare global {
  interface Window {
    kiosk?: KioskBridge;
  }
}

export function createBridge(): Bridge {
  const preload = window.kiosk;
  if (preload) {
    return {
      invoke: (channel, args) => preload.invoke(channel, args),
      on: (event, listener) => preload.on(event, listener),
      onConnection: () => () => {},
      connection: () => 'open',
    };
  }
  return wsBridge(createWsClient({ url: wsUrlFromPage(window.location, '/ws') }));
}

function wsBridge(client: WsClient): Bridge {
  return {
    async invoke<C extends Channel>(channel: C, args: CommandArgs<C>): Promise<CommandResult<C>> {
      const result = await client.call(channel, args);
      if (!result.ok) return result;
      const parsed = commands[channel].result.safeParse(result.value);
      if (!parsed.success) return err({ kind: 'bad-reply', message: `Bad reply to ${channel}.` });
      return {
        ok: true,
        value: parsed.data as CommandResult<C> extends { value: infer V } ? V : never,
      };
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      return client.on(event, (payload) => {
        const parsed = events[event].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<E>);
      });
    },
    onConnection: (listener) => client.onConnection(listener),
    connection: () => client.state(),
  };
}
