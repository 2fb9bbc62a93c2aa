import type { CompletedPayment, ServiceSettings } from '../../common/contract.ts';
import { kopecks } from '../../common/money.ts';
import { err } from '../../common/result.ts';
import type { BillTableRow } from '../core/deposit-machine.ts';
import { createDepositService, type DepositService } from '../deposit/deposit-service.ts';
import type { EventBus } from '../event-bus.ts';
import type { StatusModel } from '../kiosk-status.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import type { ReceiptContext } from '../receipts/receipt-data.ts';
import { createReceiptService, type ReceiptService } from '../receipts/receipt-service.ts';
import { readAgentDetails } from '../service/setup-store.ts';
import { createAcceptorMux, type TestNoteResult } from './acceptor-mux.ts';
import { acceptorStatus } from './device-status.ts';
import type { Devices } from './devices.ts';
import { withFiscalReceipts } from './fiscal-receipts.ts';
import type { FiscalWiring } from './fiscal-wiring.ts';
import { contractView } from './payment-view.ts';
import type { SettingsView } from './settings-view.ts';
import type { Sync } from './sync.ts';

/**
 * Cash in: the deposit service over the acceptor, receipts over the printer, and what the
 * screens see of both. The deposit service owns the bill table (read when the acceptor opens);
 * the completed payment of a session is built here once and shared by the event, the reply to
 * Pay and «last receipt». The acceptor's status line says "starting" until a payment can start.
 */
export type Payments = {
  deposit: DepositService;
  receipts: ReceiptService;
  receiptContext(): ReceiptContext;
  billTable(): readonly BillTableRow[];
  /** The payment a completed session produced, if it is the last one. */
  completed(transferId: string): CompletedPayment | null;
  lastCompleted(): CompletedPayment | null;
  /** A session the payer has open (a completed or cancelled one holds nothing). */
  sessionOpen(): boolean;
  holdsCash(): boolean;
  /** Test control (emulator panel): the payer's idle time is up now. */
  expireIdle(): Promise<void>;
  /** Service mode: one note in and back out, once the acceptor is ready. */
  testNote(): Promise<TestNoteResult>;
  /** Opens the acceptor the recovery way and finishes what a crash left open. */
  recover(): Promise<void>;
  close(): Promise<void>;
};

export const creditingTimeKey = 'crediting-3-5-days';
/** Until central's configuration says otherwise (a kiosk without one takes no payments). */
const creditingTimeTextDefault = 'в течение 3–5 рабочих дней';
const acceptorWatchMs = 250;
const testNoteTimeoutMs = 30_000;

