/**
 * `npm run central` (central/start.ts) as a real child process: a fresh data directory and
 * every file it fills (database and its WAL, SMS outbox with codes in clear, roster key) are
 * private to central's user, and wider modes left from before are repaired at start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidV7 } from '../support/central-harness.ts';
import { widerThanPrivate } from '../support/file-modes.ts';
import { createCentralClient } from '../../main/sync/central-client.ts';
import { createPayerClient } from '../../main/sync/payer-client.ts';
import { generateTerminalKeys } from '../../main/sync/signing.ts';

const NODE = join(process.cwd(), 'node_modules/.bin/node');
const keyFile = 'roster-signing-key.pem';
const adminToken = 'central-private-files-admin-token-0123456789';
let parent: string;
let dataDir: string;
let central: { child: ChildProcess; url: string; stderr(): string } | null = null;

async function startCentralProcess() {
  const child = spawn(NODE, ['central/start.ts'], {
    env: {
      ...process.env,
      CENTRAL_DATA_DIR: dataDir,
      CENTRAL_PORT: '0',
      CENTRAL_ADMIN_TOKEN: adminToken,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const found = /(http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`central exited with ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

async function stopCentral(): Promise<void> {
  if (central === null) return;
  const { child } = central;
  central = null;
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

beforeAll(() => {
  parent = mkdtempSync(join(tmpdir(), 'central-modes-'));
  // A directory central creates itself, as on a first start.
  dataDir = join(parent, 'central-data');
});
afterAll(async () => {
  await stopCentral();
  rmSync(parent, { recursive: true, force: true });
});

describe('central data directory modes', () => {
  it('creates every file 0600 and every directory 0700 (transfer, SMS code, roster key)', async () => {
    central = await startCentralProcess();
    const issued = await fetch(`${central.url}/v1/admin/enrolment-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ terminalId: 'kiosk-modes', facilityIds: ['77-sizo-1'] }),
    });
    expect(issued.status).toBe(201);
    const { code } = (await issued.json()) as { code: string };
    const keys = generateTerminalKeys();
    const options = { baseUrl: central.url, terminalId: 'kiosk-modes', timeoutMs: 10_000 };
    const client = createCentralClient({ ...options, keyStore: keys });
    expect((await client.enrol(code)).ok).toBe(true);
    const created = await client.createTransfer({
      transferId: uuidV7(),
      inmateRef: 'idemo000000000001',
      depositedKopecks: 10_300,
      amountKopecks: 10_000,
      commissionKopecks: 300,
      kioskCreatedAtMs: Date.now(),
    });
    expect(created.ok).toBe(true);
    const payer = createPayerClient({
      ...options,
      privateKeyPem: keys.privateKeyPem,
      nowMs: Date.now,
    });
    expect((await payer.requestCode('+79001234569', 'register')).ok).toBe(true);

    for (const name of ['central.sqlite', 'central.sqlite-wal', 'sms-outbox.jsonl', keyFile]) {
      expect(existsSync(join(dataDir, name)), name).toBe(true);
    }
    expect(widerThanPrivate(dataDir)).toEqual([]);
  });

  it('repairs a 0644 database and a 0755 directory at start, and says so', async () => {
    await stopCentral();
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'central.sqlite'), 0o644);
    chmodSync(join(dataDir, 'sms-outbox.jsonl'), 0o644);
    expect(widerThanPrivate(dataDir)).toHaveLength(3);
    central = await startCentralProcess();
    expect(widerThanPrivate(dataDir)).toEqual([]);
    expect(central.stderr()).toMatch(/file mode repaired.*central\.sqlite 0644 → 0600/);
    expect(central.stderr()).toMatch(/file mode repaired.*sms-outbox\.jsonl/);
  });
});
