import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { kopecks } from '../../common/money.ts';
import type { ReceiptDocument } from '../../common/ports.ts';
import { ok } from '../../common/result.ts';
import { type CommandArgs, type CommandResult, serviceCommands } from '../../common/contract.ts';
import { type CallContext, createDispatcher } from '../../main/hosts/dispatch.ts';
import { createStatusModel } from '../../main/kiosk-status.ts';
import { type Ledger, openLedger } from '../../main/ledger/ledger.ts';
import { sampleSession, tempDir } from './ledger-support.ts';
import { uuidv7 } from '../../main/ledger/uuidv7.ts';
import { silentLogger } from '../../main/log.ts';
import type { CollectionReport, ServiceDeps } from '../../main/service/deps.ts';
import { createServiceMode, type ServiceMode } from '../../main/service/service-mode.ts';
import { readSetupState } from '../../main/service/setup-store.ts';

/**
 * A real ledger file in a temp dir, a settable clock, a printer that keeps what it was asked
 * to print, and flags for the payer's deposit. Only the devices are stand-ins.
 */
export type Harness = {
  ledger: Ledger;
  mode: ServiceMode;
  deps: ServiceDeps;
  dataDir: string;
  clock: { nowMs: number };
  printed: ReceiptDocument[];
  sentReports: CollectionReport[];
  ended: string[];
  flags: { holdsCash: boolean; printerFails: boolean };
  /** Through the real dispatcher: arguments and results are validated as over IPC. */
  call<C extends ServiceChannel>(channel: C, args: CommandArgs<C>): Promise<CommandResult<C>>;
  close(): void;
};

type ServiceChannel = keyof typeof serviceCommands;
const context: CallContext = { client: 'test' };
/** A central that has the roster of every facility the wizard saved, and terms version 1. */
function centralDataOf(ledger: Ledger) {
  return {
    roster: {
      generatedAtMs: 1,
      fetchedAtMs: 2,
      error: null,
      facilityIds: readSetupState(ledger).facilityIds,
    },
    config: { version: 1, fetchedAtMs: 2, error: null },
    paymentsBlocked: null,
  };
}

export function createHarness(options: { fromLedgerFile?: string } = {}): Harness {
  const temp = tempDir('kiosk-service-');
  const file = join(temp.dir, 'ledger.db');
  if (options.fromLedgerFile !== undefined) copyFileSync(options.fromLedgerFile, file);
  const ledger = openLedger(file);
  const clock = { nowMs: 1_764_000_000_000 };
  const printed: ReceiptDocument[] = [];
  const sentReports: CollectionReport[] = [];
  const ended: string[] = [];
  const flags = { holdsCash: false, printerFails: false };
  const status = createStatusModel({ softwareVersion: '0.1.0', now: () => clock.nowMs });
  const deps: ServiceDeps = {
    ledger,
    dataDir: temp.dir,
    log: silentLogger(),
    now: () => clock.nowMs,
    emit: (_event, payload) => ended.push(payload.reason),
    depositHoldsCash: () => flags.holdsCash,
    status: () => status.snapshot(),
    printer: {
      print: async (document) => {
        if (flags.printerFails) return { ok: false, error: { kind: 'paper-out' } };
        printed.push(document);
        return ok(undefined);
      },
      status: async () =>
        ok({ online: true, paper: 'ok', coverOpen: false, cutterError: false, error: null }),
    },
    receiptContext: () => ({
      utcOffsetMinutes: 180,
      creditingTimeText: 'в течение 3 рабочих дней',
      supportPhone: '8 800 301-47-25',
      trackingUrlPrefix: null,
    }),
    outbox: {
      parked: () => [],
      retry: () => ({ ok: false, error: { kind: 'not-found', message: 'none' } }),
    },
    central: {
      enrol: async (_id, code) =>
        code === 'GOOD-CODE'
          ? ok(undefined)
          : { ok: false, error: { kind: 'x', message: 'bad code' } },
      facilities: async () => ok([]),
      sendCollection: (report) => {
        sentReports.push(report);
        return ok(undefined);
      },
      ping: async () => ok({ latencyMs: 3 }),
      data: () => centralDataOf(ledger),
      refreshData: async () => centralDataOf(ledger),
    },
    effectiveTerms: () => ({
      configVersion: 1,
      depositKopecksMax: 1_500_000,
      commissionBasisPoints: 250,
      commissionMinKopecks: 3_000,
      enabledNotesKopecks: [5_000, 10_000],
      languages: ['ru'],
      narrowedByCentral: [],
    }),
    devices: {
      probePorts: async () => [],
      testNote: async () => ok({ noteKopecks: kopecks(10_000), returned: true }),
    },
    applySettings: () => ({ restartRequired: [] }),
  };
  const mode = createServiceMode(deps);
  const dispatch = createDispatcher(serviceCommands, mode.handlers, silentLogger());
  return {
    ledger,
    mode,
    deps,
    dataDir: temp.dir,
    clock,
    printed,
    sentReports,
    ended,
    flags,
    call: async (channel, args) => (await dispatch(channel, args, context)) as never,
    close: () => {
      mode.dispose();
      ledger.close();
      temp.remove();
    },
  };
}

