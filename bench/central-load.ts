/**
 * Load for central's write benchmarks: many kiosks at once, each request signed as the kiosk
 * signs it (main/sync/signing.ts), over kept-alive HTTP connections, from a child process so
 * that the load's own signing and HTTP work runs beside central, not inside its event loop.
 * The parent gets one JSON line: how many requests of each status, in how long.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { signRequest } from '../main/sync/signing.ts';
import { uuidV7 } from '../tests/support/central-harness.ts';

export type LoadKind = 'transfer' | 'heartbeat';

export type LoadConfig = {
  baseUrl: string;
  terminals: readonly { terminalId: string; privateKeyPem: string }[];
  kind: LoadKind;
  /** Requests in flight at once. */
  concurrency: number;
  /** Load before the measurement (opens connections, warms central's caches). */
  warmupMs: number;
  durationMs: number;
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

function post(agent: http.Agent, config: LoadConfig, worker: number, index: number) {
  const terminal = config.terminals[worker % config.terminals.length]!;
  const { target, body, key } = requestBody(config, index);
  const headers = signRequest({
    method: 'POST',
    target,
    body,
    terminalId: terminal.terminalId,
    privateKeyPem: terminal.privateKeyPem,
    idempotencyKey: key,
    nowMs: Date.now(),
  });
  const url = new URL(target, config.baseUrl);
  return new Promise<number>((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json' } },
      (response) => {
        response.resume();
        response.once('end', () => resolve(response.statusCode ?? 0));
        response.once('error', reject);
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}

async function child(): Promise<void> {
  const config = JSON.parse(process.env.CENTRAL_LOAD_CONFIG ?? '') as LoadConfig;
  const agent = new http.Agent({ keepAlive: true, maxSockets: config.concurrency });
  let next = 0;
  const statuses: Record<string, number> = {};
  let counting = false;
  const phase = async (untilMs: number, worker: number) => {
    while (performance.now() < untilMs) {
      const status = await post(agent, config, worker, next++);
      if (counting) statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  const workers = Array.from({ length: config.concurrency }, (_, worker) => worker);
  await Promise.all(workers.map((worker) => phase(performance.now() + config.warmupMs, worker)));
  counting = true;
  const startedMs = performance.now();
  await Promise.all(workers.map((worker) => phase(startedMs + config.durationMs, worker)));
  const elapsedMs = performance.now() - startedMs;
  const requests = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  agent.destroy();
  process.stdout.write(
    `${JSON.stringify({ requests, elapsedMs, perSec: (requests / elapsedMs) * 1000, statuses })}\n`,
  );
}

if (process.argv.includes(CHILD_FLAG)) await child();
