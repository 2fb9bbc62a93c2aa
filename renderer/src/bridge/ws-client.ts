import type { IpcError } from '../../../common/contract.ts';
import { err, type Result } from '../../../common/result.ts';

/**
 * A contract client over the headless host's WebSocket. It reconnects with backoff forever: a
 * kiosk page must never show a developer error because main restarted. Calls made while the
 * socket is down wait (bounded) for it to come back; calls in flight when it drops fail with
 * 'disconnected' so a screen can say «нет связи» and let the payer retry.
 */
export type ConnectionState = 'connecting' | 'open';

export type WsClient = {
  call(channel: string, args: unknown): Promise<Result<unknown, IpcError>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  state(): ConnectionState;
  close(): void;
};

export type WsClientOptions = {
  url: string;
  backoffMsMin?: number;
  backoffMsMax?: number;
  callTimeoutMs?: number;
};

const queuedCallsMax = 64;

type Pending = {
  resolve: (result: Result<unknown, IpcError>) => void;
  timer: ReturnType<typeof setTimeout>;
};

export function createWsClient(options: WsClientOptions): WsClient {
  const backoffMsMin = options.backoffMsMin ?? 250;
  const backoffMsMax = options.backoffMsMax ?? 5_000;
  const callTimeoutMs = options.callTimeoutMs ?? 20_000;
  const pending = new Map<number, Pending>();
  const queued: string[] = [];
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let socket: WebSocket | null = null;
  let current: ConnectionState = 'connecting';
  let nextId = 1;
  let backoffMs = backoffMsMin;
  let closed = false;

  const setState = (next: ConnectionState) => {
    if (next === current) return;
    current = next;
    for (const listener of stateListeners) listener(next);
  };
  const failAll = (kind: string) => {
    for (const [id, entry] of pending) {
      clearTimeout(entry.timer);
      entry.resolve(err({ kind, message: 'No connection to the kiosk service.' }));
      pending.delete(id);
    }
    queued.length = 0;
  };
  const onMessage = (data: unknown) => {
    const message = parseMessage(data);
    if (message === null) return;
    if ('event' in message) {
      for (const listener of eventListeners.get(message.event) ?? []) listener(message.payload);
      return;
    }
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    clearTimeout(entry.timer);
    entry.resolve(message.result);
  };
  const connect = () => {
    if (closed) return;
    const ws = new WebSocket(options.url);
    socket = ws;
    ws.onopen = () => {
      backoffMs = backoffMsMin;
      setState('open');
      for (const text of queued.splice(0)) ws.send(text);
    };
    ws.onmessage = (event) => onMessage(event.data);
    ws.onclose = () => {
      socket = null;
      setState('connecting');
      failAll('disconnected');
      if (closed) return;
      setTimeout(connect, backoffMs);
      backoffMs = Math.min(backoffMs * 2, backoffMsMax);
    };
  };
  connect();

  return {
    call(channel, args) {
      const id = nextId++;
      const text = JSON.stringify({ id, channel, args });
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve(err({ kind: 'timeout', message: 'The kiosk service did not answer.' }));
        }, callTimeoutMs);
        pending.set(id, { resolve, timer });
        if (socket !== null && socket.readyState === WebSocket.OPEN) {
          socket.send(text);
        } else if (queued.length < queuedCallsMax) {
          queued.push(text);
        } else {
          pending.delete(id);
          clearTimeout(timer);
          resolve(err({ kind: 'disconnected', message: 'No connection to the kiosk service.' }));
        }
      });
    },
    on(event, listener) {
      let set = eventListeners.get(event);
      if (!set) {
        set = new Set();
        eventListeners.set(event, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    onConnection(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    state: () => current,
    close() {
      closed = true;
      socket?.close();
    },
  };
}

type Incoming =
  | { event: string; payload: unknown }
  | { id: number; result: Result<unknown, IpcError> };

/** The host is trusted but the wire is still outside input: anything malformed is dropped. */
export function parseMessage(data: unknown): Incoming | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  if (typeof record.event === 'string') return { event: record.event, payload: record.payload };
  if (!Number.isSafeInteger(record.id)) return null;
  const result = record.result as Record<string, unknown> | undefined;
  if (typeof result !== 'object' || result === null) return null;
  if (result.ok === true)
    return { id: record.id as number, result: { ok: true, value: result.value } };
  const error = result.error as Record<string, unknown> | undefined;
  const kind = typeof error?.kind === 'string' ? error.kind : 'internal';
  const message = typeof error?.message === 'string' ? error.message : '';
  return { id: record.id as number, result: err({ kind, message }) };
}

/** ws://host/<endpoint>?token=… from the page's own URL (the token is in its query). */
export function wsUrlFromPage(location: Location, endpoint: '/ws' | '/panel-ws'): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${endpoint}?token=${encodeURIComponent(token)}`;
}
