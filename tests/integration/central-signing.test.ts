/**
 * Request signing against the real server: a valid request passes; a wrong key, a replayed
 * nonce, a stale or future timestamp, a tampered body, path, query or Idempotency-Key, and
 * missing headers are each refused with 401 and a clear JSON error code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { startCentral } from '../../central/server.ts';
import { createCentralClient } from '../../main/sync/central-client.ts';
import { generateTerminalKeys, signRequest } from '../../main/sync/signing.ts';

let server: TestCentral;
let kiosk: EnrolledTerminal;

async function refusal(
  response: Response,
): Promise<{ status: number; code: string; message: string }> {
  const body = (await response.json()) as { error: { code: string; message: string } };
  return { status: response.status, code: body.error.code, message: body.error.message };
}

beforeAll(async () => {
  server = await startTestCentral({ demo: true });
  kiosk = await server.enrolTerminal('kiosk-sign-1');
});

afterAll(async () => {
  await server.stop();
});

const searchBody = { facilityId: '77-sizo-1', surname: 'Иванов', name: 'Иван', birthYear: 1985 };

describe('signed requests', () => {
  it('a correctly signed GET and POST pass', async () => {
    const get = await signedFetch(server.central.url, kiosk, 'GET', '/v1/facilities?regionCode=77');
    expect(get.status).toBe(200);
    const post = await signedFetch(server.central.url, kiosk, 'POST', '/v1/inmates/search', {
      body: searchBody,
    });
    expect(post.status).toBe(200);
  });

  it('a request signed with another key is refused', async () => {
    const stranger = generateTerminalKeys();
    const response = await signedFetch(server.central.url, kiosk, 'GET', '/v1/terminal/config', {
      privateKeyPem: stranger.privateKeyPem,
    });
    expect(await refusal(response)).toMatchObject({ status: 401, code: 'signature-invalid' });
  });

  it('a replayed nonce is refused the second time', async () => {
    const nonce = 'replay-nonce-0123456789';
    const first = await signedFetch(server.central.url, kiosk, 'GET', '/v1/regions', { nonce });
    expect(first.status).toBe(200);
    const again = await signedFetch(server.central.url, kiosk, 'GET', '/v1/regions', { nonce });
    expect(await refusal(again)).toMatchObject({ status: 401, code: 'replayed-nonce' });
  });

  it('a replayed nonce on a transfer or a heartbeat is refused and its write undone', async () => {
    // These routes spend the nonce inside the write's own transaction: the refusal must
    // still come, and the replay's write must not be left behind.
    const transfer = (transferId: string) => ({
      transferId,
      inmateRef: 'idemo000000000001',
      depositedKopecks: 10_300,
      amountKopecks: 10_000,
      commissionKopecks: 300,
      kioskCreatedAtMs: Date.now(),
    });
    const nonce = 'write-nonce-0123456789';
    const firstId = uuidV7();
    const created = await signedFetch(server.central.url, kiosk, 'POST', '/v1/transfers', {
      body: transfer(firstId),
      idempotencyKey: firstId,
      nonce,
    });
    expect(created.status).toBe(201);
    const secondId = uuidV7();
    const replayed = await signedFetch(server.central.url, kiosk, 'POST', '/v1/transfers', {
      body: transfer(secondId),
      idempotencyKey: secondId,
      nonce,
    });
    expect(await refusal(replayed)).toMatchObject({ status: 401, code: 'replayed-nonce' });
    const rows = await server.central.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM transfers WHERE id = ?',
      secondId,
    );
    expect(rows?.n).toBe(0);

    const beat = (softwareVersion: string) => ({
      sentAtMs: Date.now(),
      softwareVersion,
      devices: {
        billAcceptor: { adapter: 'emu', health: 'ok', code: 'idle', detail: '', sinceMs: 1 },
        printer: { adapter: 'emu', health: 'ok', code: 'idle', detail: '', sinceMs: 1 },
      },
      outboxCount: 0,
      cassetteNoteCount: 0,
    });
    const heartbeatNonce = 'beat-nonce-0123456789';
    const stored = await signedFetch(server.central.url, kiosk, 'POST', '/v1/terminal/heartbeat', {
      body: beat('first'),
      nonce: heartbeatNonce,
    });
    expect(stored.status).toBe(200);
    const again = await signedFetch(server.central.url, kiosk, 'POST', '/v1/terminal/heartbeat', {
      body: beat('replayed'),
      nonce: heartbeatNonce,
    });
    expect(await refusal(again)).toMatchObject({ status: 401, code: 'replayed-nonce' });
    const last = await server.central.db.get<{ body: string }>(
      'SELECT body FROM heartbeats WHERE terminal_id = ?',
      kiosk.terminalId,
    );
    expect(JSON.parse(last!.body)).toMatchObject({ softwareVersion: 'first' });
  });

  it('a nonce stays spent across a server restart', async () => {
    const dataDir = server.dataDir;
    const nonce = 'restart-nonce-0123456789';
    expect(
      (await signedFetch(server.central.url, kiosk, 'GET', '/v1/regions', { nonce })).status,
    ).toBe(200);
    await server.central.close();
    const databaseUrl = server.databaseUrl;
    const restarted = await startCentral({ dataDir, databaseUrl, port: 0, host: '127.0.0.1' });
    try {
      const replay = await signedFetch(restarted.url, kiosk, 'GET', '/v1/regions', { nonce });
      expect(await refusal(replay)).toMatchObject({ status: 401, code: 'replayed-nonce' });
      const fresh = await signedFetch(restarted.url, kiosk, 'GET', '/v1/regions');
      expect(fresh.status).toBe(200);
    } finally {
      await restarted.close();
    }
    server = await startTestCentral({ demo: true });
    kiosk = await server.enrolTerminal('kiosk-sign-1');
  });

  it('the same nonce from two terminals is two different requests', async () => {
    const other = await server.enrolTerminal('kiosk-sign-2');
    const nonce = 'shared-nonce-0123456789';
    expect(
      (await signedFetch(server.central.url, kiosk, 'GET', '/v1/regions', { nonce })).status,
    ).toBe(200);
    expect(
      (await signedFetch(server.central.url, other, 'GET', '/v1/regions', { nonce })).status,
    ).toBe(200);
  });

  it('a timestamp more than 5 minutes old or ahead is refused, one within is accepted', async () => {
    const url = server.central.url;
    const old = await signedFetch(url, kiosk, 'GET', '/v1/regions', {
      nowMs: Date.now() - 6 * 60_000,
    });
    const stale = await refusal(old);
    expect(stale).toMatchObject({ status: 401, code: 'signature-expired' });
    expect(stale.message).toContain('clock');
    const ahead = await signedFetch(url, kiosk, 'GET', '/v1/regions', {
      nowMs: Date.now() + 6 * 60_000,
    });
    expect(await refusal(ahead)).toMatchObject({ status: 401, code: 'signature-expired' });
    const skewed = await signedFetch(url, kiosk, 'GET', '/v1/regions', {
      nowMs: Date.now() - 4 * 60_000,
    });
    expect(skewed.status).toBe(200);
  });

  it('a body changed after signing is refused (digest no longer matches)', async () => {
    const signed = JSON.stringify(searchBody);
    const tampered = JSON.stringify({ ...searchBody, birthYear: 1986 });
    const response = await signedFetch(server.central.url, kiosk, 'POST', '/v1/inmates/search', {
      bodyText: tampered,
      signedBody: signed,
    });
    expect(await refusal(response)).toMatchObject({ status: 401, code: 'digest-mismatch' });
  });

  it('a path or query changed after signing is refused', async () => {
    const path = await signedFetch(server.central.url, kiosk, 'GET', '/v1/regions', {
      signedTarget: '/v1/terminal/config',
    });
    expect(await refusal(path)).toMatchObject({ status: 401, code: 'signature-invalid' });
    const query = await signedFetch(
      server.central.url,
      kiosk,
      'GET',
      '/v1/facilities?regionCode=78',
      {
        signedTarget: '/v1/facilities?regionCode=77',
      },
    );
    expect(await refusal(query)).toMatchObject({ status: 401, code: 'signature-invalid' });
  });

  it('an Idempotency-Key added or swapped after signing is refused', async () => {
    const transferId = uuidV7();
    const body = {
      transferId,
      inmateRef: 'idemo000000000001',
      depositedKopecks: 10_300,
      amountKopecks: 10_000,
      commissionKopecks: 300,
      kioskCreatedAtMs: 1,
    };
    const headers = {
      'content-type': 'application/json',
      'idempotency-key': transferId,
    };
    // Signed without the key, key added afterwards: the covered components no longer match.
    const unsigned = await signedFetch(server.central.url, kiosk, 'POST', '/v1/transfers', {
      body,
    });
    expect(unsigned.status).toBe(400); // no key at all → the contract's required header
    const signedWithout = await fetch(`${server.central.url}/v1/transfers`, {
      method: 'POST',
      headers: {
        ...headers,
        ...headersOf(kiosk, 'POST', '/v1/transfers', JSON.stringify(body), null),
      },
      body: JSON.stringify(body),
    });
    expect(await refusal(signedWithout)).toMatchObject({ status: 401, code: 'signature-invalid' });
    const swapped = await fetch(`${server.central.url}/v1/transfers`, {
      method: 'POST',
      headers: {
        ...headersOf(kiosk, 'POST', '/v1/transfers', JSON.stringify(body), uuidV7()),
        ...headers,
      },
      body: JSON.stringify(body),
    });
    expect(await refusal(swapped)).toMatchObject({ status: 401, code: 'signature-invalid' });
  });

  it('missing signature headers and an unknown terminal are refused, like a wrong key', async () => {
    const bare = await fetch(`${server.central.url}/v1/terminal/config`);
    expect(await refusal(bare)).toMatchObject({ status: 401, code: 'signature-missing' });
    const ghost = { ...kiosk, terminalId: 'never-enrolled' };
    const response = await signedFetch(server.central.url, ghost, 'GET', '/v1/terminal/config');
    // The same answer as a wrong key: the API does not tell which terminal ids exist.
    expect(await refusal(response)).toMatchObject({ status: 401, code: 'signature-invalid' });
  });

  it('the client reports a refusal as an http error with the server code', async () => {
    const wrongKeys = generateTerminalKeys();
    const client = createCentralClient({
      baseUrl: server.central.url,
      terminalId: kiosk.terminalId,
      keyStore: wrongKeys,
      timeoutMs: 5_000,
    });
    const result = await client.getConfig();
    expect(!result.ok && result.error).toMatchObject({
      kind: 'http',
      status: 401,
      code: 'signature-invalid',
    });
    const keyless = createCentralClient({
      baseUrl: server.central.url,
      terminalId: kiosk.terminalId,
      keyStore: null,
      timeoutMs: 5_000,
    });
    const notEnrolled = await keyless.listRegions();
    expect(!notEnrolled.ok && notEnrolled.error).toMatchObject({
      kind: 'http',
      code: 'not-enrolled',
    });
  });
});

describe('enrolment', () => {
  it('a code works once, only for its terminal, and only with an Ed25519 key', async () => {
    const code = await server.central.issueEnrolmentCode('kiosk-enrol');
    const keys = generateTerminalKeys();
    const wrongTerminal = createCentralClient({
      baseUrl: server.central.url,
      terminalId: 'kiosk-other',
      keyStore: keys,
      timeoutMs: 5_000,
    });
    const refused = await wrongTerminal.enrol(code);
    expect(!refused.ok && refused.error).toMatchObject({
      status: 401,
      code: 'enrolment-code-invalid',
    });
    const rsaLike = await fetch(`${server.central.url}/v1/terminals/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        terminalId: 'kiosk-enrol',
        code,
        publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${'A'.repeat(60)}\n-----END PUBLIC KEY-----\n`,
      }),
    });
    expect(await refusal(rsaLike)).toMatchObject({ status: 400, code: 'bad-public-key' });
    const client = createCentralClient({
      baseUrl: server.central.url,
      terminalId: 'kiosk-enrol',
      keyStore: keys,
      timeoutMs: 5_000,
    });
    const enrolled = await client.enrol(code.toLowerCase().replaceAll('-', ' '));
    expect(enrolled.ok).toBe(true);
    expect((await client.getConfig()).ok).toBe(true);
    const reused = await client.enrol(code);
    expect(!reused.ok && reused.error).toMatchObject({
      status: 401,
      code: 'enrolment-code-invalid',
    });
  });

  it('re-enrolment with a new code replaces the key: the old key stops working', async () => {
    const old = await server.enrolTerminal('kiosk-rekey', ['78-sizo-1']);
    const fresh = await server.enrolTerminal('kiosk-rekey', []);
    const config = await fresh.client.getConfig();
    // Re-keying without naming facilities keeps the ones the terminal had.
    expect(config.ok && config.value.facilityIds).toEqual(['78-sizo-1']);
    const stale = await old.client.getConfig();
    expect(!stale.ok && stale.error).toMatchObject({ status: 401, code: 'signature-invalid' });
  });

  it('guessing codes is rate-limited per terminal', async () => {
    const keys = generateTerminalKeys();
    const client = createCentralClient({
      baseUrl: server.central.url,
      terminalId: 'kiosk-guess',
      keyStore: keys,
      timeoutMs: 5_000,
    });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt += 1) {
      const result = await client.enrol('AAAA-BBBB-CCCC');
      statuses.push(!result.ok && result.error.kind === 'http' ? result.error.status : 0);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
  });
});

function headersOf(
  terminal: EnrolledTerminal,
  method: string,
  target: string,
  body: string,
  idempotencyKey: string | null,
): Record<string, string> {
  const headers = signRequest({
    method,
    target,
    body,
    terminalId: terminal.terminalId,
    privateKeyPem: terminal.keys.privateKeyPem,
    idempotencyKey,
    nowMs: Date.now(),
  });
  delete headers['idempotency-key'];
  return headers;
}
