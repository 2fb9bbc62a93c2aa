import { err, ok } from '../../common/result.ts';
import { probePorts } from '../devices/port-discovery.ts';
import type { EventBus } from '../event-bus.ts';
import type { StatusModel } from '../kiosk-status.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import type { ServiceFiscal } from '../service/deps.ts';
import { createServiceMode, type ServiceHandlers } from '../service/service-mode.ts';
import type { Devices } from './devices.ts';
import type { Payments } from './payments.ts';
import type { SettingsView } from './settings-view.ts';
import type { Sync } from './sync.ts';
import { enrolTerminal } from './terminal-identity.ts';
import type { CentralData, EffectiveTerms } from '../../common/contract.ts';
import { narrowedFields } from '../core/effective-terms.ts';
import type { Freshness } from './sync.ts';
import { missingSupportDetails, paymentsBlockOf } from './support-details.ts';
import type { TerminalConfig } from '../../common/central-wire.ts';

/**
 * Service mode wired to the kiosk's parts built before it: ledger, printer, payments (receipts,
 * the test note, whether cash is held) and sync (enrolment, collections, the outbox).
 */
export type ServiceWiring = {
  handlers: ServiceHandlers;
  isActive(): boolean;
  dispose(): void;
};

export function createServiceWiring(deps: {
  ledger: Ledger;
  dataDir: string;
  log: Logger;
  now: () => number;
  events: EventBus;
  status: StatusModel;
  settings: SettingsView;
  devices: Devices;
  payments: Payments;
  sync: Sync;
  fiscal?: ServiceFiscal;
}): ServiceWiring {
  const { payments, sync } = deps;
  const log = deps.log.child({ area: 'service' });
  const mode = createServiceMode({
    ledger: deps.ledger,
    dataDir: deps.dataDir,
    log,
    now: deps.now,
    emit: (event, payload) => deps.events.emit(event, payload),
    emitKeyDetected: (payload) => deps.events.emit('service:keyDetected', payload),
    depositHoldsCash: payments.holdsCash,
    status: () => deps.status.snapshot(),
    printer: deps.devices.printer,
    reprint: (transferId) => payments.receipts.reprint(transferId),
    receiptContext: () => {
      const context = payments.receiptContext();
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
        if (retried.ok) sync.notifyCommitted();
        return retried;
      },
    },
    central: {
      async enrol(terminalId, code) {
        const url = sync.centralUrl();
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
        sync.enrolled(enrolled.value);
        return ok(undefined);
      },
      async facilities() {
        const central = sync.runtime();
        if (central === null)
          return err({ kind: 'not-enrolled', message: 'Enrol the terminal first.' });
        return central.catalog.facilities(null);
      },
      sendCollection(report) {
        sync.collections.enqueue(report);
        const central = sync.runtime();
        if (central !== null) void sync.collections.flush(central.client);
        return ok(undefined);
      },
      async ping() {
        const central = sync.runtime();
        if (central === null) return err({ kind: 'not-enrolled', message: 'Not enrolled.' });
        const startedAt = performance.now();
        const answer = await central.client.getConfig();
        if (!answer.ok)
          return err({ kind: answer.error.kind, message: 'Central does not answer.' });
        return ok({ latencyMs: Math.round(performance.now() - startedAt) });
      },
      data: () => centralDataOf(sync.freshness(), sync.config()),
      async refreshData() {
        const freshness = await sync.refreshNow();
        return centralDataOf(freshness, sync.config());
      },
    },
    ...(deps.fiscal === undefined ? {} : { fiscal: deps.fiscal }),
    effectiveTerms: () => effectiveTermsOf(deps.settings, sync.config()?.version ?? null),
    devices: {
      probePorts: () => probePorts(),
      testNote: () => payments.testNote(),
    },
    applySettings(settings) {
      deps.settings.saved(settings);
      // Read live (limits, commission, notes, languages, default language, payer idle timeout,
      // printer width); this only tells the screens. The central URL waits for a restart.
      deps.status.setIdentity({});
      const restartRequired: string[] = [];
      if (sync.centralUrlNeedsRestart(settings.centralUrl)) restartRequired.push('centralUrl');
      return { restartRequired };
    },
    onSetupChanged: () => deps.status.setIdentity({}),
  });
  const stopKeyWatch = mode.startKeyWatch();
  return {
    handlers: mode.handlers,
    isActive: () => mode.isActive(),
    dispose() {
      stopKeyWatch();
      mode.dispose();
    },
  };
}

function centralDataOf(freshness: Freshness, config: TerminalConfig | null): CentralData {
  const cut = (text: string | null) => (text === null ? null : text.slice(0, 300));
  return {
    roster: { ...freshness.roster, error: cut(freshness.roster.error) },
    config: { ...freshness.config, error: cut(freshness.config.error) },
    paymentsBlocked: paymentsBlockOf(config),
    ...(config === null ? {} : { missingDetails: missingSupportDetails(config) }),
  };
}

function effectiveTermsOf(settings: SettingsView, configVersion: number | null): EffectiveTerms {
  const effective = settings.current();
  return {
    configVersion,
    depositKopecksMax: effective.depositKopecksMax,
    commissionBasisPoints: effective.commissionBasisPoints,
    commissionMinKopecks: effective.commissionMinKopecks,
    enabledNotesKopecks: effective.acceptedNotes
      .filter((note) => note.enabled)
      .map((note) => note.noteKopecks),
    languages: effective.languages,
    narrowedByCentral: narrowedFields(settings.local(), effective),
  };
}
