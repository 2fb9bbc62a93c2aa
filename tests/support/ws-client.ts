import WebSocket from 'ws';

/** A minimal contract client over the headless host's WebSocket, for tests. */
export type TestClient = {
  socket: WebSocket;
  call(
    channel: string,
    args?: unknown,
  ): Promise<{ ok: boolean; value?: unknown; error?: { kind: string } }>;
  sendRaw(data: string | Buffer): void;
  replies: unknown[];
  events: { event: string; payload: unknown }[];
  close(): void;
};

export async function connectClient(wsUrl: string, origin: string): Promise<TestClient> {
  const socket = new WebSocket(wsUrl, { origin });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused: ${response.statusCode}`)),
    );
  });
  const pending = new Map<number, (result: never) => void>();
  const replies: unknown[] = [];
  const events: { event: string; payload: unknown }[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if ('event' in message) {
      events.push(message);
      return;
    }
    replies.push(message);
    const resolve = pending.get(message.id);
    if (resolve) {
      pending.delete(message.id);
      resolve(message.result as never);
    }
  });
  let nextId = 1_000_000;
  return {
    socket,
    replies,
    events,
    call(channel, args = {}) {
      nextId += 1;
      const id = nextId;
      socket.send(JSON.stringify({ id, channel, args }));
      return new Promise((resolve) => pending.set(id, resolve));
    },
    sendRaw(data) {
      socket.send(data);
    },
    close() {
      socket.close();
    },
  };
}

export function wsUrlOf(pageUrl: string, endpoint = '/ws'): string {
  const url = new URL(pageUrl);
  return `ws://${url.host}${endpoint}?token=${url.searchParams.get('token')}`;
}
