/**
 * Two central servers on one database answer as one: nothing that matters across requests
 * lives in a process (central/server.ts). The second server is a separate process
 * (`npm run central`, central/start.ts) on the same database (PostgreSQL on the
 * central-postgres project, the same central.sqlite file otherwise) and the same data
 * directory's keys, as two instances behind one load balancer would be.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  TEST_ADMIN_TOKEN,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { webFetch } from './payer-web-helpers.ts';

const NODE = join(process.cwd(), 'node_modules/.bin/node');
let first: TestCentral;
let child: ChildProcess;
let secondUrl = '';
let kiosk: EnrolledTerminal;

async function startSecond(): Promise<void> {
  child = spawn(NODE, ['central/start.ts'], {
    env: {
      ...process.env,
      CENTRAL_DATA_DIR: first.dataDir,
      CENTRAL_DATABASE_URL: first.databaseUrl ?? '',
      CENTRAL_PORT: '0',
      CENTRAL_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  for (let i = 0; i < 400 && secondUrl === ''; i += 1) {
    secondUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (secondUrl === '') throw new Error(`the second central did not start: ${output}`);
}

beforeAll(async () => {
  first = await startTestCentral();
  await startSecond();
  kiosk = await first.enrolTerminal('kiosk-pair-1');
});

afterAll(async () => {
  if (child !== undefined && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await first.stop();
});

const both = () => [first.central.url, secondUrl] as const;

describe('two central servers on one database', () => {
  it('creates a transfer sent to both at once exactly once, with one answer', async () => {
    for (let round = 0; round < 5; round += 1) {
      const body = {
        transferId: uuidV7(),
        inmateRef: 'idemo000000000001',
        depositedKopecks: 103_000,
        amountKopecks: 100_000,
        commissionKopecks: 3_000,
        kioskCreatedAtMs: Date.now(),
      };
      const key = body.transferId;
      const answers = await Promise.all(
        both().map((url) =>
          signedFetch(url, kiosk, 'POST', '/v1/transfers', { body, idempotencyKey: key }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
      const texts = await Promise.all(answers.map((answer) => answer.text()));
      expect(texts[0]).toBe(texts[1]);
      const replayed = answers.map((answer) => answer.headers.get('idempotent-replayed'));
      expect(replayed.filter((value) => value === 'true')).toHaveLength(1);
      const rows = await first.central.db.get<{ n: number }>(
        'SELECT COUNT(*) AS n FROM transfers WHERE id = ?',
        body.transferId,
      );
      expect(rows?.n).toBe(1);
    }
  });

  it('refuses at one server a signed request the other already accepted', async () => {
    const nonce = 'pair-nonce-0123456789';
    const accepted = await signedFetch(first.central.url, kiosk, 'GET', '/v1/regions', { nonce });
    expect(accepted.status).toBe(200);
    const replay = await signedFetch(secondUrl, kiosk, 'GET', '/v1/regions', { nonce });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe(
      'replayed-nonce',
    );
  });

  it('refuses at once a key replaced through the other server, and takes the new one', async () => {
    const old = await first.enrolTerminal('kiosk-pair-rekey');
    // The second server verifies (and keeps) the old key.
    expect((await signedFetch(secondUrl, old, 'GET', '/v1/terminal/config')).status).toBe(200);
    const fresh = await first.enrolTerminal('kiosk-pair-rekey');
    const beat = {
      sentAtMs: Date.now(),
      softwareVersion: 'old-key',
      devices: {
        billAcceptor: { adapter: 'emu', health: 'ok', code: 'idle', detail: '', sinceMs: 1 },
        printer: { adapter: 'emu', health: 'ok', code: 'idle', detail: '', sinceMs: 1 },
      },
      outboxCount: 0,
      cassetteNoteCount: 0,
    };
    for (const [method, target, body] of [
      ['GET', '/v1/terminal/config', undefined],
      ['POST', '/v1/terminal/heartbeat', beat],
    ] as const) {
      const stale = await signedFetch(secondUrl, old, method, target, { body });
      expect(stale.status).toBe(401);
      expect(((await stale.json()) as { error: { code: string } }).error.code).toBe(
        'signature-invalid',
      );
    }
    const heartbeats = await first.central.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM heartbeats WHERE terminal_id = ?',
      'kiosk-pair-rekey',
    );
    expect(heartbeats?.n).toBe(0);
    expect((await signedFetch(secondUrl, fresh, 'GET', '/v1/terminal/config')).status).toBe(200);
  });

  it('holds a payer lockout reached at one server at the other', async () => {
    const phone = '+79105550777';
    const password = 'Летний сад 2026';
    await webFetch(first.central.url, 'POST', '/v1/payer/sms-codes', {
      body: { phone, purpose: 'register' },
    });
    const sms = await first.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
    const { messages } = (await sms.json()) as { messages: { text: string }[] };
    const code = /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? 'none';
    const registered = await webFetch(secondUrl, 'POST', '/v1/payer/register', {
      body: { phone, code, password, displayName: 'Двое' },
    });
    expect(registered.status).toBe(201);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await webFetch(first.central.url, 'POST', '/v1/payer/login', {
        body: { phone, password: `не тот ${attempt}` },
      });
      expect(wrong.status).toBe(401);
    }
    const right = await webFetch(secondUrl, 'POST', '/v1/payer/login', {
      body: { phone, password },
    });
    expect(right.status).toBe(429);
    expect(((await right.json()) as { error: { code: string } }).error.code).toBe('account-locked');
  });

  it('spends one rate-limit bucket across both servers', async () => {
    // Wrong admin tokens are throttled per address (burst 10): ten at one server, and the
    // other one refuses the next request from that address, even with the right token.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const wrong = await fetch(`${first.central.url}/v1/admin/metrics`, {
        headers: { authorization: `Bearer wrong-token-${attempt}` },
      });
      expect(wrong.status).toBe(401);
    }
    const right = await fetch(`${secondUrl}/v1/admin/metrics`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` },
    });
    expect(right.status).toBe(429);
  });
});
