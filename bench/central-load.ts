/**
 * Load for central's write benchmarks: many kiosks at once, each request signed as a kiosk
 * signs it (the RFC 9421 shape of common/signing.ts, the terminal's own Ed25519 key), over
 * kept-alive HTTP connections (one request at a time on each, as a kiosk sends), from a
 * child process so the load's HTTP work runs beside central, not inside its event loop.
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
import { connect, type Socket } from 'node:net';
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
  /** CPU the load generator itself spent on the measured requests (user + system). */
  loadCpuUs: number;
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

/** A request's bytes on the wire, HTTP/1.1 on a kept-alive connection. */
function wireBytes(prepared: Prepared, host: string): Buffer {
  const body = Buffer.from(prepared.body);
  const lines = [`${prepared.method} ${prepared.target} HTTP/1.1`, `host: ${host}`];
  for (const [name, value] of Object.entries(prepared.headers)) lines.push(`${name}: ${value}`);
  lines.push(`content-length: ${body.length}`, '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), body]);
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * One kept-alive connection sending one request at a time, as a kiosk does. The answer is
 * read only as far as its status and length: the load generator shares the cores with the
 * central it measures, so it spends as little of them as a load tool like wrk does (about
 * 25 µs of CPU per request here; node:http's client took several times that, CPU the central
 * under test then lacked).
 */
class Connection {
  readonly #socket: Socket;
  #buffered: Buffer = Buffer.alloc(0);
  #waiting: { resolve(status: number): void; reject(error: Error): void } | null = null;

  constructor(port: number, host: string) {
    this.#socket = connect({ port, host, noDelay: true });
    this.#socket.on('data', (chunk: Buffer) => this.#read(chunk));
    this.#socket.on('error', (error) => this.#fail(error));
    this.#socket.on('close', () => this.#fail(new Error('central closed the connection')));
  }

  send(bytes: Buffer): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket.write(bytes);
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #read(chunk: Buffer): void {
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    const headEnd = this.#buffered.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = this.#buffered.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (length === null) {
      this.#fail(new Error(`answer without content-length: ${head}`));
      return;
    }
    const end = headEnd + HEAD_END.length + Number(length[1]);
    if (this.#buffered.length < end) return;
    if (this.#buffered.length > end) {
      this.#fail(new Error('answer longer than one request asked for'));
      return;
    }
    this.#buffered = Buffer.alloc(0);
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.resolve(Number(head.slice(9, 12)));
  }

  #fail(error: Error): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.reject(error);
  }
}

/** Sends every prepared request, one in flight per connection; counts answers by status. */
async function sendAll(connections: readonly Connection[], requests: readonly Buffer[]) {
  const statuses: Record<string, number> = {};
  let next = 0;
  const worker = async (connection: Connection) => {
    while (next < requests.length) {
      const status = await connection.send(requests[next++]!);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(connections.map(worker));
  return statuses;
}

async function child(): Promise<void> {
  const config = JSON.parse(process.env.CENTRAL_LOAD_CONFIG ?? '') as LoadConfig;
  const url = new URL(config.baseUrl);
  const bytes = (prepared: Prepared[]) => prepared.map((one) => wireBytes(one, url.host));
  const warmup = bytes(prepare(config, config.warmupRequests, 0));
  const measured = bytes(prepare(config, config.requests, config.warmupRequests));
  const connections = Array.from(
    { length: config.concurrency },
    () => new Connection(Number(url.port), url.hostname),
  );
  await sendAll(connections, warmup);
  const startedMs = performance.now();
  const cpuBefore = process.cpuUsage();
  const statuses = await sendAll(connections, measured);
  const cpu = process.cpuUsage(cpuBefore);
  const elapsedMs = performance.now() - startedMs;
  const requests = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  for (const connection of connections) connection.close();
  const perSec = (requests / elapsedMs) * 1000;
  const result: LoadResult = {
    requests,
    elapsedMs,
    perSec,
    statuses,
    loadCpuUs: cpu.user + cpu.system,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv.includes(CHILD_FLAG)) await child();
