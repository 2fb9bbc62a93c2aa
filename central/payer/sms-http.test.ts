import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpSmsGateway, SmsSendError } from './sms-http.ts';

type Seen = { authorization: string | undefined; contentType: string | undefined; body: unknown };

let server: Server | null = null;

async function provider(answer: (request: IncomingMessage) => number | 'hang') {
  const seen: Seen[] = [];
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      const status = answer(request);
      if (status === 'hang') return;
      response.writeHead(status, { 'content-type': 'application/json' }).end('{"id":"x"}');
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/send`, seen };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

const message = { phone: '+79001234567', text: 'Код входа: 123456.', sentAtMs: 1 };

describe('HTTP SMS gateway', () => {
  it('posts phone and text as JSON with the key as a bearer token', async () => {
    const { url, seen } = await provider(() => 200);
    const gateway = createHttpSmsGateway({ url, apiKey: 'key-1', timeoutMs: 5_000 });
    await gateway.send(message);
    expect(seen).toEqual([
      {
        authorization: 'Bearer key-1',
        contentType: 'application/json',
        body: { phone: '+79001234567', text: 'Код входа: 123456.' },
      },
    ]);
  });

  it('rejects when the provider refuses, without the text in the error', async () => {
    const { url } = await provider(() => 401);
    const gateway = createHttpSmsGateway({ url, apiKey: 'wrong', timeoutMs: 5_000 });
    const failure = await gateway.send(message).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SmsSendError);
    expect(String(failure)).toContain('401');
    expect(String(failure)).not.toContain('123456');
  });

  it('rejects when the provider does not answer in time', async () => {
    const { url } = await provider(() => 'hang');
    const gateway = createHttpSmsGateway({ url, apiKey: 'k', timeoutMs: 50 });
    await expect(gateway.send(message)).rejects.toThrow(/no answer in 50 ms/);
  });

  it('refuses a URL that is not http(s) at construction', () => {
    expect(() => createHttpSmsGateway({ url: 'file:///x', apiKey: 'k', timeoutMs: 1 })).toThrow(
      SmsSendError,
    );
  });
});
