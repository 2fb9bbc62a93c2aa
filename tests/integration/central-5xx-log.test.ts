/**
 * Standalone central (`npm run central`) logs every 5xx: one JSON line saying where and what
 * kind of failure, with no personal data (no body, no names, no phone, no message text).
 * The failure is real: the transfers table is dropped under the running server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentralClient } from '../../main/sync/central-client.ts';
import { generateTerminalKeys } from '../../main/sync/signing.ts';
import { signedFetch, uuidV7 } from '../support/central-harness.ts';

const NODE = join(process.cwd(), 'node_modules/.bin/node');
const ADMIN_TOKEN = 'five-hundred-log-admin-token-0123456789';
let dataDir: string;
let child: ChildProcess;
let url = '';
const lines: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'central-5xx-'));
  child = spawn(NODE, ['central/start.ts'], {
    env: {
      ...process.env,
      CENTRAL_DATA_DIR: dataDir,
      CENTRAL_PORT: '0',
      CENTRAL_ADMIN_TOKEN: ADMIN_TOKEN,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts);
  });
  for (let i = 0; i < 200 && url === ''; i += 1) {
    url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(lines.join('\n'))?.[1] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('standalone central and server errors', () => {
  it('logs a 500 as one line without personal data', async () => {
    expect(url).not.toBe('');
    const issued = await fetch(`${url}/v1/admin/enrolment-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ terminalId: 'kiosk-5xx', facilityIds: ['77-sizo-1'] }),
    });
    const { code } = (await issued.json()) as { code: string };
    const keys = generateTerminalKeys();
    const client = createCentralClient({
      baseUrl: url,
      terminalId: 'kiosk-5xx',
      keyStore: keys,
      timeoutMs: 10_000,
    });
    const enrolled = await client.enrol(code);
    expect(enrolled, JSON.stringify(enrolled)).toMatchObject({ ok: true });
    const db = new DatabaseSync(join(dataDir, 'central.sqlite'));
    db.exec('DROP TABLE transfers');
    db.close();
    const before = lines.length;
    const transferId = uuidV7();
    const response = await signedFetch(
      url,
      { terminalId: 'kiosk-5xx', keys, client },
      'POST',
      '/v1/transfers',
      {
        idempotencyKey: transferId,
        body: {
          transferId,
          inmateRef: 'idemo000000000001',
          depositedKopecks: 10_250,
          amountKopecks: 10_000,
          commissionKopecks: 250,
          kioskCreatedAtMs: Date.now(),
          payerAccountId: 'p0123456789abcdef0123',
          receiptNumber: 'R-SECRET-77',
        },
      },
    );
    expect(response.status).toBe(500);
    for (let i = 0; i < 40 && lines.length === before; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const logged = lines.slice(before);
    expect(logged).toHaveLength(1);
    const entry = JSON.parse(logged[0]!) as Record<string, unknown>;
    expect(entry).toMatchObject({ status: 500, method: 'POST', route: '/v1/transfers' });
    for (const secret of ['idemo', 'p0123456789', 'R-SECRET', 'Иванов', transferId]) {
      expect(logged[0]).not.toContain(secret);
    }
  });
});
