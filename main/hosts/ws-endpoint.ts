import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { WireReply } from '../../common/contract.ts';
import { limits } from '../../common/limits.ts';
import type { Logger } from '../log.ts';
import type { Dispatcher } from './dispatch.ts';

/**
 * One WebSocket endpoint speaking the contract's wire format. Frames above the hard cap are
 * refused by `ws` itself; frames above the contract's message limit, malformed JSON, bad shapes
 * and unknown channels all get an error reply and a log line. Nothing a client sends can throw
 * out of here.
 */
export type WsEndpoint = {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  broadcast(message: unknown): void;
  clientCount(): number;
  close(): Promise<void>;
};

/** `ws` closes the socket above this; between ipcMessageBytesMax and this we answer politely. */
const frameBytesHardMax = limits.ipcMessageBytesMax * 16;

export function createWsEndpoint(name: string, dispatch: Dispatcher, log: Logger): WsEndpoint {
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: frameBytesHardMax,
    perMessageDeflate: false,
  });
  let clientSerial = 0;

  server.on('connection', (socket: WebSocket) => {
    clientSerial += 1;
    const client = `${name}:${clientSerial}`;
    let inflight = 0;
    log.info({ client }, 'client connected');
    socket.on('error', (error) => log.warn({ client, err: error }, 'socket error'));
    socket.on('close', () => log.info({ client }, 'client disconnected'));
    socket.on('message', (data, isBinary) => {
      const size = rawSize(data);
      const reply = (message: WireReply) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
      };
      if (isBinary || size > limits.ipcMessageBytesMax) {
        log.warn({ client, size, isBinary }, 'refused message: binary or oversized');
        reply(badRequest(null, 'Message too large or not text.'));
        return;
      }
      const request = parseRequest(rawText(data));
      if (!request.ok) {
        log.warn({ client, reason: request.reason }, 'refused malformed message');
        reply(badRequest(request.id, request.reason));
        return;
      }
      if (inflight >= limits.wsInflightMax) {
        reply({
          id: request.id,
          result: { ok: false, error: { kind: 'busy', message: 'Too many requests.' } },
        });
        return;
      }
      inflight += 1;
      dispatch(request.channel, request.args, { client })
        .then((result) => reply({ id: request.id, result }))
        .catch((error: unknown) => {
          log.error({ client, err: error }, 'dispatch failed');
          reply({
            id: request.id,
            result: { ok: false, error: { kind: 'internal', message: 'Internal error.' } },
          });
        })
        .finally(() => {
          inflight -= 1;
        });
    });
  });

  return {
    handleUpgrade(request, socket, head) {
      if (server.clients.size >= limits.wsClientsMax) {
        log.warn({ endpoint: name }, 'refused client: too many');
        socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
        return;
      }
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },
    broadcast(message) {
      const text = JSON.stringify(message);
      for (const client of server.clients) {
        if (client.readyState === client.OPEN) client.send(text);
      }
    },
    clientCount: () => server.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

type ParsedRequest =
  | { ok: true; id: number; channel: string; args: unknown }
  | { ok: false; id: number | null; reason: string };

function parseRequest(text: string): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, id: null, reason: 'Message is not JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, id: null, reason: 'Message must be an object.' };
  }
  const record = value as Record<string, unknown>;
  const id = Number.isSafeInteger(record.id) ? (record.id as number) : null;
  if (id === null) return { ok: false, id: null, reason: 'Message needs an integer id.' };
  if (typeof record.channel !== 'string')
    return { ok: false, id, reason: 'Message needs a channel.' };
  return { ok: true, id, channel: record.channel, args: record.args };
}

function badRequest(id: number | null, message: string): WireReply {
  return { id: id ?? -1, result: { ok: false, error: { kind: 'bad-request', message } } };
}

type RawData = Buffer | ArrayBuffer | Buffer[];

function rawSize(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((total, part) => total + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}
