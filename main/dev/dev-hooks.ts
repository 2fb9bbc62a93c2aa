import { panelCommands } from '../../common/contract.ts';
import { CcnetEmulator } from '../../emulators/ccnet/emulator.ts';
import { EscposEmulator } from '../../emulators/escpos/emulator.ts';
import { createMemoryLinkPair } from '../../protocol/memory-link.ts';
import type { CreateDevHooks, DevCentral, DevHooks } from '../app/dev-hooks.ts';
import { createDispatcher } from '../hosts/dispatch.ts';
import { demoNotices, provisionDemoTerminal, startEmbeddedCentral } from './demo-setup.ts';
import { type EmulatedRegistrar, openEmulatedRegistrar } from './fiscal-emulator.ts';
import { createPanel, throttledEvents } from './panel-handlers.ts';

/**
 * The development kiosk (main/app/dev-hooks.ts says what it adds): `emulator` devices are the
 * real drivers speaking real bytes to the emulators over an in-memory link, so the demo and the
 * e2e tests run the same code as a terminal with hardware.
 */
export const createDevHooks: CreateDevHooks = async ({ config, demoSetup }) => {
  let acceptor: CcnetEmulator | null = null;
  let printer: EscposEmulator | null = null;
  let fiscal: EmulatedRegistrar | null = null;

  const hooks: DevHooks = {
    acceptorLink() {
      const [hostSide, deviceSide] = createMemoryLinkPair();
      acceptor = new CcnetEmulator();
      acceptor.attach(deviceSide);
      return hostSide;
    },

    printerLink({ widthColumns, codePage }) {
      const [driverSide, deviceSide] = createMemoryLinkPair();
      printer = new EscposEmulator(deviceSide, { widthColumns, cp866Table: codePage });
      return driverSide;
    },

    fiscalLink() {
      fiscal = openEmulatedRegistrar(config.dataDir, null);
      return fiscal.link;
    },

    async startCentral(): Promise<DevCentral> {
      const central = await startEmbeddedCentral(config.dataDir);
      return {
        url: central.url,
        rosterPublicKeyPem: central.rosterPublicKeyPem,
        async setUpDemo({ ledger, now, log }) {
          if (!demoSetup) return null;
          const provisioned = await provisionDemoTerminal({
            ledger,
            central,
            dataDir: config.dataDir,
            fiscal: config.fiscal,
            now,
            log,
          });
          if (provisioned.ok) return provisioned.value;
          log.error({ error: provisioned.error }, 'demo setup failed');
          return null;
        },
        notices: async (identity, ledger) => [
          `Embedded central API: ${central.url}`,
          ...(await demoNotices(central, identity, ledger)),
        ],
        close: () => central.close(),
      };
    },

    createPanel(payments, log) {
      if (acceptor === null && printer === null && fiscal === null) return null;
      const panel = createPanel({
        acceptor,
        printer,
        fiscal: fiscal?.emulator ?? null,
        billTable: () => payments.billTable(),
        expireIdle: () => payments.expireIdle(),
      });
      return {
        dispatch: createDispatcher(panelCommands, panel.handlers, log.child({ ipc: 'panel' })),
        events: throttledEvents(panel.onDidChange, () => ({
          event: 'emulator:changed',
          payload: panel.snapshot(),
        })),
      };
    },

    async close() {
      acceptor?.detach();
      fiscal?.emulator.detach();
      fiscal?.save();
    },
  };
  return hooks;
};
