/**
 * `npm run central` (central/start.ts) and the operator CLI (central/cli.ts) as real child
 * processes on Node 24: start prints one line with its URL; a code issued by the CLI enrols a
 * terminal over HTTP; the CLI credits a transfer the running server then reports.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidV7 } from '../support/central-harness.ts';
import { createCentralClient } from '../../main/sync/central-client.ts';
import { generateTerminalKeys } from '../../main/sync/signing.ts';

const run = promisify(execFile);
const NODE = join(process.cwd(), 'node_modules/.bin/node');
let dataDir: string;
let child: ChildProcess;
let url: string;

function firstLine(process: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    process.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\n');
      if (end >= 0) resolve(buffer.slice(0, end));
    });
    process.once('exit', (code) => reject(new Error(`central exited early with ${code}`)));
  });
}

function cli(...args: string[]) {
  return run(NODE, ['central/cli.ts', ...args], {
    env: { ...process.env, CENTRAL_DATA_DIR: dataDir },
  });
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'central-cli-'));
  child = spawn(NODE, ['central/start.ts'], {
    env: { ...process.env, CENTRAL_DATA_DIR: dataDir, CENTRAL_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await firstLine(child);
  url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1] ?? '';
});

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('central start and CLI', () => {
  it('start prints one line with the URL of a working server', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${url}/v1/health`);
    expect(health.status).toBe(200);
  });

  it('issue-code → enrol → transfer → credit (CLI) → status credited', async () => {
    const issued = await cli('issue-code', 'kiosk-cli', '77-sizo-1');
    const code = issued.stdout.trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const client = createCentralClient({
      baseUrl: url,
      terminalId: 'kiosk-cli',
      keyStore: generateTerminalKeys(),
      timeoutMs: 10_000,
    });
    expect((await client.enrol(code)).ok).toBe(true);
    const created = await client.createTransfer({
      transferId: uuidV7(),
      inmateRef: 'idemo000000000001',
      depositedKopecks: 10_300,
      amountKopecks: 10_000,
      commissionKopecks: 300,
      kioskCreatedAtMs: Date.now(),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.error));
    const credited = await cli('credit', created.value.transferId);
    expect(credited.stdout.trim()).toBe(`${created.value.transferId} credited`);
    const status = await client.getTransferStatus(created.value.transferId);
    expect(status.ok && status.value.status).toBe('credited');
  });

  it('the CLI refuses bad input with a non-zero exit and a message', async () => {
    await expect(cli('credit', uuidV7())).rejects.toMatchObject({ code: 1 });
    await expect(cli('issue-code', 'bad id!')).rejects.toMatchObject({ code: 2 });
    await expect(cli('frobnicate', 'x')).rejects.toMatchObject({ code: 2 });
  });
});