export function createPayments(deps: {
  ledger: Ledger;
  devices: Devices;
  status: StatusModel;
  events: EventBus;
  settings: SettingsView;
  /** Who this kiosk is (receipts), and where a committed transfer goes. */
  sync: Pick<Sync, 'identity' | 'notifyCommitted' | 'config'>;
  /** The fiscal receipt of each payment (its terms written with the commit, then issued). */
  fiscal: Pick<FiscalWiring, 'fiscal' | 'fiscalTerms' | 'paymentFiscal' | 'confirmedParty'>;
  now: () => number;
  log: Logger;
}): Payments {
  const { ledger, devices, status, sync, now } = deps;
  const settings = deps.settings.current;
  const receiptContext = (): ReceiptContext => {
    const central = sync.config();
    const local = readAgentDetails(ledger);
    // Central's contract names the agent; the wizard's entry says where this kiosk stands.
    const agent =
      central === null
        ? local
        : {
            name: central.agent.name,
            inn: central.agent.inn,
            address: central.agent.address,
            terminalAddress: local?.terminalAddress ?? '-',
          };
    return {
      terminalId: sync.identity()?.terminalId ?? 'not-enrolled',
      agent,
      utcOffsetMinutes: -new Date(now()).getTimezoneOffset(),
      creditingTimeText: central?.creditingDaysText || creditingTimeTextDefault,
      supportPhone: status.snapshot().support.phone,
      trackingUrlPrefix: central?.trackingUrlPrefix || null,
      trackingKey: central?.trackingKey ?? null,
      fiscalizedBy: deps.fiscal.confirmedParty(),
      ...(central === null
        ? {}
        : {
            requisites: {
              agentPhone: central.agent.phone,
              operator: {
                name: central.agent.operatorName,
                inn: central.agent.operatorInn,
                phone: central.agent.operatorPhone,
              },
              supplier: central.supplier ?? null,
            },
          }),
    };
  };
  const baseReceipts = createReceiptService({
    ledger,
    printer: devices.printer,
    context: receiptContext,
    widthColumns: () => settings().printer.widthColumns,
    creditingTimeKey,
    log: deps.log.child({ area: 'receipts' }),
    onDidPrint: () => void devices.refreshPrinter(),
  });
  const receipts = withFiscalReceipts(
    baseReceipts,
    deps.fiscal,
    deps.log.child({ area: 'fiscal' }),
  );
  const mux = createAcceptorMux(devices.acceptor, () => !sessionOpen());
  const deposit = createDepositService({
    ledger,
    acceptor: mux.port,
    config: depositConfig(settings, () => sync.config()?.version ?? null),
    receipts,
    now,
    log: deps.log.child({ area: 'deposit' }),
    // Read at every payer action (each note): the cached copy, not a database read.
    idleTimeoutMs: () => deps.settings.payer().idleTimeoutMs,
    ...(deps.fiscal.fiscalTerms === undefined ? {} : { fiscalTerms: deps.fiscal.fiscalTerms }),
  });
  const sessionOpen = () => {
    const view = deposit.view();
    return view !== null && (view.state === 'accepting' || view.state === 'settling');
  };
  let last: CompletedPayment | null = null;
  deposit.onDidChange((view) =>
    deps.events.emit('deposit:changed', view === null ? null : contractView(view)),
  );
  deposit.onDidComplete((transfer) => {
    last = receipts.completedPayment(transfer.transferId);
    if (last !== null) deps.events.emit('deposit:completed', last);
    sync.notifyCommitted();
  });

  const watchAcceptor = () =>
    status.setDevice(
      'billAcceptor',
      acceptorStatus(devices.acceptorAdapter, devices.acceptor.condition(), deposit.readiness()),
    );
  const acceptorTimer = setInterval(watchAcceptor, acceptorWatchMs);
  acceptorTimer.unref();
  deposit.onDidChange(watchAcceptor);
  let recovered: Promise<void> = Promise.resolve();

  return {
    deposit,
    receipts,
    receiptContext,
    billTable: () => deposit.billTable(),
    completed: (transferId) => (last?.transferId === transferId ? last : null),
    lastCompleted: () => last,
    sessionOpen,
    holdsCash() {
      const view = deposit.view();
      return sessionOpen() && view !== null && (view.acceptedKopecks > 0 || view.noteInProgress);
    },
    async expireIdle() {
      await deposit.onIdleTimeout();
    },
    async testNote() {
      const startedAtMs = now();
      if (!(await deposit.whenReady(testNoteTimeoutMs))) {
        return err({ kind: 'timeout', message: 'The bill acceptor is not ready.' });
      }
      const table = deposit.billTable();
      if (table.length === 0) {
        return err({ kind: 'acceptor', message: 'The bill acceptor reports no notes.' });
      }
      return mux.testNote({
        billTypes: table.map((entry) => entry.billType),
        valueOf: (billType) =>
          table.find((entry) => entry.billType === billType)?.noteKopecks ?? null,
        timeoutMs: Math.max(1_000, testNoteTimeoutMs - (now() - startedAtMs)),
      });
    },
    recover() {
      recovered = deposit.recover().then(
        (report) => {
          watchAcceptor();
          deps.log.info({ report }, 'recovery finished');
        },
        (error: unknown) => deps.log.error({ err: error }, 'recovery failed'),
      );
      return recovered;
    },
    async close() {
      clearInterval(acceptorTimer);
      await recovered;
      await deposit.drained();
    },
  };
}

/**
 * The deposit limits and notes, read at every use from the settings in force (the operator's,
 * narrowed by central's configuration: settings-view.ts), with that configuration's version.
 */
function depositConfig(settings: () => ServiceSettings, configVersion: () => number | null) {
  const notesWhere = (keep: (note: ServiceSettings['acceptedNotes'][number]) => boolean) =>
    settings()
      .acceptedNotes.filter(keep)
      .map((note) => kopecks(note.noteKopecks));
  return {
    get depositKopecksMax() {
      return kopecks(settings().depositKopecksMax);
    },
    get configVersion() {
      return configVersion();
    },
    get commissionBasisPoints() {
      return settings().commissionBasisPoints;
    },
    get commissionMinKopecks() {
      return kopecks(settings().commissionMinKopecks);
    },
    get newSeriesNoteKopecks() {
      return notesWhere((note) => note.enabled && note.newSeriesEnabled);
    },
    get enabledNoteKopecks() {
      return notesWhere((note) => note.enabled);
    },
  };
}
