import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { kopecks } from '../common/money.ts';
import { CcnetEmulator } from '../emulators/ccnet/emulator.ts';
import { ShtrihEmulator } from '../emulators/shtrih/emulator.ts';
import { createCcnetDriver } from '../main/devices/ccnet/driver.ts';
import { ShtrihFiscalRegistrar } from '../main/devices/shtrih/driver.ts';
import { createDepositService } from '../main/deposit/deposit-service.ts';
import { createFiscal } from '../main/fiscal/create-fiscal.ts';
import { openLedger } from '../main/ledger/ledger.ts';
import { createMemoryLinkPair } from '../protocol/memory-link.ts';
import { sampleFiscalConfig, sampleFiscalTerms } from '../tests/support/fiscal-support.ts';
import { fastEmulatorTimings, silentLog, testConfig } from '../tests/support/test-kiosk.ts';
import { type BenchRow, benchRow, summarize } from './table.ts';

/**
 * Time from "Pay" to the fiscal receipt closed, through the real pieces: the ledger commit of
 * the transfer with its fiscal intent, the receipt request, the Shtrih-M driver's link layer
 * and commands (open, items with their TLVs, receipt TLVs, close, footer, cut) and the ККТ
 * emulator executing them, which simulates printing: after each print job it stays busy
 * (`printingMs`) and the driver waits. The reference is that simulated printing alone, per
 * receipt, counted in the same run: the ratio is what the kiosk's side adds.
 */
export type FiscalBenchResult = {
  payToClosedMs: { p50: number; p99: number };
  printingMs: { p50: number; p99: number };
  payments: number;
};

const printingMsPerJob = 30;

export async function runFiscalBench(
  options: { payments?: number } = {},
): Promise<FiscalBenchResult> {
  const payments = options.payments ?? 40;
  const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-fiscal-bench-'));
  const acceptorDevice = new CcnetEmulator({ timings: fastEmulatorTimings });
  const [acceptorHost, acceptorSide] = createMemoryLinkPair();
  acceptorDevice.attach(acceptorSide);
  const acceptor = createCcnetDriver(acceptorHost, {
    pollIntervalMs: 5,
    responseTimeoutMs: 200,
    busFreeMs: 0,
  });
  const registrarDevice = new ShtrihEmulator({ printingMs: printingMsPerJob });
  const [registrarHost, registrarSide] = createMemoryLinkPair();
  registrarDevice.attach(registrarSide);
  // Print jobs of the current receipt: each command that put lines on the tape.
  let printJobs = 0;
  let tapeMark = tapeLength(registrarDevice);
  registrarDevice.onDidChange((change) => {
    if (change.kind !== 'command') return;
    const now = tapeLength(registrarDevice);
    if (now !== tapeMark) printJobs += 1;
    tapeMark = now;
  });
  const ledger = openLedger(path.join(dir, 'ledger.sqlite'));
  const registrar = new ShtrihFiscalRegistrar(registrarHost, { pollIntervalMs: 5 });
  let holdsCash = false;
  const fiscal = createFiscal({
    ledger,
    port: registrar,
    config: () => sampleFiscalConfig,
    utcOffsetMinutes: () => 180,
    now: Date.now,
    log: silentLog,
    holdsCash: () => holdsCash,
    sessionOpen: () => holdsCash,
    timing: { tickMs: 3_600_000 },
  });
  const deposit = createDepositService({
    ledger,
    acceptor,
    config: testConfig,
    receipts: {
      async printTransferReceipt(transferId) {
        const outcome = await fiscal.issueFor(transferId);
        return outcome.kind === 'issued' ? 'printed' : 'unprinted';
      },
    },
    fiscalTerms: () => sampleFiscalTerms,
    now: Date.now,
    log: silentLog,
  });
  const samples: number[] = [];
  const printing: number[] = [];
  try {
    await deposit.recover();
    await fiscal.recover();
    for (let index = 0; index < payments; index += 1) {
      const started = await deposit.startSession({ recipient: benchRecipient });
      if (!started.ok) throw new Error(`bench: session ${started.error.kind}`);
      holdsCash = true;
      acceptorDevice.insertNote(kopecks(100_000));
      for (let wait = 0; wait < 500 && deposit.view()?.acceptedKopecks !== 100_000; wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      printJobs = 0;
      const payAt = performance.now();
      const paid = await deposit.payNow();
      if (!paid.ok || paid.value.receipt !== 'printed') throw new Error('bench: no receipt');
      samples.push(performance.now() - payAt);
      printing.push(printJobs * printingMsPerJob);
      holdsCash = false;
    }
  } finally {
    await deposit.drained();
    await fiscal.close();
    await acceptor.close();
    await registrar.close();
    acceptorDevice.detach();
    registrarDevice.detach();
    ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const closed = summarize(samples);
  const printed = summarize(printing);
  return {
    payToClosedMs: { p50: closed.p50, p99: closed.p99 },
    printingMs: { p50: printed.p50, p99: printed.p99 },
    payments,
  };
}

const benchRecipient = {
  kind: 'inmate' as const,
  inmateRef: 'bench',
  maskedName: 'Иванов И. И.',
  birthYear: 1985,
  facilityId: 'f1',
  facilityName: 'ФКУ ИК-2 УФСИН России по Владимирской области',
};

function tapeLength(device: ShtrihEmulator): number {
  return device.status().printer.cutPieces * 1_000_000 + device.uncutTape().lines.length;
}

export function fiscalBenchRows(result: FiscalBenchResult): BenchRow[] {
  const printing = benchRow({
    area: 'ref',
    name: `ККТ emulator's simulated printing per receipt p99 (${printingMsPerJob} ms a job)`,
    value: result.printingMs.p99,
    unit: 'ms',
  });
  return [
    printing,
    benchRow({
      area: 'fiscal',
      name: 'Pay → fiscal receipt closed p50',
      value: result.payToClosedMs.p50,
      unit: 'ms',
    }),
    benchRow({
      area: 'fiscal',
      name: 'Pay → fiscal receipt closed p99',
      value: result.payToClosedMs.p99,
      unit: 'ms',
      reference: printing,
      target: { below: 3_000, ratioAtMost: 3 },
    }),
  ];
}
