import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FiscalConfig } from '../../common/central-wire-config.ts';
import { FiscalRegistrarDouble } from '../../tests/support/fiscal-registrar-double.ts';
import { sampleFiscalConfig } from '../../tests/support/fiscal-support.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { type Ledger, openLedger } from '../ledger/ledger.ts';
import { createFiscal, type Fiscal } from './create-fiscal.ts';

const startMs = Date.UTC(2026, 5, 10, 9, 0);
let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
let port: FiscalRegistrarDouble;
let config: FiscalConfig | null;
let fiscal: Fiscal;

beforeEach(() => {
  temp = tempDir();
  ledger = openLedger(join(temp.dir, 'ledger.db'));
  port = new FiscalRegistrarDouble(() => startMs);
  config = sampleFiscalConfig;
  fiscal = createFiscal({
    ledger,
    port,
    config: () => config,
    utcOffsetMinutes: () => 180,
    now: () => startMs,
    log: { info() {}, warn() {}, error() {} },
    holdsCash: () => false,
    sessionOpen: () => false,
  });
});
afterEach(async () => {
  await fiscal.close();
  ledger.close();
  temp.remove();
});

describe('createFiscal: gate and status', () => {
  it('before recovery no shift is open; after it cash may come in', async () => {
    expect(await fiscal.gate()).toMatchObject({ kind: 'refused', reason: 'shift-not-ready' });
    await fiscal.recover();
    expect(await fiscal.gate()).toEqual({ kind: 'ok', warnings: [] });
    expect(fiscal.status()).toEqual({
      mode: 'registrar',
      state: 'ok',
      reason: null,
      warnings: [],
      shiftNumber: 1,
      shiftOpenedAtMs: startMs,
      fnNumber: port.fnNumber,
      fnValidUntil: '2027-12-31',
      ofdQueueCount: 0,
      ofdOldestAt: null,
      pendingCount: 0,
      heldCount: 0,
      unsentCount: 0,
    });
  });

  it('no paper: blocked, said to the payer as paper out', async () => {
    await fiscal.recover();
    port.paper = 'out';
    expect(await fiscal.gate()).toMatchObject({ reason: 'paper-out', textKey: 'fiscal.paper-out' });
    expect(fiscal.status()).toMatchObject({ state: 'blocked', reason: 'paper-out' });
  });

  it('a registrar that does not answer: offline', async () => {
    port.conditionFailures.push('io');
    expect(await fiscal.gate()).toMatchObject({ reason: 'offline' });
    expect(fiscal.status().state).toBe('offline');
  });

  it('no fiscal block in the configuration: no cash', async () => {
    config = null;
    expect(await fiscal.gate()).toMatchObject({ kind: 'refused', reason: 'no-config' });
  });
});
