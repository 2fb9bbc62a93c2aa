/**
 * Test support: a real central server on port 0 in a temp directory, and kiosk clients that
 * talk to it over real HTTP. Used by tests/integration/central-*.test.ts and the bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CentralClient, createCentralClient } from '../../main/sync/central-client.ts';
import { generateTerminalKeys, signRequest, type TerminalKeys } from '../../main/sync/signing.ts';
import { type CentralOptions, type CentralServer, startCentral } from '../../central/server.ts';
import { dropCentralDatabase, freshCentralDatabase, testAdapter } from './central-postgres.ts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghijk';

export type TestCentral = {
  central: CentralServer;
  dataDir: string;
  /** The PostgreSQL database on the central-postgres project (a restart reuses it), or null. */
  databaseUrl: string | null;
  /** An enrolled terminal with its keys and client. */
  enrolTerminal(terminalId: string, facilityIds?: string[]): Promise<EnrolledTerminal>;
  admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response>;
  stop(): Promise<void>;
};

export type EnrolledTerminal = { terminalId: string; keys: TerminalKeys; client: CentralClient };

export async function startTestCentral(
  options: Partial<CentralOptions> = {},
): Promise<TestCentral> {
  const dataDir = mkdtempSync(join(tmpdir(), 'central-test-'));
  // On the central-postgres project, a database of its own (central-postgres.ts); else SQLite.
  const databaseUrl =
    testAdapter() === 'postgres'
      ? await freshCentralDatabase(options.demo === false ? 'reference' : 'demo')
      : null;
  const central = await startCentral({
    dataDir,
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    adminToken: TEST_ADMIN_TOKEN,
    // Test phones share a few number prefixes; tests of the prefix and global caps set them.
    smsLimits: { perPrefixPerHour: 10_000, perHour: 100_000 },
    // The development gateways, whatever providers the environment names: tests read the files.
    sms: null,
    email: null,
    paymentProvider: null,
    ...options,
  });
  return {
    central,
    dataDir,
    databaseUrl,
    async enrolTerminal(terminalId, facilityIds = ['77-sizo-1']) {
      const keys = generateTerminalKeys();
      const client = createCentralClient({
        baseUrl: central.url,
        terminalId,
        keyStore: keys,
        timeoutMs: 10_000,
        ...(options.nowMs === undefined ? {} : { nowMs: options.nowMs }),
      });
      const enrolled = await client.enrol(
        await central.issueEnrolmentCode(terminalId, facilityIds),
      );
      if (!enrolled.ok) throw new Error(`enrol failed: ${JSON.stringify(enrolled.error)}`);
      return { terminalId, keys, client };
    },
    admin(method, path, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const init: RequestInit = { method, headers };
      if (body !== undefined) init.body = JSON.stringify(body);
      return fetch(`${central.url}${path}`, init);
    },
    async stop() {
      await central.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (databaseUrl !== null) await dropCentralDatabase(databaseUrl);
    },
  };
}

/** A UUIDv7 for tests: 48-bit ms time, version 7, variant 10, random rest. */
export function uuidV7(nowMs = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const time = nowMs.toString(16).padStart(12, '0');
  const random = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  const variant = ((Number.parseInt(random[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(13, 16)}-${variant}${random.slice(17, 20)}-${random.slice(20, 32)}`;
}

export type SignedFetchOptions = {
  body?: unknown;
  /** Send these exact bytes (e.g. to tamper after signing, pass signedBody too). */
  bodyText?: string;
  /** Sign these bytes instead of the ones sent. */
  signedBody?: string;
  idempotencyKey?: string;
  nowMs?: number;
  nonce?: string;
  privateKeyPem?: string;
  /** Sign this target but send to `target`. */
  signedTarget?: string;
  /** A payer's session token, sent as Payer-Session and covered by the signature. */
  payerSession?: string;
  /** Extra headers, not signed (central refuses an unsigned Payer-Session). */
  headers?: Record<string, string>;
};

/** A raw signed request, for tests that need the bare Response or a broken signature. */
export function signedFetch(
  baseUrl: string,
  terminal: EnrolledTerminal,
  method: 'GET' | 'POST',
  target: string,
  options: SignedFetchOptions = {},
): Promise<Response> {
  const bodyText =
    options.bodyText ?? (options.body === undefined ? '' : JSON.stringify(options.body));
  const headers = signRequest({
    method,
    target: options.signedTarget ?? target,
    body: options.signedBody ?? bodyText,
    terminalId: terminal.terminalId,
    privateKeyPem: options.privateKeyPem ?? terminal.keys.privateKeyPem,
    idempotencyKey: options.idempotencyKey ?? null,
    nowMs: options.nowMs ?? Date.now(),
    ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
    payerSession: options.payerSession ?? null,
  });
  const init: RequestInit = { method, headers: { ...headers, ...options.headers } };
  if (method === 'POST') {
    init.headers = { ...headers, ...options.headers, 'content-type': 'application/json' };
    init.body = bodyText;
  }
  return fetch(`${baseUrl}${target}`, init);
}