/** Deposits notes through the real journal and commits a transfer; returns its id. */
export function depositAndCommit(
  ledger: Ledger,
  notesKopecks: readonly number[],
  atMs: number,
): string {
  const session = sampleSession(atMs);
  ledger.openSession(session);
  for (const note of notesKopecks) {
    ledger.writeIntent({
      sessionId: session.sessionId,
      billType: 4,
      noteKopecks: kopecks(note),
      atMs,
    });
    ledger.resolveOldestIntent({ kind: 'stacked', billType: 4, noteKopecks: kopecks(note), atMs });
  }
  const transferId = uuidv7(atMs);
  const committed = ledger.commitTransfer({
    transferId,
    sessionId: session.sessionId,
    recovered: false,
    createdAtMs: atMs,
  });
  if (!committed.ok) throw new Error(`commit failed: ${committed.error.kind}`);
  return transferId;
}

/** Runs the wizard's saving steps directly in the ledger and sets both PINs. */
export async function setUpKiosk(harness: Harness, pins = { operator: '1234', collector: '5678' }) {
  const begun = await harness.call('setup:begin', {});
  if (!begun.ok) throw new Error('setup:begin failed');
  const token = begun.value.token;
  await harness.call('setup:enrol', { token, terminalId: 'T-0001', code: 'GOOD-CODE' });
  await harness.call('setup:saveFacilities', { token, facilityIds: ['ik-2'] });
  await harness.call('setup:saveAgent', {
    token,
    agent: {
      name: 'ООО «Передача»',
      address: 'г. Владимир, ул. Тестовая, 1',
      inn: '7707083893',
      terminalAddress: 'ИК-2, комната свиданий',
    },
  });
  await harness.call('setup:saveDevices', {
    token,
    devices: { billAcceptor: 'emulator', printer: 'emulator' },
  });
  const finished = await harness.call('setup:finish', {
    token,
    operatorPin: pins.operator,
    collectorPin: pins.collector,
  });
  if (!finished.ok) throw new Error(`setup:finish failed: ${finished.error.message}`);
}

export async function login(harness: Harness, pin: string): Promise<string> {
  const result = await harness.call('service:login', { pin });
  if (!result.ok) throw new Error(`login failed: ${result.error.kind}`);
  return result.value.token;
}

/**
 * A ledger file of a kiosk that went through the wizard, made once per test file: copying it
 * spares every test the memory-hard PIN hashing of the setup.
 */
export async function setUpTemplate(): Promise<{ file: string; remove(): void }> {
  const harness = createHarness();
  await setUpKiosk(harness);
  harness.mode.dispose();
  // Closing the last connection checkpoints the WAL into the main file.
  harness.ledger.close();
  const template = tempDir('kiosk-service-template-');
  const file = join(template.dir, 'ledger.db');
  copyFileSync(harness.ledger.path, file);
  harness.close();
  return { file, remove: template.remove };
}
