/**
 * Load for central's write benchmarks: many kiosks at once, each request signed as a kiosk
 * signs it (the RFC 9421 shape of common/signing.ts, the terminal's own Ed25519 key), over
 * kept-alive HTTP connections, from a child process so the load's HTTP work runs beside
 * central, not inside its event loop.
 *
 * The requests are signed before the clock starts, as kiosks sign on their own machines: the
 * row measures what central does per request (verify the signature, spend the nonce,
 * validate, write, answer), not how fast this one process can sign for thousands of kiosks
 * on the same two cores. Signatures stay fresh (seconds old, the server allows minutes).
 * A fixed number of requests is sent `concurrency` at a time; the rate is that number over
 * the time from the first sent to the last answered. The parent gets one JSON line.
 */
import { spawn } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { signedHeaders } from '../tests/support/registry-client.ts';
import { uuidV7 } from '../tests/support/central-harness.ts';

/**
 * 'health': an unsigned GET /v1/health with the same client and connections, the HTTP
 * ceiling of this machine that signed requests are compared with.
 */
export type LoadKind = 'transfer' | 'heartbeat' | 'health';

export type LoadConfig = {
  baseUrl: string;
  terminals: readonly { terminalId: string; privateKeyPem: string }[];
  kind: LoadKind;
  /** Requests in flight at once. */
  concurrency: number;
  /** Requests sent before the measured ones (open connections, warm central's caches). */
  warmupRequests: number;
  /** Requests measured. */
  requests: number;
  inmateRefs: readonly string[];
};

export type LoadResult = {
  requests: number;
  elapsedMs: number;
  perSec: number;
  /** Count per HTTP status, e.g. { "201": 5000 }. */
  statuses: Record<string, number>;
};

const CHILD_FLAG = '--central-load-child';
const DEVICE = { adapter: 'bench', health: 'ok', code: 'idle', detail: '', sinceMs: 1 };

/** Runs the load in a child process and returns what it measured. */
export async function runCentralLoad(config: LoadConfig): Promise<LoadResult> {
  const child = spawn(process.execPath, [import.meta.filename, CHILD_FLAG], {
    env: { ...process.env, CENTRAL_LOAD_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let result: LoadResult | null = null;
  for await (const line of createInterface({ input: child.stdout })) {
    result = JSON.parse(line) as LoadResult;
  }
  const code = await exited;
  if (result === null || code !== 0) throw new Error(`central load: child exited ${code}`);
  return result;
}

function requestBody(
  config: LoadConfig,
  index: number,
): { target: string; body: string; key: string | null } {
  if (config.kind === 'heartbeat') {
    const heartbeat = {
      sentAtMs: Date.now(),
      softwareVersion: 'bench',
      devices: { billAcceptor: DEVICE, printer: DEVICE },
      outboxCount: index % 100,
      cassetteNoteCount: index % 1_000,
    };
    return { target: '/v1/terminal/heartbeat', body: JSON.stringify(heartbeat), key: null };
  }
  const transferId = uuidV7();
  const transfer = {
    transferId,
    inmateRef: config.inmateRefs[index % config.inmateRefs.length]!,
    depositedKopecks: 103_000,
    amountKopecks: 100_000,
    commissionKopecks: 3_000,
    kioskCreatedAtMs: Date.now(),
  };
  return { target: '/v1/transfers', body: JSON.stringify(transfer), key: transferId };
}

type Prepared = {
  method: 'GET' | 'POST';
  target: string;
  body: string;
  headers: Record<string, string>;
};

function prepare(config: LoadConfig, count: number, first: number): Prepared[] {
  const keys = config.terminals.map((terminal) => createPrivateKey(terminal.privateKeyPem));
  if (config.kind === 'health') {
    const health: Prepared = { method: 'GET', target: '/v1/health', body: '', headers: {} };
    return Array.from({ length: count }, () => health);
  }
  return Array.from({ length: count }, (_, offset) => {
    const index = first + offset;
    const terminal = config.terminals[index % config.terminals.length]!;
    const { target, body, key } = requestBody(config, index);
    const headers = signedHeaders({
      keyId: terminal.terminalId,
      privateKeyPem: keys[index % keys.length]!,
      method: 'POST',
      target,
      bodyText: body,
      ...(key === null ? {} : { idempotencyKey: key }),
    });
    const json = { ...headers, 'content-type': 'application/json' };
    return { method: 'POST' as const, target, body, headers: json };
  });
}

function post(agent: http.Agent, baseUrl: string, prepared: Prepared) {
  const url = new URL(prepared.target, baseUrl);
  return new Promise<number>((resolve, reject) => {
    const request = http.request(
      url,
      { method: prepared.method, agent, headers: prepared.headers },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      },
    );
    request.once('error', reject);
    request.end(prepared.body);
  });
}

/** Sends every prepared request, `concurrency` in flight; counts the answers by status. */
async function sendAll(agent: http.Agent, config: LoadConfig, requests: readonly Prepared[]) {
  const statuses: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const status = await post(agent, config.baseUrl, requests[next++]!);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: config.concurrency }, worker));
  return statuses;
}

async function child(): Promise<void> {
  const config = JSON.parse(process.env.CENTRAL_LOAD_CONFIG ?? '') as LoadConfig;
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.concurrency });
  const warmup = prepare(config, config.warmupRequests, 0);
  const measured = prepare(config, config.requests, config.warmupRequests);
  await sendAll(agent, config, warmup);
  const startedMs = performance.now();
  const statuses = await sendAll(agent, config, measured);
  const elapsedMs = performance.now() - startedMs;
  const requests = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  agent.destroy();
  process.stdout.write(
    `${JSON.stringify({ requests, elapsedMs, perSec: (requests / elapsedMs) * 1000, statuses })}\n`,
  );
}

if (process.argv.includes(CHILD_FLAG)) await child();
