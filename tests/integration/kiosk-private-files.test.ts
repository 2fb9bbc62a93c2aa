import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widerThanPrivate } from '../support/file-modes.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';

/**
 * The kiosk's data directory holds PIN hashes, phones, SMS texts, keys and logs: the real kiosk
 * process (demo, with its embedded central in the same directory) creates every one of its
 * files private to its user, and repairs wider modes it finds at start.
 */
describe('kiosk data directory modes', () => {
  let kiosk: KioskProcess;
  let client: TestClient;
  const recipient = {
    inmateRef: 'idemo000000000001',
    maskedName: 'Иванов И. И.',
    birthYear: 1985,
    facilityId: '77-sizo-1',
    facilityName: 'СИЗО-1',
  };

  beforeAll(async () => {
    kiosk = await startKioskProcess();
    client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
  });
  afterAll(async () => {
    client?.close();
    await kiosk?.stop();
  });

  it('creates every file 0600 and every directory 0700 (payment, SMS, code, logs, keys)', async () => {
    const panel = await connectClient(wsUrlOf(kiosk.url, '/panel-ws'), kiosk.origin);
    try {
      await waitFor(async () => {
        const status = await client.call('kiosk:getStatus');
        return (status.value as { acceptingPayments: boolean }).acceptingPayments;
      });
      expect((await client.call('deposit:start', { recipient })).ok).toBe(true);
      await panel.call('emulator:insertNote', { noteKopecks: 50_000 });
      await waitFor(async () => {
        const view = (await client.call('deposit:get')).value as {
          acceptedKopecks: number;
          noteInProgress: boolean;
        };
        return view.acceptedKopecks === 50_000 && !view.noteInProgress;
      });
      const paid = await client.call('deposit:pay');
      expect(paid.ok).toBe(true);
      const { transferId } = paid.value as { transferId: string };
      const sms = await client.call('receipt:sms', { transferId, phone: '+79001234567' });
      expect(sms.ok).toBe(true);
      const code = await client.call('account:requestCode', {
        phone: '+79001234568',
        purpose: 'register',
      });
      expect(code.ok).toBe(true);
    } finally {
      panel.close();
    }
    const dir = kiosk.dataDir;
    const expected = [
      'ledger.sqlite',
      'ledger.sqlite-wal',
      'ledger.sqlite-shm',
      'central/central.sqlite',
      'central/sms-outbox.jsonl',
    ];
    await waitFor(async () => expected.every((name) => existsSync(path.join(dir, name))));
    await waitFor(async () => logFiles(dir).length > 0);
    const gateway = readFileSync(path.join(dir, 'central/sms-outbox.jsonl'), 'utf8');
    expect(gateway).toContain('79001234568');
    // The receipt copy went through central: the kiosk keeps no SMS file of its own.
    expect(gateway).toContain('79001234567');
    expect(widerThanPrivate(dir)).toEqual([]);
  });

  it('repairs a 0644 ledger and 0755 directories at start, and says so in the log', async () => {
    client.close();
    await kiosk.stop();
    const dir = kiosk.dataDir;
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'logs'), 0o755);
    chmodSync(path.join(dir, 'ledger.sqlite'), 0o644);
    chmodSync(path.join(dir, 'central', 'central.sqlite'), 0o644);
    for (const name of logFiles(dir)) chmodSync(path.join(dir, 'logs', name), 0o644);
    expect(widerThanPrivate(dir).length).toBeGreaterThanOrEqual(4);

    kiosk = await startKioskProcess({}, { dataDir: dir });
    client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
    expect(widerThanPrivate(dir)).toEqual([]);
    await waitFor(async () =>
      logFiles(dir).some((name) =>
        readFileSync(path.join(dir, 'logs', name), 'utf8').includes('ledger.sqlite'),
      ),
    );
    const repairLines = logFiles(dir)
      .flatMap((name) => readFileSync(path.join(dir, 'logs', name), 'utf8').split('\n'))
      .filter((line) => line.includes('mode repaired'));
    expect(repairLines.join('\n')).toContain('ledger.sqlite');
    expect(repairLines.join('\n')).toContain('central.sqlite');
  });
});

function logFiles(dir: string): string[] {
  const logs = path.join(dir, 'logs');
  if (!existsSync(logs)) return [];
  return readdirSync(logs).filter((name) => name.endsWith('.log'));
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
