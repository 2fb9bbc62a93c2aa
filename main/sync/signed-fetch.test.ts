/**
 * The shared exchange against a real socket: which headers go out (signature, Payer-Session
 * inside it, none on an unsigned call), and the local refusal when the kiosk has no key.
 * Failure kinds of the exchange are covered through the client in central-client.test.ts.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSignedFetch } from './signed-fetch.ts';
import { generateTerminalKeys } from './signing.ts';

let server: Server;
let baseUrl = '';
const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      seen.push({ url: request.url ?? '', headers: request.headers, body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const keys = generateTerminalKeys();
const Ok = z.object({ ok: z.boolean() });
const fetchWith = (privateKeyPem: string | null) =>
  createSignedFetch({
    baseUrl: `${baseUrl}/`,
    terminalId: 'kiosk-sf',
    privateKeyPem: () => privateKeyPem,
    timeoutMs: 5_000,
    nowMs: () => 1_764_000_000_000,
  });

describe('createSignedFetch', () => {
  it('signs Payer-Session and Idempotency-Key as components', async () => {
    const answer = await fetchWith(keys.privateKeyPem)(
      {
        method: 'POST',
        target: '/v1/payer/letters?x=1',
        body: { a: 1 },
        signed: true,
        idempotencyKey: 'key-1',
        payerSession: 'session-token-000000000',
      },
      Ok,
    );
    expect(answer).toEqual({ ok: true, value: { ok: true } });
    const { url, headers, body } = seen.at(-1)!;
    expect(url).toBe('/v1/payer/letters?x=1');
    expect(body).toBe('{"a":1}');
    expect(headers['payer-session']).toBe('session-token-000000000');
    expect(headers['idempotency-key']).toBe('key-1');
    expect(headers['signature-input']).toContain(
      '"content-digest" "idempotency-key" "payer-session");created=1764000000;',
    );
    expect(headers['signature-input']).toContain('keyid="kiosk-sf"');
  });

  it('an unsigned call carries no signature headers', async () => {
    const answer = await fetchWith(keys.privateKeyPem)(
      { method: 'GET', target: '/v1/public/transfers/x', signed: false },
      Ok,
    );
    expect(answer.ok).toBe(true);
    const { headers } = seen.at(-1)!;
    expect(headers.signature).toBeUndefined();
    expect(headers['signature-input']).toBeUndefined();
    expect(headers['content-digest']).toBeUndefined();
  });

  it('without a key: not-enrolled, and nothing is sent', async () => {
    const before = seen.length;
    const answer = await fetchWith(null)(
      { method: 'GET', target: '/v1/terminal/config', signed: true },
      Ok,
    );
    expect(!answer.ok && answer.error).toMatchObject({ kind: 'http', code: 'not-enrolled' });
    expect(seen.length).toBe(before);
  });
});
