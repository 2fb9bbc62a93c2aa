// biome-ignore lint/style/noRestrictedImports: this test runs in Node and plays the host.
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
// biome-ignore lint/style/noRestrictedImports: this test runs in Node and plays the host.
import { WebSocketServer } from 'ws';
import { createWsClient, type WsClient } from './ws-client.ts';

/**
 * The client against a real WebSocket server (Node 24 has a browser-compatible WebSocket):
 * replies, events, a server that goes away and comes back on the same port.
 */
type Server = { wss: WebSocketServer; port: number; close(): Promise<void> };

async function startServer(port = 0, options: { silent?: boolean } = {}): Promise<Server> {
  const wss = new WebSocketServer({ port, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const request = JSON.parse(String(data)) as { id: number; channel: string; args: unknown };
      if (options.silent) return;
      if (request.channel === 'echo') {
        socket.send(JSON.stringify({ id: request.id, result: { ok: true, value: request.args } }));
      } else {
        const error = { kind: 'unknown-channel', message: 'Unknown command.' };
        socket.send(JSON.stringify({ id: request.id, result: { ok: false, error } }));
      }
    });
  });
  return {
    wss,
    port: (wss.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

const untilState = (client: WsClient, state: 'open' | 'connecting') =>
  new Promise<void>((resolve) => {
    if (client.state() === state) resolve();
    const off = client.onConnection((next) => {
      if (next === state) {
        off();
        resolve();
      }
    });
  });

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

describe('createWsClient over a real socket', () => {
  it('answers calls, reports errors as values and delivers events', async () => {
    const server = await startServer();
    cleanups.push(() => server.close());
    const client = createWsClient({ url: `ws://127.0.0.1:${server.port}/ws`, backoffMsMin: 20 });
    cleanups.push(() => client.close());
    // Sent before the socket is open: queued, then flushed on open.
    const early = client.call('echo', { a: 1 });
    expect(await early).toEqual({ ok: true, value: { a: 1 } });
    expect(await client.call('nope', {})).toEqual({
      ok: false,
      error: { kind: 'unknown-channel', message: 'Unknown command.' },
    });
    const received: unknown[] = [];
    client.on('deposit:changed', (payload) => received.push(payload));
    for (const socket of server.wss.clients) {
      socket.send(JSON.stringify({ event: 'deposit:changed', payload: null }));
      socket.send('garbage that is not JSON');
    }
    await expect.poll(() => received).toEqual([null]);
  });

  it('fails calls in flight when the server goes away, then reconnects by itself', async () => {
    const silent = await startServer(0, { silent: true });
    const port = silent.port;
    const client = createWsClient({
      url: `ws://127.0.0.1:${port}/ws`,
      backoffMsMin: 20,
      backoffMsMax: 50,
    });
    cleanups.push(() => client.close());
    await untilState(client, 'open');
    const inFlight = client.call('echo', { b: 2 });
    await silent.close();
    expect(await inFlight).toMatchObject({ ok: false, error: { kind: 'disconnected' } });
    await untilState(client, 'connecting');
    const again = await startServer(port);
    cleanups.push(() => again.close());
    await untilState(client, 'open');
    expect(await client.call('echo', { c: 3 })).toEqual({ ok: true, value: { c: 3 } });
  });
});
