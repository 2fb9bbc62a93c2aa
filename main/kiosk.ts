import path from 'node:path';
import { commands } from '../common/contract.ts';
import { wireAccounts } from './app/account-wiring.ts';
import type { DevHooks, KioskPanel } from './app/dev-hooks.ts';
import { createDevices } from './app/devices.ts';
import { createFiscalLayer } from './app/fiscal-layer.ts';
import { createPaymentHandlers } from './app/payment-handlers.ts';
import { createPayments, type Payments } from './app/payments.ts';
import { createServiceWiring } from './app/service-wiring.ts';
import { createSettingsView } from './app/settings-view.ts';
import { applyCentralConfig, createSync } from './app/sync.ts';
import type { KioskConfig } from './config.ts';
import { createEventBus, type EventBus } from './event-bus.ts';
import { createDispatcher, type Dispatcher } from './hosts/dispatch.ts';
import { createStatusModel, type StatusModel, statusHandlers } from './kiosk-status.ts';
import { openLedger } from './ledger/ledger.ts';
import type { Logger } from './log.ts';
import { secureDataDir } from '../platform/private-files.ts';
import { createCentralSmsReceipts } from './receipts/sms-receipts.ts';
import { createReceiptSmsSender } from './sync/receipt-sms-sender.ts';
import { softwareVersion } from './version.ts';
import { paymentsBlockOf } from './app/support-details.ts';
import { createRemoteCommands, type RemoteCommands } from './app/remote-command-runner.ts';
import { createRendererCapture } from './app/renderer-capture.ts';

/**
 * Composition root shared by both hosts: everything but the window. Each part owns its state
 * and is built from the parts before it: ledger and status, devices, sync with central, the
 * fiscal layer, payments, service mode, payer accounts; then the contract as one dispatcher
 * and an event bus.
 */
export type Kiosk = {
  dispatch: Dispatcher;
  events: EventBus;
  status: StatusModel;
  /** Emulator panel and test control, only when devices are emulated. */
  panel: KioskPanel | null;
  /** Lines for the console: where things are, demo PINs. */
  notices: string[];
  /** True when no payment session is open: an update may restart the app now. */
  canRestartNow(): boolean;
  /** Remote commands from the console; the host attaches what only it can do. */
  remote: RemoteCommands;
  close(): Promise<void>;
};

export type KioskOptions = {
  config: KioskConfig;
  log: Logger;
  now?: () => number;
  /** Emulated devices, embedded central, demo terminal (main/dev/, development only). */
  dev?: DevHooks | null;
};

export async function createKiosk(options: KioskOptions): Promise<Kiosk> {
  const { config, log } = options;
  secureDataDir(config.dataDir, "the kiosk's", (repair) =>
    log.warn(repair, 'file mode repaired: was readable by others'),
  );
  const dev = options.dev ?? null;
  const now = options.now ?? Date.now;
  const cleanups: (() => Promise<void> | void)[] = [];
  const events = createEventBus((error) => log.error({ err: error }, 'event listener threw'));
  const ledger = openLedger(path.join(config.dataDir, 'ledger.sqlite'));
  cleanups.push(() => ledger.close());
  const settings = createSettingsView(ledger);
  // Payment gates join the status model as their parts come to exist (status.addGate).
  const status = createStatusModel({
    softwareVersion,
    now,
    printerRequired: () => !settings.current().printer.allowCashWithoutPaper,
    payer: settings.payer,
  });
  status.setLanguage(settings.payer().defaultLanguage);
  status.onDidChange((snapshot) => events.emit('kiosk:statusChanged', snapshot));

  // Closed after the devices: the drivers let go of the emulators' links first.
  if (dev !== null) cleanups.push(() => dev.close());
  const devices = await createDevices({ config, settings, status, dev, log });
  cleanups.push(() => devices.close());

  // What most parts read: the journal, the status model, the event bus, settings, the clock.
  const base = { ledger, status, events, settings, now, log };
  const sync = await createSync({ ...base, config, dev });
  cleanups.push(() => sync.close());
  applyCentralConfig(sync, settings, status);

  // Bound once payments exist: the shift keeper waits while a payer's cash is inside.
  let payments: Payments | null = null;
  const fiscal = createFiscalLayer({ ...base, config, devices, sync, payments: () => payments });
  // Closed before the devices: the queue finishes with the registrar first.
  cleanups.push(() => fiscal.close());
  const fiscalWiring = fiscal.wiring;

  const paymentsBuilt = createPayments({ ...base, devices, sync, fiscal: fiscalWiring });
  payments = paymentsBuilt;
  cleanups.push(() => paymentsBuilt.close());

  const service = createServiceWiring({
    ...base,
    dataDir: config.dataDir,
    devices,
    payments: paymentsBuilt,
    sync,
    fiscal: fiscal.service,
  });
  cleanups.push(() => service.dispose());

  const accounts = wireAccounts({ ...base, sync });

  const smsSender = createReceiptSmsSender({
    queue: ledger.receiptSms,
    client: () => sync.runtime()?.client ?? null,
    now,
    log,
  });
  smsSender.start();
  cleanups.push(() => smsSender.stop());

  const remoteCommands = createRemoteCommands({
    ledger,
    sync,
    payerBusy: () => paymentsBuilt.sessionOpen() || accounts.session.accountId() !== null,
    serviceActive: service.isActive,
    printer: devices.printer,
    logDir: path.join(config.dataDir, 'logs'),
    onBlockChange: () => status.setIdentity({}),
    now,
    log,
  });
  // After the fiscal layer's gate: the operator's block, then central's configuration.
  status.addGate({
    reason: () => (remoteCommands.block() === null ? null : 'operator-blocked'),
    text: () => remoteCommands.block()?.reason ?? null,
  });
  status.addGate({ reason: () => paymentsBlockOf(sync.config()) });
  const payment = createPaymentHandlers({
    payments: paymentsBuilt,
    fiscal: {
      checkBeforeCash: fiscalWiring.checkBeforeCash,
      replacesPrinterGate: fiscalWiring.fiscal !== null,
    },
    printer: devices.printer,
    central: sync.runtime,
    settings: settings.current,
    centralConfig: sync.config,
    serviceModeActive: service.isActive,
    payer: accounts.session,
    sms: createCentralSmsReceipts({ queue: ledger.receiptSms, sender: smsSender, now, log }),
    ledger,
    remoteBlock: remoteCommands.block,
    now,
    log,
  });
  // The page draws itself by default; the Electron host attaches capturePage instead.
  const capture = createRendererCapture(events);
  remoteCommands.attachHost({ captureScreen: capture.captureScreen });
  cleanups.push(() => remoteCommands.close());
  const dispatch = createDispatcher(
    commands,
    {
      ...statusHandlers(status),
      ...payment,
      ...service.handlers,
      ...accounts.handlers,
      ...capture.handlers,
    },
    log.child({ ipc: 'kiosk' }),
  );
  const panel = dev?.createPanel(paymentsBuilt, log) ?? null;

  // In the background: POLL before RESET, resolve open intents, finish open sessions; then the
  // fiscal layer's own recovery (a document left open, an answer lost), the shift, its timers.
  void paymentsBuilt.recover().then(() => fiscalWiring.start());

  return {
    dispatch,
    events,
    status,
    panel,
    notices: sync.notices,
    canRestartNow: () => !paymentsBuilt.sessionOpen() && !service.isActive(),
    remote: remoteCommands,
    async close() {
      for (const cleanup of cleanups.reverse()) {
        try {
          await cleanup();
        } catch (error) {
          log.warn({ err: error }, 'cleanup failed');
        }
      }
    },
  };
}
