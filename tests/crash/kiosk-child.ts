/**
 * The kiosk's money core as a child process for the crash tests: ledger + CCNET driver on a pty +
 * deposit service, with a stub printer that only records. The harness kills it with SIGKILL.
 *
 *   KIOSK_CRASH_DB=<ledger file> KIOSK_CRASH_PTY=<pty path> node tests/crash/kiosk-child.ts
 *
 * With KIOSK_CRASH_FISCAL_PTY=<pty path> it is a fiscal kiosk: each payment's receipt is issued
 * by the fiscal layer on the Shtrih-M emulator's process (fiscal-child.ts, more kill points).
 *
 * It loads its modules, then waits for {"cmd":"go","crashAt":"<point>:<n>"|""} on stdin before
 * touching the pty or the ledger: the harness starts the next kiosk while the current one runs,
 * so start-up time is not paid per kill. crashAt makes the process SIGKILL itself at the n-th
 * pass through a named point of the money path (CrashPoint in main/deposit/deposit-effects.ts).
 * stdin then: JSON lines {"cmd":"start"} | {"cmd":"pay"} | {"cmd":"idle"}.
 * stdout: JSON lines {"type":"ready",…} after recovery, then replies and {"type":"view",…}.
 */
import { createInterface } from 'node:readline';
import { rubles } from '../../common/money.ts';
import { createCcnetDriver } from '../../main/devices/ccnet/driver.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import type { CrashPoint } from '../../main/deposit/deposit-effects.ts';
import { createDepositService } from '../../main/deposit/deposit-service.ts';
import { openLedger } from '../../main/ledger/ledger.ts';
import { type CrashFiscal, type FiscalCrashPoint, openCrashFiscal } from './fiscal-child.ts';

function write(message: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function crashHook(spec: string | undefined): (name: CrashPoint | FiscalCrashPoint) => void {
  if (spec === undefined || spec === '') return () => {};
  const [point, countText] = spec.split(':');
  const target = Number(countText ?? '1');
  let seen = 0;
  return (name) => {
    if (name !== point) return;
    seen += 1;
    // SIGKILL, not exit(): no handlers, no flush, exactly like a power cut of the process.
    if (seen === target) process.kill(process.pid, 'SIGKILL');
  };
}

async function main(): Promise<void> {
  const dbPath = process.env.KIOSK_CRASH_DB;
  const ptyPath = process.env.KIOSK_CRASH_PTY;
  if (!dbPath || !ptyPath) throw new Error('KIOSK_CRASH_DB and KIOSK_CRASH_PTY are required');
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  write({ type: 'loaded' });
  const go = await lines.next();
  if (go.done) return;
  const crashAt = parseGo(go.value);
  const link = await openSerialLink(ptyPath, 9600);
  const acceptor = createCcnetDriver(link, {
    pollIntervalMs: 10,
    responseTimeoutMs: 200,
    busFreeMs: 0,
    initializeTimeoutMsMax: 10_000,
    openSettleTimeoutMsMax: 10_000,
    log: (level, message, fields) => {
      if (level === 'warn' || level === 'error')
        write({ type: 'driver-log', level, message, fields });
    },
  });
  const ledger = openLedger(dbPath);
  const checkpoint = crashHook(crashAt);
  const fiscalPty = process.env.KIOSK_CRASH_FISCAL_PTY;
  let fiscal: CrashFiscal | null = null;
  // Bound once the service exists: the shift keeper asks whether cash is inside.
  let holdsCash = () => false;
  let sessionOpen = () => false;
  if (fiscalPty) {
    fiscal = await openCrashFiscal({
      ptyPath: fiscalPty,
      ledger,
      checkpoint,
      holdsCash: () => holdsCash(),
      sessionOpen: () => sessionOpen(),
    });
  }
  const service = createDepositService(
    {
      ledger,
      acceptor,
      config: {
        depositKopecksMax: rubles(15_000),
        commissionBasisPoints: 300,
        commissionMinKopecks: rubles(30),
        enabledNoteKopecks: [50, 100, 200, 500, 1_000, 2_000, 5_000].map(rubles),
      },
      receipts: {
        async printTransferReceipt(transferId, opts) {
          write({ type: 'print', transferId, recovered: opts.recovered });
          return fiscal === null ? 'printed' : fiscal.printReceipt(transferId);
        },
      },
      ...(fiscal === null ? {} : { fiscalTerms: () => fiscal.terms }),
      now: () => Date.now(),
      log: {
        info() {},
        warn(detail, message) {
          write({ type: 'log', level: 'warn', message, detail });
        },
        error(detail, message) {
          write({ type: 'log', level: 'error', message, detail });
        },
      },
      outcomeWaitMsMax: 15_000,
    },
    { checkpoint },
  );
  holdsCash = () => {
    const view = service.view();
    return view !== null && view.state === 'accepting' && view.acceptedKopecks > 0;
  };
  sessionOpen = () => {
    const view = service.view();
    return view !== null && (view.state === 'accepting' || view.state === 'settling');
  };
  const recoverStartMs = performance.now();
  const report = await service.recover();
  // Then the fiscal layer's own recovery: a receipt left open, an answer lost, the shift, and
  // every receipt still owed (its drain), before the harness compares the ФН with the ledger.
  const fiscalReport = fiscal === null ? null : await fiscal.fiscal.recover();
  write({
    type: 'ready',
    bootMs: Math.round(recoverStartMs),
    recoverMs: Math.round(performance.now() - recoverStartMs),
    acceptorOk: report.acceptor.ok,
    report: { ...report, acceptor: report.acceptor.ok },
    fiscal: fiscalReport,
  });
  service.onDidChange((view) => {
    write({
      type: 'view',
      state: view?.state ?? null,
      acceptedKopecks: view?.acceptedKopecks ?? 0,
    });
  });
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    const line = next.value;
    const request = parseRequest(line);
    if (request === 'start') {
      const started = await service.startSession({
        recipient: {
          kind: 'inmate',
          inmateRef: 'inm-crash',
          maskedName: 'Сидоров С. С.',
          birthYear: 1979,
          facilityId: 'ik-7',
          facilityName: 'ИК-7',
        },
      });
      write({ type: 'started', ok: started.ok, error: started.ok ? null : started.error });
    } else if (request === 'pay' || request === 'idle') {
      const result = request === 'pay' ? await service.payNow() : await service.onIdleTimeout();
      write({ type: 'paid', ok: result.ok, error: result.ok ? null : result.error });
    } else {
      write({ type: 'error', message: `unknown request: ${line.slice(0, 200)}` });
    }
  }
}

function parseGo(line: string): string {
  const value: unknown = JSON.parse(line);
  if (value && typeof value === 'object' && 'cmd' in value && value.cmd === 'go') {
    return 'crashAt' in value && typeof value.crashAt === 'string' ? value.crashAt : '';
  }
  throw new Error(`expected {"cmd":"go"}, got ${line.slice(0, 200)}`);
}

function parseRequest(line: string): string | null {
  try {
    const value: unknown = JSON.parse(line);
    if (value && typeof value === 'object' && 'cmd' in value && typeof value.cmd === 'string') {
      return value.cmd;
    }
  } catch {
    // fall through: reported as unknown
  }
  return null;
}

main().catch((error: unknown) => {
  process.stderr.write(`kiosk-child: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
