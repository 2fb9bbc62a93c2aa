import path from 'node:path';
import type { CentralServer } from '../central/server.ts';
import { commands, panelCommands, type ServiceSettings } from '../common/contract.ts';
import { kopecks } from '../common/money.ts';
import type { BillTableEntry } from '../common/ports.ts';
import { ok } from '../common/result.ts';
import {
  acceptorDeviceState,
  notEnrolled,
  paperLevel,
  printerDeviceState,
} from './app/device-status.ts';
import { createAcceptorMux } from './app/acceptor-mux.ts';
import { type CentralRuntime, startCentralRuntime } from './app/central-runtime.ts';
import { createCollectionQueue } from './app/collection-queue.ts';
import { demoPinsNotice, provisionDemoTerminal, startEmbeddedCentral } from './app/demo-setup.ts';
import { openDevices } from './app/devices.ts';
import { createPanel, throttledEvents } from './app/panel-handlers.ts';
import { contractView, createPaymentHandlers } from './app/payment-handlers.ts';
import { createServiceWiring } from './app/service-wiring.ts';
import { readIdentity, type TerminalIdentity } from './app/terminal-identity.ts';
import type { KioskConfig } from './config.ts';
import { wireAccounts } from './app/account-wiring.ts';
import { createDepositService } from './deposit/deposit-service.ts';
import { createEventBus, type EventBus } from './event-bus.ts';
import { createDispatcher, type Dispatcher } from './hosts/dispatch.ts';
import type { EventSource } from './hosts/headless.ts';
import { createStatusModel, type StatusModel } from './kiosk-status.ts';
import { openLedger } from './ledger/ledger.ts';
import type { Logger } from './log.ts';
import { secureDataDir } from './private-files.ts';
import { createReceiptService } from './receipts/receipt-service.ts';
import { createFileSmsReceipts } from './receipts/sms-receipts.ts';
import { readAgentDetails, readFacilityIds } from './service/setup-store.ts';
import { readSettings } from './service/settings-service.ts';
import { softwareVersion } from './version.ts';

/**
 * Composition root shared by both hosts: everything but the window. It owns the devices, the
 * ledger and sync, and exposes the contract as a dispatcher plus an event bus.
 */
export type Kiosk = {
  dispatch: Dispatcher;
  events: EventBus;
  status: StatusModel;
  /** Emulator panel and test control, only when devices are emulated. */
  panel: { dispatch: Dispatcher; events: EventSource } | null;
  /** Lines for the console: where things are, demo PINs. */
  notices: string[];
  /** True when no payment session is open: an update may restart the app now. */
  canRestartNow(): boolean;
  close(): Promise<void>;
};

export type KioskOptions = {
  config: KioskConfig;
  log: Logger;
  now?: () => number;
  /** Set up a fresh data dir as a demo terminal when central is embedded (default true). */
  demoSetup?: boolean;
};

const creditingTimeKey = 'crediting-3-5-days';
const creditingTimeText = 'в течение 3–5 рабочих дней';
const acceptorWatchMs = 250;
const printerWatchMs = 5_000;

