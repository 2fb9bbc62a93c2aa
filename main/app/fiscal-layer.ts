/**
 * The fiscal layer as the composition root takes it (docs/fiscal-integration.md): the wiring
 * (queue, shift keeper, cash gate), its gate on the status model, its part of the heartbeat,
 * the sender that carries issued documents to central, and what service mode shows and does.
 * Payments are built after it and read it, yet the shift keeper must know whether a payer's
 * cash is inside: that one question comes back through `payments`, null until they exist.
 */
import type { KioskConfig } from '../config.ts';
import type { StatusModel } from '../kiosk-status.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import type { ServiceFiscal } from '../service/deps.ts';
import { createFiscalSender } from '../sync/fiscal-sender.ts';
import type { Devices } from './devices.ts';
import { createServiceFiscal } from './fiscal-service.ts';
import { createFiscalWiring, type FiscalWiring } from './fiscal-wiring.ts';
import type { Payments } from './payments.ts';
import type { SettingsView } from './settings-view.ts';
import type { Sync } from './sync.ts';

export type FiscalLayer = {
  wiring: FiscalWiring;
  service: ServiceFiscal;
  /** Stops the sender, then lets the queue finish with the registrar. */
  close(): Promise<void>;
};

export function createFiscalLayer(deps: {
  config: KioskConfig;
  ledger: Ledger;
  status: StatusModel;
  settings: SettingsView;
  devices: Pick<Devices, 'fiscal' | 'fiscalAdapter'>;
  sync: Sync;
  payments: () => Pick<Payments, 'holdsCash' | 'sessionOpen'> | null;
  now: () => number;
  log: Logger;
}): FiscalLayer {
  const { ledger, status, settings, devices, sync, now, log } = deps;
  const utcOffsetMinutes = () => -new Date(now()).getTimezoneOffset();
  const wiring = createFiscalWiring({
    ledger,
    opened:
      devices.fiscal === null
        ? { adapter: 'none', registrar: null }
        : {
            adapter: devices.fiscalAdapter === 'shtrih' ? 'shtrih' : 'emulator',
            registrar: devices.fiscal,
          },
    status,
    config: sync.config,
    utcOffsetMinutes,
    holdsCash: () => deps.payments()?.holdsCash() ?? false,
    sessionOpen: () => deps.payments()?.sessionOpen() ?? false,
    ...(deps.config.fiscalTickMs === undefined ? {} : { tickMs: deps.config.fiscalTickMs }),
    now,
    log,
  });
  sync.reportFiscal(wiring.heartbeat);
  // With a registrar the cash gate replaces the printer's: the receipt is the registrar's.
  status.setPrinterRequired(
    () => wiring.fiscal === null && !settings.current().printer.allowCashWithoutPaper,
  );
  status.addGate({ reason: wiring.blocked });
  const sender = createFiscalSender({
    fiscal: ledger.fiscal,
    client: () => sync.runtime()?.client ?? null,
    now,
    log: log.child({ area: 'fiscal-sender' }),
  });
  sender.start();
  const service = createServiceFiscal({
    wiring,
    ledger,
    config: sync.config,
    utcOffsetMinutes,
    now,
  });
  return {
    wiring,
    service,
    async close() {
      await sender.stop();
      await wiring.close();
    },
  };
}
