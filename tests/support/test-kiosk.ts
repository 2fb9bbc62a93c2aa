import { join } from 'node:path';
import { type Kopecks, rubles } from '../../common/money.ts';
import type { BillAcceptorPort } from '../../common/ports.ts';
import { CcnetEmulator } from '../../emulators/ccnet/emulator.ts';
import { createMemoryLinkPair } from '../../protocol/memory-link.ts';
import type { DepositConfig } from '../../main/core/deposit-types.ts';
import { createCcnetDriver } from '../../main/devices/ccnet/driver.ts';
import { type Ledger, openLedger } from '../../main/ledger/ledger.ts';
import type { DepositLog, FiscalTermsOf, Timers } from '../../main/deposit/deposit-deps.ts';
import type { CrashPoint } from '../../main/deposit/deposit-effects.ts';
import { createDepositService, type DepositService } from '../../main/deposit/deposit-service.ts';

export const fastEmulatorTimings = {
  initializeMs: 20,
  acceptMs: 10,
  stackMs: 15,
  returnMs: 10,
  rejectMs: 10,
};

export const testConfig: DepositConfig = {
  depositKopecksMax: rubles(15_000),
  commissionBasisPoints: 300,
  commissionMinKopecks: rubles(30),
  enabledNoteKopecks: [50, 100, 200, 500, 1_000, 2_000, 5_000].map(rubles),
};

export type PrintCall = { transferId: string; recovered: boolean };

export const silentLog: DepositLog = { info() {}, warn() {}, error() {} };

/** Ledger + CCNET driver + deposit service over an in-memory link to the byte-exact emulator. */
export type TestKiosk = {
  ledger: Ledger;
  acceptor: BillAcceptorPort;
  service: DepositService;
  prints: PrintCall[];
  close(): Promise<void>;
};

export function startTestKiosk(options: {
  dir: string;
  emulator: CcnetEmulator;
  config?: Partial<DepositConfig>;
  printOutcome?: 'printed' | 'unprinted';
  checkpoint?: (name: CrashPoint) => void;
  idleTimeoutMs?: number;
  timers?: Timers;
  fiscalTerms?: FiscalTermsOf;
}): TestKiosk {
  const [hostSide, deviceSide] = createMemoryLinkPair();
  options.emulator.attach(deviceSide);
  const acceptor = createCcnetDriver(hostSide, {
    pollIntervalMs: 5,
    responseTimeoutMs: 200,
    busFreeMs: 0,
  });
  const ledger = openLedger(join(options.dir, 'ledger.db'));
  const prints: PrintCall[] = [];
  const service = createDepositService(
    {
      ledger,
      acceptor,
      config: { ...testConfig, ...options.config },
      receipts: {
        async printTransferReceipt(transferId, opts) {
          prints.push({ transferId, recovered: opts.recovered });
          return options.printOutcome ?? 'printed';
        },
      },
      now: () => Date.now(),
      log: silentLog,
      ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
      ...(options.timers === undefined ? {} : { timers: options.timers }),
      ...(options.fiscalTerms === undefined ? {} : { fiscalTerms: options.fiscalTerms }),
    },
    options.checkpoint === undefined ? {} : { checkpoint: options.checkpoint },
  );
  return {
    ledger,
    acceptor,
    service,
    prints,
    async close() {
      await service.drained();
      await acceptor.close();
      options.emulator.detach();
      await hostSide.close();
      ledger.close();
    },
  };
}

export function newEmulator(): CcnetEmulator {
  return new CcnetEmulator({ timings: fastEmulatorTimings, tickMs: 2 });
}

/** Polls a condition (no timing assertion: the bound only turns a hang into a clear failure). */
export async function waitUntil(
  predicate: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

export function acceptedOf(service: DepositService): Kopecks | null {
  return service.view()?.acceptedKopecks ?? null;
}

/** Timers that fire only when the test says so: the idle timeout without waiting a minute. */
export function manualTimers() {
  const pending = new Map<number, { delayMs: number; callback: () => void }>();
  let nextHandle = 1;
  const timers: Timers = {
    setTimeout(callback, delayMs) {
      const handle = nextHandle;
      nextHandle += 1;
      pending.set(handle, { delayMs, callback });
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  /** Fires every pending timer armed with exactly this delay. */
  const fire = (delayMs: number) => {
    for (const [handle, timer] of [...pending]) {
      if (timer.delayMs !== delayMs) continue;
      pending.delete(handle);
      timer.callback();
    }
  };
  return {
    timers,
    fire,
    armed: (delayMs: number) => [...pending.values()].some((t) => t.delayMs === delayMs),
  };
}