export async function createKiosk(options: KioskOptions): Promise<Kiosk> {
  const { config, log } = options;
  secureDataDir(config.dataDir, log);
  const now = options.now ?? Date.now;
  const notices: string[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];
  const events = createEventBus((error) => log.error({ err: error }, 'event listener threw'));
  let printerRequired = () => true;
  const ledger = openLedger(path.join(config.dataDir, 'ledger.sqlite'));
  cleanups.push(() => ledger.close());
  const settings = () => readSettings(ledger).settings;
  const payerSettingsOf = (current: ServiceSettings) => ({
    languages: current.languages,
    defaultLanguage: current.defaultLanguage,
    idleTimeoutMs: current.payerIdleTimeoutMs,
  });
  let payerSettings = payerSettingsOf(settings());
  const status = createStatusModel({
    softwareVersion,
    now,
    printerRequired: () => printerRequired(),
    // Kept here and refreshed on save: a status snapshot must stay cheap (every event has one).
    payer: () => payerSettings,
  });
  status.setLanguage(payerSettings.defaultLanguage);
  status.onDidChange((snapshot) => events.emit('kiosk:statusChanged', snapshot));

  const devicesResult = await openDevices({
    billAcceptor: config.billAcceptor,
    printer: config.printer,
    printerWidthColumns: settings().printer.widthColumns,
    log,
  });
  if (!devicesResult.ok)
    throw new Error(`${devicesResult.error.device}: ${devicesResult.error.message}`);
  const devices = devicesResult.value;
  cleanups.unshift(() => devices.close());

  // ---- central: embedded for the demo, or the configured URL
  let embedded: CentralServer | null = null;
  const centralUrlSettingAtStart = settings().centralUrl;
  const centralUrl = config.centralUrl ?? centralUrlSettingAtStart;
  if (centralUrl === null) {
    embedded = await startEmbeddedCentral(config.dataDir);
    cleanups.push(() => embedded?.close());
    notices.push(`Embedded central API: ${embedded.url}`);
  }
  let identity = unwrapIdentity(readIdentity(config.dataDir), log);
  if (identity === null && embedded !== null && options.demoSetup !== false) {
    const provisioned = await provisionDemoTerminal({
      ledger,
      central: embedded,
      dataDir: config.dataDir,
      now,
      log,
    });
    if (provisioned.ok) identity = provisioned.value;
    else log.error({ error: provisioned.error }, 'demo setup failed');
  }
  if (identity === null && embedded !== null) {
    const terminalId = 'KIOSK-0001';
    notices.push(
      `Enrolment code for terminal ${terminalId}: ${embedded.issueEnrolmentCode(terminalId)}`,
    );
  }

  // ---- deposits and receipts
  const receiptContext = () => ({
    terminalId: identity?.terminalId ?? 'not-enrolled',
    agent: readAgentDetails(ledger),
    utcOffsetMinutes: -new Date(now()).getTimezoneOffset(),
    creditingTimeText,
    supportPhone: status.snapshot().support.phone,
    trackingUrlPrefix: null,
  });
  const receipts = createReceiptService({
    ledger,
    printer: devices.printer,
    context: receiptContext,
    widthColumns: () => settings().printer.widthColumns,
    creditingTimeKey,
    log: log.child({ area: 'receipts' }),
    onDidPrint: () => void refreshPrinter(),
  });
  let depositHoldsCash = () => false;
  const mux = createAcceptorMux(devices.acceptor, () => !sessionOpen());
  const deposit = createDepositService({
    ledger,
    acceptor: mux.port,
    config: {
      get depositKopecksMax() {
        return kopecks(settings().depositKopecksMax);
      },
      get commissionBasisPoints() {
        return settings().commissionBasisPoints;
      },
      get commissionMinKopecks() {
        return kopecks(settings().commissionMinKopecks);
      },
      get newSeriesNoteKopecks() {
        return settings()
          .acceptedNotes.filter((note) => note.enabled && note.newSeriesEnabled)
          .map((note) => kopecks(note.noteKopecks));
      },
      get enabledNoteKopecks() {
        return settings()
          .acceptedNotes.filter((note) => note.enabled)
          .map((note) => kopecks(note.noteKopecks));
      },
    },
    receipts,
    now,
    log: log.child({ area: 'deposit' }),
    // Read at every payer action (each note): the cached copy, not a database read.
    idleTimeoutMs: () => payerSettings.idleTimeoutMs,
    onDidReopen: (report) => {
      if (report.acceptor.ok) billTable = report.acceptor.identity.billTable;
    },
  });
  // A completed or cancelled session stays visible (the success screen) but holds nothing.
  const sessionOpen = () => {
    const view = deposit.view();
    return view !== null && (view.state === 'accepting' || view.state === 'settling');
  };
  depositHoldsCash = () => {
    const view = deposit.view();
    return sessionOpen() && view !== null && (view.acceptedKopecks > 0 || view.noteInProgress);
  };
  deposit.onDidChange((view) =>
    events.emit('deposit:changed', view === null ? null : contractView(view)),
  );
  deposit.onDidComplete((transfer) => {
    const payment = receipts.completedPayment(transfer.transferId);
    if (payment !== null) events.emit('deposit:completed', payment);
    central?.sync.notifyCommitted();
  });

  // ---- sync with central
  let billTable: readonly BillTableEntry[] = [];
  const collections = createCollectionQueue({ ledger, now, log });
  let central: CentralRuntime | null = null;
  const startCentral = (next: TerminalIdentity) => {
    void central?.stop();
    central = startCentralRuntime({
      identity: next,
      rosterPublicKeyPem: embedded?.rosterPublicKeyPem ?? next.centralRosterPublicKeyPem ?? null,
      ledger,
      dataDir: config.dataDir,
      heartbeatSources: {
        devices: () => status.snapshot().devices,
        paper: () => paperLevel(status),
        cassetteNoteCount: () =>
          ledger.totalsSinceLastCollection().denominations.reduce((n, d) => n + d.count, 0),
      },
      softwareVersion,
      now,
      log,
    });
    identity = next;
    status.setIdentity({ terminalId: next.terminalId });
    void collections.flush(central.client);
  };
  if (identity !== null) startCentral(identity);
  const collectionTimer = setInterval(() => {
    if (central) void collections.flush(central.client);
  }, 60_000);
  collectionTimer.unref();
  cleanups.unshift(async () => {
    clearInterval(collectionTimer);
    await central?.stop();
  });

  // ---- device status for the home screen and the operator
  const acceptorTimer = setInterval(() => {
    status.setDevice(
      'billAcceptor',
      acceptorDeviceState(devices.acceptorAdapter, devices.acceptor.condition()),
    );
    status.setDevice('central', central?.sync.centralState() ?? notEnrolled);
  }, acceptorWatchMs);
  acceptorTimer.unref();
  const refreshPrinter = async () => {
    const printerStatus = await devices.printer.status().catch(() => null);
    status.setDevice(
      'printer',
      printerStatus?.ok
        ? printerDeviceState(devices.printerAdapter, printerStatus.value)
        : {
            adapter: devices.printerAdapter,
            health: 'fault',
            code: 'no-answer',
            detail: 'Printer does not answer.',
          },
    );
  };
  const printerTimer = setInterval(() => void refreshPrinter(), printerWatchMs);
  printerTimer.unref();
  cleanups.unshift(() => {
    clearInterval(acceptorTimer);
    clearInterval(printerTimer);
  });
  await refreshPrinter();

  // ---- service mode
  const service = createServiceWiring({
    ledger,
    dataDir: config.dataDir,
    log,
    now,
    events,
    status,
    printer: devices.printer,
    receipts,
    receiptContext,
    depositHoldsCash: () => depositHoldsCash(),
    central: () => central,
    centralUrl: () => embedded?.url ?? centralUrl,
    // KIOSK_CENTRAL_URL wins over the setting; otherwise a changed setting waits for a restart.
    applySettings: (saved) => {
      payerSettings = payerSettingsOf(saved);
    },
    centralUrlNeedsRestart: (settingUrl) =>
      config.centralUrl === undefined && settingUrl !== centralUrlSettingAtStart,
    onEnrolled: startCentral,
    collections,
    testNote: () =>
      mux.testNote({
        billTypes: billTable.map((entry) => entry.billType),
        valueOf: (billType) =>
          billTable.find((entry) => entry.billType === billType)?.noteKopecks ?? null,
        timeoutMs: 30_000,
      }),
  });
  cleanups.unshift(() => service.dispose());
  printerRequired = () => !service.allowCashWithoutPaper();

  // ---- payer accounts (main/app/account-wiring.ts)
  const { session: accountSession, handlers: account } = wireAccounts({
    identity: () => identity,
    idleMs: () => payerSettings.idleTimeoutMs,
    settings,
    events,
    now,
    log,
  });

  const payment = createPaymentHandlers({
    deposit,
    receipts,
    sms: createFileSmsReceipts({ dataDir: config.dataDir, now, log }),
    printer: devices.printer,
    ledger,
    central: () => central,
    settings,
    billTable: () => billTable,
    allowCashWithoutPaper: () => service.allowCashWithoutPaper(),
    serviceModeActive: () => service.isActive(),
    payerAccountId: () => accountSession.accountId(),
    payerPhone: () => accountSession.phone(),
    servedFacilityIds: () => readFacilityIds(ledger),
    creditingTimeKey,
    now,
    log,
  });

  const dispatch = createDispatcher(
    commands,
    {
      'kiosk:getStatus': () => ok(status.snapshot()),
      'kiosk:setLanguage': ({ language }) => {
        status.setLanguage(language);
        return ok({ language });
      },
      ...payment,
      ...service.handlers,
      ...account,
    },
    log.child({ ipc: 'kiosk' }),
  );

  // ---- emulator panel
  let panel: Kiosk['panel'] = null;
  if (devices.emulators.acceptor !== null || devices.emulators.printer !== null) {
    const emulatorPanel = createPanel({
      acceptor: devices.emulators.acceptor,
      printer: devices.emulators.printer,
      billTable: () => billTable,
      expireIdle: async () => {
        await deposit.onIdleTimeout();
      },
    });
    const panelEvents = throttledEvents(emulatorPanel.onDidChange, () => ({
      event: 'emulator:changed',
      payload: emulatorPanel.snapshot(),
    }));
    panel = {
      dispatch: createDispatcher(
        panelCommands,
        emulatorPanel.handlers,
        log.child({ ipc: 'panel' }),
      ),
      events: panelEvents,
    };
  }

  // ---- recovery: POLL before RESET, resolve intents, finish sessions (docs/ARCHITECTURE.md §4)
  const recovered = deposit.recover().then(
    (report) => {
      billTable = report.acceptor.ok ? report.acceptor.identity.billTable : [];
      log.info({ report }, 'recovery finished');
    },
    (error: unknown) => log.error({ err: error }, 'recovery failed'),
  );

  const demoNotice = embedded === null ? null : await demoPinsNotice(ledger);
  if (demoNotice !== null) notices.push(demoNotice);

  return {
    dispatch,
    events,
    status,
    panel,
    notices,
    canRestartNow: () => !sessionOpen() && !service.isActive(),
    async close() {
      await recovered;
      await deposit.drained();
      for (const cleanup of cleanups) {
        try {
          await cleanup();
        } catch (error) {
          log.warn({ err: error }, 'cleanup failed');
        }
      }
    },
  };
}

function unwrapIdentity(
  read: ReturnType<typeof readIdentity>,
  log: Logger,
): TerminalIdentity | null {
  if (read.ok) return read.value;
  // A damaged key file is not fatal: the kiosk runs unenrolled and service mode re-enrols.
  log.error({ error: read.error }, 'terminal identity unreadable');
  return null;
}
