/**
 * Deposit bench, end to end through the byte-exact CCNET emulator over an in-memory link with
 * fast device timings: ledger + driver + deposit service as in the kiosk.
 *  - notes per minute: one long session, notes fed as fast as the device takes them;
 *  - escrow decision: from the escrow event reaching the service to STACK handed to the
 *    driver (includes the durable stack-intent commit). Target p99 < 50 ms.
 *  - device view: from the emulator entering escrow to it stacking (adds the POLL interval).
 * Run alone: node bench/deposit-bench.ts [notes]. `npm run bench` calls
 * runDepositBench().
 */
import { join } from 'node:path';
import { rubles } from '../common/money.ts';
import type { AcceptorEvent, BillAcceptorPort } from '../common/ports.ts';
import { CcnetEmulator } from '../emulators/ccnet/emulator.ts';
import { createMemoryLinkPair } from '../protocol/memory-link.ts';
import { createDepositService } from '../main/deposit/deposit-service.ts';
import { silentLog, testConfig, waitUntil } from '../tests/support/test-kiosk.ts';
import { createCcnetDriver } from '../main/devices/ccnet/driver.ts';
import { openLedger } from '../main/ledger/ledger.ts';
import { sampleRecipient, tempDir } from '../tests/support/ledger-support.ts';
import { type BenchRow, benchRow, summarize } from './table.ts';

export type DepositBenchResult = {
  notes: number;
  notesPerMinute: number;
  escrowToStackP50Ms: number;
  escrowToStackP99Ms: number;
  deviceEscrowToStackingP50Ms: number;
  deviceEscrowToStackingP99Ms: number;
};

/** Wraps the driver to time escrow → stack() at the port boundary. */
function timedPort(inner: BillAcceptorPort, samples: number[]): BillAcceptorPort {
  let escrowAtMs: number | null = null;
  return {
    open: () => inner.open(),
    enable: (billTypes) => inner.enable(billTypes),
    disable: () => inner.disable(),
    returnNote: () => inner.returnNote(),
    hold: () => inner.hold(),
    condition: () => inner.condition(),
    close: () => inner.close(),
    stack() {
      if (escrowAtMs !== null) samples.push(performance.now() - escrowAtMs);
      escrowAtMs = null;
      return inner.stack();
    },
    setListener(listener) {
      inner.setListener((event: AcceptorEvent) => {
        if (event.kind === 'escrow') escrowAtMs = performance.now();
        return listener(event);
      });
    },
  };
}

export async function runDepositBench(
  options: { notes?: number } = {},
): Promise<DepositBenchResult> {
  const notes = Math.min(options.notes ?? 200, 200); // limits.notesPerDepositMax per session
  const temp = tempDir('kiosk-deposit-bench-');
  const emulator = new CcnetEmulator({
    timings: { initializeMs: 10, acceptMs: 5, stackMs: 5, returnMs: 5, rejectMs: 5 },
    tickMs: 1,
  });
  const [hostSide, deviceSide] = createMemoryLinkPair();
  emulator.attach(deviceSide);
  const escrowToStack: number[] = [];
  const driver = createCcnetDriver(hostSide, { pollIntervalMs: 5, busFreeMs: 0 });
  const acceptor = timedPort(driver, escrowToStack);
  const ledger = openLedger(join(temp.dir, 'ledger.db'));
  const deviceSamples: number[] = [];
  let deviceEscrowAtMs: number | null = null;
  emulator.onDidChange((change) => {
    if (change.kind !== 'state') return;
    if (change.snapshot.phase === 'escrow') deviceEscrowAtMs ??= performance.now();
    if (change.snapshot.phase === 'stacking' && deviceEscrowAtMs !== null) {
      deviceSamples.push(performance.now() - deviceEscrowAtMs);
      deviceEscrowAtMs = null;
    }
  });
  const service = createDepositService({
    ledger,
    acceptor,
    // 200 notes of 50 ₽ stay under the 115-ФЗ cap of one payment (common/limits.ts).
    config: { ...testConfig, depositKopecksMax: rubles(15_000) },
    receipts: { printTransferReceipt: async () => 'printed' },
    now: () => Date.now(),
    log: silentLog,
  });
  try {
    await service.recover();
    const started = await service.startSession({ recipient: sampleRecipient });
    if (!started.ok) throw new Error(`bench: session refused: ${started.error.kind}`);
    const startedAtMs = performance.now();
    // The payer keeps a couple of notes ready (the emulator queues at most 100).
    let inserted = 0;
    while (inserted < notes) {
      if (emulator.snapshot().queuedNotes < 2) {
        emulator.insertNote(rubles(50));
        inserted += 1;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
    await waitUntil(() => service.view()?.notes.length === notes, `${notes} notes`, 120_000);
    const elapsedMs = performance.now() - startedAtMs;
    const paid = await service.payNow();
    if (!paid.ok) throw new Error(`bench: pay refused: ${paid.error.kind}`);
    const host = summarize(escrowToStack);
    const device = summarize(deviceSamples);
    return {
      notes,
      notesPerMinute: (notes / elapsedMs) * 60_000,
      escrowToStackP50Ms: host.p50,
      escrowToStackP99Ms: host.p99,
      deviceEscrowToStackingP50Ms: device.p50,
      deviceEscrowToStackingP99Ms: device.p99,
    };
  } finally {
    await service.drained();
    await acceptor.close();
    emulator.detach();
    ledger.close();
    temp.remove();
  }
}

/** `commit`: the bare sqlite commit p99 of the same run; the escrow decision includes one. */
export function depositBenchRows(result: DepositBenchResult, commit: BenchRow | null): BenchRow[] {
  const round = (value: number) => Math.round(value * 100) / 100;
  const row = (name: string, value: number, unit = 'ms') =>
    benchRow({ area: 'deposit', name, value: round(value), unit });
  return [
    row(
      'notes per minute end to end (emulator, fast timings)',
      Math.round(result.notesPerMinute),
      'notes/min',
    ),
    row('escrow event → STACK sent p50 (incl. durable intent)', result.escrowToStackP50Ms),
    // The acceptor holds a note in escrow for a bounded time: an absolute limit, not a ratio.
    benchRow({
      area: 'deposit',
      name: 'escrow event → STACK sent p99',
      value: round(result.escrowToStackP99Ms),
      unit: 'ms',
      reference: commit,
      target: { below: 50 },
    }),
    row('device escrow → stacking p99 (incl. POLL interval)', result.deviceEscrowToStackingP99Ms),
  ];
}

if (import.meta.main) {
  const notes = Number(process.argv[2] ?? 200);
  console.log(JSON.stringify(await runDepositBench({ notes }), null, 2));
}
