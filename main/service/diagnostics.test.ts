import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  depositAndCommit,
  type Harness,
  login,
  setUpKiosk,
} from '../../tests/support/service-harness.ts';

let harness: Harness;
let token: string;
beforeEach(async () => {
  harness = createHarness();
  await setUpKiosk(harness);
  token = await login(harness, '1234');
});
afterEach(() => harness.close());

const line = (level: number, timeMs: number, msg: string) =>
  JSON.stringify({ level, time: timeMs, pid: 1, msg });

describe('diag:logs', () => {
  it('filters pino lines by level, text and time, newest first, skipping garbage', async () => {
    const logDir = join(harness.dataDir, 'logs');
    mkdirSync(logDir);
    writeFileSync(
      join(logDir, 'kiosk.1.log'),
      [
        line(30, 1_000, 'acceptor idle'),
        'not json at all',
        line(50, 2_000, 'printer paper out'),
        line(40, 3_000, 'central slow'),
        line(50, 9_000, 'acceptor jam'),
        '{"level":30}',
      ].join('\n'),
    );
    const warn = await harness.call('diag:logs', { token, levelMin: 'warn' });
    expect(warn.ok && warn.value.lines.map((entry) => entry.message)).toEqual([
      'acceptor jam',
      'central slow',
      'printer paper out',
    ]);
    const text = await harness.call('diag:logs', { token, levelMin: 'info', text: 'ACCEPTOR' });
    expect(text.ok && text.value.lines.map((entry) => entry.timeMs)).toEqual([9_000, 1_000]);
    const range = await harness.call('diag:logs', { token, fromMs: 2_000, toMs: 9_000 });
    expect(range.ok && range.value.lines.map((entry) => entry.timeMs)).toEqual([3_000, 2_000]);
  });
});

describe('diag:export', () => {
  it('writes the journal and logs into a new folder and never overwrites', async () => {
    depositAndCommit(harness.ledger, [100_000], harness.clock.nowMs);
    mkdirSync(join(harness.dataDir, 'logs'));
    writeFileSync(join(harness.dataDir, 'logs', 'kiosk.1.log'), `${line(30, 1, 'hello')}\n`);
    const stick = join(harness.dataDir, 'usb');
    mkdirSync(stick);
    const first = await harness.call('diag:export', { token, targetDir: stick });
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.files).toEqual(['journal.json', 'transfers.csv', 'logs/kiosk.1.log']);
    const journal = JSON.parse(readFileSync(join(first.value.folder, 'journal.json'), 'utf8'));
    expect(journal.tables.transfer).toHaveLength(1);
    expect(journal.tables.transfer[0].accepted_kopecks).toBe(100_000);
    expect(journal.tables.intent_outcome).toHaveLength(1);
    const again = await harness.call('diag:export', { token, targetDir: stick });
    expect(!again.ok && again.error.kind).toBe('target-exists');
    expect(readdirSync(stick)).toHaveLength(1);
    const missing = await harness.call('diag:export', { token, targetDir: join(stick, 'none') });
    expect(!missing.ok && missing.error.kind).toBe('target-missing');
    const relative = await harness.call('diag:export', { token, targetDir: 'usb' });
    expect(!relative.ok && relative.error.kind).toBe('bad-path');
  });
});

describe('diag:snapshot', () => {
  it('reports cassette, outbox depth, disk and central reachability', async () => {
    depositAndCommit(harness.ledger, [100_000, 50_000], harness.clock.nowMs);
    const snapshot = await harness.call('diag:snapshot', { token });
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    expect(snapshot.value).toMatchObject({
      cassette: { count: 2, totalKopecks: 150_000 },
      outbox: { depth: 1, oldestCreatedAtMs: harness.clock.nowMs, parked: 0 },
      central: { reachable: true },
      paper: 'ok',
      terminalId: 'T-0001',
    });
    expect(snapshot.value.disk.totalBytes).toBeGreaterThan(0);
  });
});
