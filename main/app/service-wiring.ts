import type { ServiceSettings } from '../../common/contract.ts';
import type { PrinterPort } from '../../common/ports.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { Kopecks } from '../../common/money.ts';
import { probePorts } from '../devices/port-discovery.ts';
import type { EventBus } from '../event-bus.ts';
import type { StatusModel } from '../kiosk-status.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import type { ReceiptContext } from '../receipts/receipt-data.ts';
import type { ReceiptService } from '../receipts/receipt-service.ts';
import { createServiceMode, type ServiceHandlers } from '../service/service-mode.ts';
import { readSettings } from '../service/settings-service.ts';
import type { CentralRuntime } from './central-runtime.ts';
import type { CollectionQueue } from './collection-queue.ts';
import { enrolTerminal, type TerminalIdentity } from './terminal-identity.ts';

/**
 * Service mode wired to the kiosk's real parts: ledger, printer, receipts, sync,
 * devices. Everything service mode does goes through these narrow deps.
 */
export type ServiceWiring = {
  handlers: ServiceHandlers;
  isActive(): boolean;
  allowCashWithoutPaper(): boolean;
  dispose(): void;
};

export function createServiceWiring(deps: {
  ledger: Ledger;
  dataDir: string;
  log: Logger;
  now: () => number;
  events: EventBus;
  status: StatusModel;
  printer: PrinterPort;
  receipts: ReceiptService;
  receiptContext: () => ReceiptContext;
  depositHoldsCash: () => boolean;
  central: () => CentralRuntime | null;
  centralUrl: () => string | null;
  /** Whether saving this central URL setting needs a restart to take effect. */
  centralUrlNeedsRestart: (settingUrl: string | null) => boolean;
  onEnrolled: (identity: TerminalIdentity) => void;
  collections: CollectionQueue;
  testNote: () => Promise<
    Result<{ noteKopecks: Kopecks; returned: boolean }, { kind: string; message: string }>
  >;
  applySettings?: (settings: ServiceSettings) => void;
}): ServiceWiring {
  const log = deps.log.child({ area: 'service' });
  const mode = createServiceMode({
    ledger: deps.ledger,
    dataDir: deps.dataDir,
    log,
    now: deps.now,
    emit: (event, payload) => deps.events.emit(event, payload),
    emitKeyDetected: (payload) => deps.events.emit('service:keyDetected', payload),
    depositHoldsCash: deps.depositHoldsCash,
    status: () => deps.status.snapshot(),
    printer: deps.printer,
    reprint: (transferId) => deps.receipts.reprint(transferId),
    receiptContext: () => {
      const context = deps.receiptContext();
      return {
        utcOffsetMinutes: context.utcOffsetMinutes,
        creditingTimeText: context.creditingTimeText,
        supportPhone: context.supportPhone,
        trackingUrlPrefix: context.trackingUrlPrefix,
      };
    },
    outbox: {
      parked: () => deps.ledger.outbox.parked(),
      retry: (transferId) => {
        const retried = deps.ledger.outbox.retryParked(transferId, deps.now());
        if (retried.ok) deps.central()?.sync.notifyCommitted();
        return retried;
      },
    },
    central: {
      async enrol(terminalId, code) {
        const url = deps.centralUrl();
        if (url === null)
          return err({ kind: 'no-central', message: 'No central URL is configured.' });
        const enrolled = await enrolTerminal({
          dataDir: deps.dataDir,
          centralUrl: url,
          terminalId,
          code,
          now: deps.now,
        });
        if (!enrolled.ok) return enrolled;
        deps.onEnrolled(enrolled.value);
        return ok(undefined);
      },
      async facilities() {
        const central = deps.central();
        if (central === null)
          return err({ kind: 'not-enrolled', message: 'Enrol the terminal first.' });
        return central.catalog.facilities(null);
      },
      sendCollection(report) {
        deps.collections.enqueue(report);
        const central = deps.central();
        if (central !== null) void deps.collections.flush(central.client);
        return ok(undefined);
      },
      async ping() {
        const central = deps.central();
        if (central === null) return err({ kind: 'not-enrolled', message: 'Not enrolled.' });
        const startedAt = performance.now();
        const answer = await central.client.getConfig();
        if (!answer.ok)
          return err({ kind: answer.error.kind, message: 'Central does not answer.' });
        return ok({ latencyMs: Math.round(performance.now() - startedAt) });
      },
    },
    devices: {
      probePorts: () => probePorts(),
      testNote: () => deps.testNote(),
    },
    applySettings(settings) {
      deps.applySettings?.(settings);
      // Read live (limits, commission, notes, languages, default language, payer idle timeout,
      // printer width); this only tells the screens. The central URL waits for a restart.
      deps.status.setIdentity({});
      const restartRequired: string[] = [];
      if (deps.centralUrlNeedsRestart(settings.centralUrl)) restartRequired.push('centralUrl');
      return { restartRequired };
    },
    onSetupChanged: () => deps.status.setIdentity({}),
  });
  const stopKeyWatch = mode.startKeyWatch();
  return {
    handlers: mode.handlers,
    isActive: () => mode.isActive(),
    allowCashWithoutPaper: () => readSettings(deps.ledger).settings.printer.allowCashWithoutPaper,
    dispose() {
      stopKeyWatch();
      mode.dispose();
    },
  };
}
