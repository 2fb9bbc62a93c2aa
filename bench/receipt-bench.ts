import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kopecks } from '../common/money.ts';
import { CcnetEmulator } from '../emulators/ccnet/emulator.ts';
import { createEmulatedEscposPrinter } from '../main/dev/emulated-printer.ts';
import { createMemoryLinkPair } from '../protocol/memory-link.ts';
import { createCcnetDriver } from '../main/devices/ccnet/driver.ts';
import { createDepositService } from '../main/deposit/deposit-service.ts';
import { fastEmulatorTimings, silentLog, testConfig } from '../tests/support/test-kiosk.ts';
import { openLedger } from '../main/ledger/ledger.ts';
import { silentLogger } from '../main/log.ts';
import { createReceiptService } from '../main/receipts/receipt-service.ts';
import { type BenchRow, benchRow, summarize } from './table.ts';

/**
 * Time from "Pay" to the cut command leaving the driver, through the real pieces: ledger
 * commit of transfer + outbox, receipt layout, ESC/POS encoding, status checks, and the
 * emulator decoding the bytes up to the cut.
 */
export type ReceiptBenchResult = { payToCutMs: { p50: number; p99: number }; payments: number };

export async function runReceiptBench(
  options: { payments?: number } = {},
): Promise<ReceiptBenchResult> {
  const payments = options.payments ?? 60;
  const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-receipt-bench-'));
  const emulator = new CcnetEmulator({ timings: fastEmulatorTimings });
  const [hostSide, deviceSide] = createMemoryLinkPair();
  emulator.attach(deviceSide);
  const acceptor = createCcnetDriver(hostSide, {
    pollIntervalMs: 5,
    responseTimeoutMs: 200,
    busFreeMs: 0,
  });
  const ledger = openLedger(path.join(dir, 'ledger.sqlite'));
  const { printer, emulator: paper } = createEmulatedEscposPrinter({ widthColumns: 48 });
  let cutAt = 0;
  paper.onDidPrint(() => {
    cutAt = performance.now();
  });
  const receipts = createReceiptService({
    ledger,
    printer,
    context: () => ({
      terminalId: 'BENCH-1',
      agent: null,
      utcOffsetMinutes: 180,
      creditingTimeText: 'в течение 3–5 рабочих дней',
      supportPhone: '8 800 301-47-25',
      trackingUrlPrefix: null,
    }),
    widthColumns: () => 48,
    creditingTimeKey: 'crediting-3-5-days',
    log: silentLogger(),
  });
  const deposit = createDepositService({
    ledger,
    acceptor,
    config: testConfig,
    receipts,
    now: Date.now,
    log: silentLog,
  });
  const samples: number[] = [];
  try {
    await deposit.recover();
    const recipient = {
      kind: 'inmate' as const,
      inmateRef: 'bench',
      maskedName: 'Иванов И. И.',
      birthYear: 1985,
      facilityId: 'f1',
      facilityName: 'ФКУ ИК-2 УФСИН России по Владимирской области',
    };
    for (let index = 0; index < payments; index += 1) {
      const started = await deposit.startSession({ recipient });
      if (!started.ok) throw new Error(`bench: session ${started.error.kind}`);
      emulator.insertNote(kopecks(100_000));
      for (
        let waitIndex = 0;
        waitIndex < 500 && deposit.view()?.acceptedKopecks !== 100_000;
        waitIndex += 1
      ) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const payAt = performance.now();
      const paid = await deposit.payNow();
      if (!paid.ok || paid.value.receipt !== 'printed') throw new Error('bench: pay failed');
      samples.push(cutAt - payAt);
    }
  } finally {
    await deposit.drained();
    await acceptor.close();
    await printer.close();
    emulator.detach();
    ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const summary = summarize(samples);
  return { payToCutMs: { p50: summary.p50, p99: summary.p99 }, payments };
}

export function receiptBenchRows(result: ReceiptBenchResult): BenchRow[] {
  const row = (name: string, value: number, target = {}) =>
    benchRow({ area: 'receipt', name, value, unit: 'ms', target });
  return [
    row('Pay → cut sent p50', result.payToCutMs.p50),
    row('Pay → cut sent p99', result.payToCutMs.p99, { below: 1000 }),
  ];
}
