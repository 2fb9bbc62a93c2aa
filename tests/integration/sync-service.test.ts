/**
 * The assembled sync side against the real central server: transfers delivered, a heartbeat
 * stored with the kiosk's extra fields, the signed roster fetched and verified, and payee search
 * answering from central and then — with central gone — from the cache with the same result.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceState } from '../../common/contract.ts';
import { startTestCentral, type TestCentral } from '../support/central-harness.ts';
import { type Ledger, openLedger } from '../../main/ledger/ledger.ts';
import { sampleRecipient, tempDir } from '../support/ledger-support.ts';
import { silentLogger } from '../../main/log.ts';
import { createSyncService, type SyncService } from '../../main/sync/sync-service.ts';
import { seedTransfers } from '../support/sync-support.ts';

let central: TestCentral;
let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
let service: SyncService | null = null;

beforeEach(async () => {
  central = await startTestCentral();
  temp = tempDir('kiosk-sync-service-');
  ledger = openLedger(join(temp.dir, 'ledger.db'));
});
afterEach(async () => {
  await service?.stop();
  service = null;
  ledger.close();
  temp.remove();
  await central.stop();
});

const device: DeviceState = {
  adapter: 'emulator',
  health: 'ok',
  code: 'idle',
  detail: '',
  sinceMs: 1,
};

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out: ${what}`);
}

describe('sync service against central', () => {
  it('delivers, reports, caches the roster and searches offline like central', async () => {
    const terminal = await central.enrolTerminal('sync-svc', ['77-sizo-1']);
    service = createSyncService({
      ledger,
      dataDir: temp.dir,
      centralUrl: central.central.url,
      terminalId: terminal.terminalId,
      keys: terminal.keys,
      centralPublicKeyPem: central.central.rosterPublicKeyPem,
      sources: {
        devices: () => ({ billAcceptor: device, printer: device }),
        paper: () => 'ok',
        cassetteNoteCount: () => 3,
      },
      softwareVersion: '0.0.0-test',
      log: silentLogger(),
      searchTimeoutMs: 500,
      outboxOptions: { retryDelayMsBase: 10, retryDelayMsCap: 50 },
    });
    service.start();
    const ids = seedTransfers(ledger, {
      count: 3,
      startMs: Date.now(),
      recipientFor: () => ({ ...sampleRecipient, inmateRef: 'idemo000000000001' }),
    });
    service.notifyCommitted();
    await until(() => service!.sender.status().pendingCount === 0, 'outbox drained');
    const stored = (await central.central.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM transfers WHERE terminal_id = ?',
      terminal.terminalId,
    ))!;
    expect(stored.n).toBe(ids.length);

    const beat = await service.heartbeat.beatOnce();
    expect(beat).toMatchObject({ kind: 'sent', skew: { large: false } });
    const last = await central.admin('GET', `/v1/admin/terminals/${terminal.terminalId}/heartbeat`);
    const body = (await last.json()) as { heartbeat: Record<string, unknown> };
    expect(body.heartbeat).toMatchObject({
      outboxCount: 0,
      cassetteNoteCount: 3,
      paper: 'ok',
      sequence: beat.sequence,
      softwareVersion: '0.0.0-test',
    });

    expect((await service.roster.refresh()).ok).toBe(true);
    expect(service.roster.status().facilityIds).toEqual(['77-sizo-1']);
    const query = {
      facilityId: '77-sizo-1',
      surname: 'ИВАНОВ',
      name: 'Иван',
      patronymic: 'Ив',
      birthYear: 1985,
    };
    const online = await service.searchPayee(query);
    expect(online).toMatchObject({ ok: true, value: { source: 'central' } });

    await central.central.close();
    const offline = await service.searchPayee(query);
    expect(offline).toMatchObject({ ok: true, value: { source: 'roster-cache' } });
    if (!online.ok || !offline.ok) return;
    expect(offline.value.matches).toEqual(online.value.matches);
    expect(online.value.matches[0]?.inmateRef).toBe('idemo000000000001');

    seedTransfers(ledger, { count: 1, startMs: Date.now() });
    await service.sender.drainOnce();
    expect(service.centralState()).toMatchObject({
      health: 'warning',
      code: 'central-unreachable',
    });
  });

  it('kiosk clock 10 min slow: central refuses signatures, the kiosk finds out why', async () => {
    const terminal = await central.enrolTerminal('sync-slow-clock', ['77-sizo-1']);
    const slowNow = () => Date.now() - 10 * 60_000;
    service = createSyncService({
      ledger,
      dataDir: temp.dir,
      centralUrl: central.central.url,
      terminalId: terminal.terminalId,
      keys: terminal.keys,
      centralPublicKeyPem: central.central.rosterPublicKeyPem,
      sources: {
        devices: () => ({ billAcceptor: device, printer: device }),
        paper: () => 'unknown',
        cassetteNoteCount: () => 0,
      },
      softwareVersion: '0.0.0-test',
      log: silentLogger(),
      now: slowNow,
    });
    const beat = await service.heartbeat.beatOnce();
    expect(beat).toMatchObject({ kind: 'failed', error: expect.stringContaining('401') });
    const skew = service.skew.current();
    expect(skew.large).toBe(true);
    expect(skew.skewMs).toBeGreaterThan(9 * 60_000);
    expect(skew.skewMs).toBeLessThan(11 * 60_000);
    expect(service.centralState()).toMatchObject({ health: 'warning', code: 'clock-skew' });
  });
});
