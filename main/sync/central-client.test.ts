/**
 * The client's failure kinds against real sockets: a server that never answers (timeout),
 * a closed port (network), answers that break the contract (invalid-response), and an HTML
 * error page (http with a status-derived code).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCentralClient } from './central-client.ts';
import { generateTerminalKeys } from './signing.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(
  handler: (respond: (status: number, body: string, type?: string) => void) => void,
): Promise<string> {
  const server = createServer((_request, response) => {
    handler((status, body, type = 'application/json') => {
      response.writeHead(status, { 'content-type': type }).end(body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const keys = generateTerminalKeys();
const client = (baseUrl: string, timeoutMs = 2_000) =>
  createCentralClient({ baseUrl, terminalId: 'kiosk-c', keyStore: keys, timeoutMs });

describe('createCentralClient failures', () => {
  it('a server that never answers → timeout', async () => {
    const url = await serve(() => {
      // never respond
    });
    const result = await client(url, 150).listRegions();
    expect(!result.ok && result.error.kind).toBe('timeout');
  });

  it('nothing listening → network', async () => {
    const url = await serve((respond) => respond(200, '{}'));
    const dead = servers.pop()!;
    await new Promise((resolve) => dead.close(resolve));
    const result = await client(url).listRegions();
    expect(!result.ok && result.error.kind).toBe('network');
  });

  it('an answer that is not JSON, or JSON of the wrong shape → invalid-response', async () => {
    const notJson = await serve((respond) => respond(200, '<html>hi</html>', 'text/html'));
    const first = await client(notJson).getConfig();
    expect(!first.ok && first.error.kind).toBe('invalid-response');
    const wrongShape = await serve((respond) => respond(200, '{"regions":[{"code":77}]}'));
    const second = await client(wrongShape).listRegions();
    expect(!second.ok && second.error).toMatchObject({ kind: 'invalid-response' });
    expect(!second.ok && second.error.message).toContain('regions.0');
  });

  it('a non-JSON error page → http with a code derived from the status', async () => {
    const url = await serve((respond) => respond(502, '<h1>Bad gateway</h1>', 'text/html'));
    const result = await client(url).getConfig();
    expect(!result.ok && result.error).toMatchObject({
      kind: 'http',
      status: 502,
      code: 'http-502',
    });
  });

  it('a damaged private key is reported, not thrown', async () => {
    const url = await serve((respond) => respond(200, '{}'));
    const broken = createCentralClient({
      baseUrl: url,
      terminalId: 'kiosk-c',
      keyStore: { privateKeyPem: 'garbage', publicKeyPem: keys.publicKeyPem },
      timeoutMs: 1_000,
    });
    const result = await broken.getConfig();
    expect(!result.ok && result.error).toMatchObject({ kind: 'http', code: 'bad-terminal-key' });
  });

  it('a JSON error body → http with the server code and message', async () => {
    const body = JSON.stringify({ error: { code: 'rate-limited', message: 'slow down' } });
    const url = await serve((respond) => respond(429, body));
    const result = await client(url).getConfig();
    expect(!result.ok && result.error).toMatchObject({
      kind: 'http',
      status: 429,
      code: 'rate-limited',
      message: 'slow down',
    });
  });
});
