import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';

/**
 * A path with a broken percent-encoding is the client's mistake, not the kiosk's: the static
 * server of the real kiosk process answers 400 and writes one log line without a stack.
 */
describe('static server and malformed percent-encoding', () => {
  let kiosk: KioskProcess;

  beforeAll(async () => {
    kiosk = await startKioskProcess();
  });
  afterAll(async () => {
    await kiosk?.stop();
  });

  const logLines = () => {
    const dir = path.join(kiosk.dataDir, 'logs');
    return readdirSync(dir)
      .filter((name) => name.endsWith('.log'))
      .flatMap((name) => readFileSync(path.join(dir, name), 'utf8').split('\n'))
      .filter((line) => line.length > 0);
  };

  it('answers 400 and logs one line, no stack trace', async () => {
    const origin = new URL(kiosk.url).origin;
    for (const bad of ['/%E0%A4%A', '/assets/%ZZ.js', '/%']) {
      const response = await fetch(`${origin}${bad}`);
      expect(response.status, bad).toBe(400);
      await response.arrayBuffer();
    }
    const good = await fetch(`${origin}/%69ndex.html`);
    expect(good.status).not.toBe(400);
    await good.arrayBuffer();

    let lines: string[] = [];
    for (let attempt = 0; attempt < 50; attempt += 1) {
      lines = logLines().filter((line) => line.includes('%E0%A4%A'));
      if (lines.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/"stack"|URIError|\n\s+at /);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40 });
    expect(kiosk.output()).not.toMatch(/URIError/);
  });

  /** A raw request line: fetch() would normalise the dots away before they reach the server. */
  const rawStatus = (target: string) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(kiosk.url);
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(`GET ${target} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: close\r\n\r\n`);
      });
      let head = '';
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => {
        head += chunk;
      });
      socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0)));
      socket.on('error', reject);
    });

  it('never serves a file outside the built renderer, however the dots are written', async () => {
    for (const target of [
      '/../../package.json',
      '/%2e%2e/%2e%2e/package.json',
      '/assets/..%2f..%2f..%2fpackage.json',
    ]) {
      const status = await rawStatus(target);
      expect([400, 403, 404], target).toContain(status);
    }
  });
});
