/**
 * A fault-injecting HTTP proxy between a kiosk and the real central server, for chaos tests.
 * Each request gets a fault from a plan (seeded, so a failing run replays): the connection
 * dropped before forwarding, a delay, a 500/503 answered by the proxy itself, a reset in the
 * middle of central's response, a hang, or the worst one for money — "answer lost after central
 * committed": the request is forwarded, central answers, and the proxy kills the kiosk's
 * connection instead of passing the answer on.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../main/sync/backoff.ts';

export type ChaosFault =
  | { kind: 'pass' }
  | { kind: 'drop' }
  | { kind: 'delay'; delayMs: number }
  | { kind: 'status'; status: 500 | 503 }
  | { kind: 'reset-mid-response' }
  | { kind: 'lost-answer' }
  | { kind: 'hang'; hangMs: number };

export type FaultKind = ChaosFault['kind'];
export type RequestInfo = { index: number; method: string; url: string };
export type FaultPlan = (request: RequestInfo) => ChaosFault;

export type ChaosProxy = {
  url: string;
  setPlan(plan: FaultPlan): void;
  /** Requests seen and faults injected, by kind. */
  stats(): { requests: number; faults: Record<FaultKind, number> };
  close(): Promise<void>;
};

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'proxy-connection',
  'upgrade',
  'te',
  'trailer',
]);
/** Bound on a request or response the proxy buffers: far above a 100-transfer batch. */
const BODY_BYTES_MAX = 4 * 1024 * 1024;

function endToEnd(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) out[name] = value;
  }
  return out;
}

type Upstream = { status: number; headers: Record<string, string | string[]>; body: Buffer };

function forward(
  target: URL,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
) {
  return new Promise<Upstream>((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        headers: { ...endToEnd(headers), host: target.host, 'content-length': body.length },
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > BODY_BYTES_MAX) response.destroy(new Error('upstream body too large'));
          else chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 502,
            headers: endToEnd(response.headers),
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

export async function startChaosProxy(options: {
  upstreamUrl: string;
  plan?: FaultPlan;
}): Promise<ChaosProxy> {
  const target = new URL(options.upstreamUrl);
  let plan: FaultPlan = options.plan ?? (() => ({ kind: 'pass' }));
  let requests = 0;
  const faults: Record<FaultKind, number> = {
    pass: 0,
    drop: 0,
    delay: 0,
    status: 0,
    'reset-mid-response': 0,
    'lost-answer': 0,
    hang: 0,
  };
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer((req, res) => {
    const fault = plan({ index: requests, method: req.method ?? 'GET', url: req.url ?? '/' });
    requests += 1;
    faults[fault.kind] += 1;
    if (fault.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_BYTES_MAX) chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      void handle(fault, req.method ?? 'GET', req.url ?? '/', req.headers, Buffer.concat(chunks));
    });

    const handle = async (
      current: ChaosFault,
      method: string,
      path: string,
      headers: IncomingHttpHeaders,
      body: Buffer,
    ) => {
      if (current.kind === 'status') {
        res.writeHead(current.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'chaos', message: 'injected by the proxy' } }));
        return;
      }
      if (current.kind === 'hang') {
        await sleep(current.hangMs);
        req.socket.destroy();
        return;
      }
      if (current.kind === 'delay') await sleep(current.delayMs);
      let upstream: Upstream;
      try {
        upstream = await forward(target, method, path, headers, body);
      } catch {
        req.socket.destroy();
        return;
      }
      if (current.kind === 'lost-answer') {
        // Central has committed and answered; the kiosk never hears it.
        req.socket.destroy();
        return;
      }
      const responseHeaders = { ...upstream.headers, 'content-length': upstream.body.length };
      if (current.kind === 'reset-mid-response') {
        res.writeHead(upstream.status, responseHeaders);
        res.write(upstream.body.subarray(0, Math.floor(upstream.body.length / 2)));
        // Let the half reach the socket, then cut it.
        setImmediate(() => req.socket.destroy());
        return;
      }
      res.writeHead(upstream.status, responseHeaders);
      res.end(upstream.body);
    };
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setPlan(next) {
      plan = next;
    },
    stats: () => ({ requests, faults: { ...faults } }),
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A seeded plan: each request is faulted with probability `faultRate` until `faultsMax` faults
 * have been injected, after which everything passes (the recovery phase, as in VOPR's
 * liveness phase). Fault kinds are drawn uniformly from `kinds`.
 */
export function seededFaultPlan(options: {
  seed: number;
  faultRate: number;
  faultsMax: number;
  kinds?: readonly Exclude<FaultKind, 'pass'>[];
  delayMsMax?: number;
  hangMs?: number;
}): FaultPlan {
  const random = seededRandom(options.seed);
  const kinds = options.kinds ?? ['drop', 'delay', 'status', 'reset-mid-response', 'lost-answer'];
  let injected = 0;
  return () => {
    if (injected >= options.faultsMax || random() >= options.faultRate) return { kind: 'pass' };
    injected += 1;
    const kind = kinds[Math.floor(random() * kinds.length)] ?? 'drop';
    switch (kind) {
      case 'drop':
      case 'reset-mid-response':
      case 'lost-answer':
        return { kind };
      case 'delay':
        return { kind, delayMs: Math.floor(random() * (options.delayMsMax ?? 200)) };
      case 'status':
        return { kind, status: random() < 0.5 ? 500 : 503 };
      case 'hang':
        return { kind, hangMs: options.hangMs ?? 2_000 };
    }
  };
}
