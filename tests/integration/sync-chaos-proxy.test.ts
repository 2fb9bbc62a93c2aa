/**
 * The chaos proxy does what each fault says, seen from both ends: whether the upstream got the
 * request, and what the client got back. The chaos test relies on "lost-answer" meaning
 * "committed upstream, nothing back", so that one is checked first.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type ChaosFault,
  type ChaosProxy,
  seededFaultPlan,
  startChaosProxy,
} from '../support/chaos-proxy.ts';

let upstream: Server;
let upstreamBodies: string[];
let proxy: ChaosProxy;

beforeEach(async () => {
  upstreamBodies = [];
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      upstreamBodies.push(body);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ echoed: body, padding: 'x'.repeat(2_000) }));
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as AddressInfo;
  proxy = await startChaosProxy({ upstreamUrl: `http://127.0.0.1:${port}` });
});
afterEach(async () => {
  await proxy.close();
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
});

async function call(fault: ChaosFault, body = 'hello'): Promise<number | 'error'> {
  proxy.setPlan(() => fault);
  try {
    const response = await fetch(`${proxy.url}/v1/x`, {
      method: 'POST',
      body,
      signal: AbortSignal.timeout(2_000),
    });
    await response.text();
    return response.status;
  } catch {
    return 'error';
  }
}

describe('chaos proxy', () => {
  it('lost-answer: upstream got the request, the client gets nothing', async () => {
    expect(await call({ kind: 'lost-answer' }, 'committed')).toBe('error');
    expect(upstreamBodies).toEqual(['committed']);
  });

  it('drop: nothing reaches upstream', async () => {
    expect(await call({ kind: 'drop' })).toBe('error');
    expect(upstreamBodies).toEqual([]);
  });

  it('status: the proxy answers 503 itself', async () => {
    expect(await call({ kind: 'status', status: 503 })).toBe(503);
    expect(upstreamBodies).toEqual([]);
  });

  it('reset-mid-response: upstream got it, the client sees a truncated answer', async () => {
    expect(await call({ kind: 'reset-mid-response' }, 'half')).toBe('error');
    expect(upstreamBodies).toEqual(['half']);
  });

  it('pass and delay forward the exact body and answer', async () => {
    expect(await call({ kind: 'pass' }, 'a')).toBe(201);
    expect(await call({ kind: 'delay', delayMs: 10 }, 'b')).toBe(201);
    expect(upstreamBodies).toEqual(['a', 'b']);
    expect(proxy.stats().faults).toMatchObject({ pass: 1, delay: 1 });
  });

  it('a seeded plan replays, and stops faulting after faultsMax', () => {
    const kinds = (seed: number) => {
      const plan = seededFaultPlan({ seed, faultRate: 0.5, faultsMax: 5 });
      return Array.from(
        { length: 40 },
        (_, index) => plan({ index, method: 'POST', url: '/' }).kind,
      );
    };
    expect(kinds(3)).toEqual(kinds(3));
    expect(kinds(3).filter((kind) => kind !== 'pass')).toHaveLength(5);
  });
});
