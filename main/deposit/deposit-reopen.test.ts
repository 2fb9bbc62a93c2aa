import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CcnetEmulator } from '../../emulators/ccnet/emulator.ts';
import { createMemoryLinkPair } from '../../protocol/memory-link.ts';
import { createCcnetDriver } from '../devices/ccnet/driver.ts';
import { openLedger } from '../ledger/ledger.ts';
import { createDepositService } from './deposit-service.ts';
import { fastEmulatorTimings, silentLog, testConfig } from '../../tests/support/test-kiosk.ts';

const recipient = {
  kind: 'inmate' as const,
  inmateRef: 'r1',
  maskedName: 'Иванов И. И.',
  birthYear: 1985,
  facilityId: 'f1',
  facilityName: 'ИК-2',
};

describe('deposit service when the acceptor is absent at start', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses payments, keeps trying, and takes them once the device answers', async () => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-reopen-'));
    const [hostSide, deviceSide] = createMemoryLinkPair();
    const acceptor = createCcnetDriver(hostSide, {
      pollIntervalMs: 5,
      responseTimeoutMs: 50,
      retriesMax: 1,
      busFreeMs: 0,
    });
    const ledger = openLedger(join(dir, 'ledger.db'));
    const reopened: boolean[] = [];
    const service = createDepositService({
      ledger,
      acceptor,
      config: testConfig,
      receipts: { printTransferReceipt: async () => 'printed' },
      now: Date.now,
      log: silentLog,
      reopenDelayMsMin: 50,
      onDidReopen: (report) => reopened.push(report.acceptor.ok),
    });
    try {
      const report = await service.recover();
      expect(report.acceptor.ok).toBe(false);
      expect(await service.startSession({ recipient })).toEqual({
        ok: false,
        error: { kind: 'acceptor-unavailable' },
      });

      const emulator = new CcnetEmulator({ timings: fastEmulatorTimings });
      emulator.attach(deviceSide);
      for (let attempt = 0; attempt < 200 && !reopened.includes(true); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(reopened.at(-1)).toBe(true);
      const started = await service.startSession({ recipient });
      expect(started.ok).toBe(true);
      emulator.detach();
    } finally {
      await service.drained();
      await acceptor.close();
      ledger.close();
    }
  });
});
