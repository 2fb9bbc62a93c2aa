import { commands } from '../common/contract.ts';
import { ok } from '../common/result.ts';
import type { KioskConfig } from './config.ts';
import { createEventBus, type EventBus } from './event-bus.ts';
import { createDispatcher, type Dispatcher } from './hosts/dispatch.ts';
import type { Logger } from './log.ts';
import { createStatusModel, type StatusModel } from './kiosk-status.ts';
import { softwareVersion } from './version.ts';
import { unavailablePaymentHandlers } from './app/payment-handlers.ts';

/**
 * Composition root shared by both hosts: everything but the window. It owns the devices, the
 * ledger and sync, and exposes the contract as a dispatcher plus an event bus.
 */
export type Kiosk = {
  dispatch: Dispatcher;
  events: EventBus;
  status: StatusModel;
  /** Emulator panel and test control, only when devices are emulated. */
  panel: { dispatch: Dispatcher; events: EventBus } | null;
  close(): Promise<void>;
};

export type KioskOptions = {
  config: KioskConfig;
  log: Logger;
  now?: () => number;
};

export async function createKiosk(options: KioskOptions): Promise<Kiosk> {
  const { log } = options;
  const now = options.now ?? Date.now;
  const events = createEventBus((error) => log.error({ err: error }, 'event listener threw'));
  const status = createStatusModel({ softwareVersion, now });
  status.onDidChange((snapshot) => events.emit('kiosk:statusChanged', snapshot));

  const dispatch = createDispatcher(
    commands,
    {
      'kiosk:getStatus': () => ok(status.snapshot()),
      'kiosk:setLanguage': ({ language }) => {
        status.setLanguage(language);
        return ok({ language });
      },
      ...unavailablePaymentHandlers(),
    },
    log.child({ ipc: 'kiosk' }),
  );

  return {
    dispatch,
    events,
    status,
    panel: null,
    async close() {},
  };
}
