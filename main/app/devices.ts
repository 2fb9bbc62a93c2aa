import type { FiscalRegistrarPort } from '../../common/fiscal-port.ts';
import type { BillAcceptorPort, PrinterPort } from '../../common/ports.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { createCcnetDriver } from '../devices/ccnet/driver.ts';
import { type DeviceSpec, parseDeviceSpec } from '../devices/device-spec.ts';
import { openEscposPrinter } from '../devices/escpos/open-printer.ts';
import { createEscposPrinter } from '../devices/escpos/printer.ts';
import { createFiscalPrinter } from '../devices/fiscal-printer.ts';
import type { KioskConfig } from '../config.ts';
import type { StatusModel } from '../kiosk-status.ts';
import type { Logger } from '../log.ts';
import type { DevHooks } from './dev-hooks.ts';
import { printerDeviceState } from './device-status.ts';
import { openFiscalRegistrar, type OpenedRegistrar } from './fiscal-device.ts';
import type { SettingsView } from './settings-view.ts';

/**
 * The devices `KIOSK_BILL_ACCEPTOR`, `KIOSK_PRINTER` and `KIOSK_FISCAL` name, and the printer's
 * line on the status screen. `emulator` comes from the development hooks: the same drivers,
 * speaking to the emulators instead of a port. `KIOSK_PRINTER=fiscal` prints the non-fiscal
 * documents on the fiscal registrar's tape.
 */
export type Devices = {
  acceptor: BillAcceptorPort;
  acceptorAdapter: 'ccnet' | 'emulator';
  printer: PrinterPort;
  printerAdapter: DeviceSpec['kind'];
  /** The fiscal registrar; null when KIOSK_FISCAL=none (another party fiscalises). */
  fiscal: FiscalRegistrarPort | null;
  fiscalAdapter: OpenedRegistrar['adapter'];
  /** Asks the printer now and tells the status model (after each print, and every 5 s). */
  refreshPrinter(): Promise<void>;
  close(): Promise<void>;
};

export type DevicesError = {
  kind: 'device-open';
  device: 'bill acceptor' | 'printer' | 'fiscal registrar';
  message: string;
};

const printerWatchMs = 5_000;

export async function createDevices(deps: {
  config: Pick<KioskConfig, 'billAcceptor' | 'printer' | 'fiscal'>;
  settings: SettingsView;
  status: StatusModel;
  dev: DevHooks | null;
  log: Logger;
}): Promise<Devices> {
  const opened = await openDevices({
    billAcceptor: deps.config.billAcceptor,
    printer: deps.config.printer,
    fiscal: deps.config.fiscal,
    printerWidthColumns: deps.settings.current().printer.widthColumns,
    dev: deps.dev,
    log: deps.log,
  });
  if (!opened.ok) throw new Error(`${opened.error.device}: ${opened.error.message}`);
  const { acceptor, acceptorAdapter, printer, printerAdapter, fiscal, fiscalAdapter } =
    opened.value;
  const refreshPrinter = async () => {
    const printerStatus = await printer.status().catch(() => null);
    deps.status.setDevice(
      'printer',
      printerStatus?.ok
        ? printerDeviceState(printerAdapter, printerStatus.value)
        : {
            adapter: printerAdapter,
            health: 'fault',
            code: 'no-answer',
            detail: 'Printer does not answer.',
          },
    );
  };
  const printerTimer = setInterval(() => void refreshPrinter(), printerWatchMs);
  printerTimer.unref();
  await refreshPrinter();
  return {
    acceptor,
    acceptorAdapter,
    printer,
    printerAdapter,
    fiscal,
    fiscalAdapter,
    refreshPrinter,
    async close() {
      clearInterval(printerTimer);
      await acceptor.close();
      await printer.close();
      await fiscal?.close();
    },
  };
}

type Opened = Omit<Devices, 'refreshPrinter' | 'close'>;

async function openDevices(options: {
  billAcceptor: string;
  printer: string;
  fiscal: string;
  printerWidthColumns: 32 | 42 | 48;
  dev: DevHooks | null;
  log: Logger;
}): Promise<Result<Opened, DevicesError>> {
  const acceptorLog = options.log.child({ device: 'bill-acceptor' });
  const driverLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields = {}) =>
    acceptorLog[level](fields, message);
  const acceptorSpec = parseDeviceSpec(options.billAcceptor);
  if (!acceptorSpec.ok) return fail('bill acceptor', acceptorSpec.error.message);
  const printerSpec = parseDeviceSpec(options.printer);
  if (!printerSpec.ok) return fail('printer', printerSpec.error.message);
  const { dev } = options;
  const noDev = (what: string) => `${what}=emulator needs the development parts, absent here`;

  let acceptor: BillAcceptorPort;
  if (acceptorSpec.value.kind === 'emulator') {
    if (dev === null) return fail('bill acceptor', noDev('KIOSK_BILL_ACCEPTOR'));
    acceptor = createCcnetDriver(dev.acceptorLink(), { log: driverLog });
  } else if (acceptorSpec.value.kind === 'ccnet') {
    const { path, baudRate } = acceptorSpec.value;
    try {
      acceptor = createCcnetDriver(await openSerialLink(path, baudRate), { log: driverLog });
    } catch (error) {
      return fail('bill acceptor', `${path}: ${error instanceof Error ? error.message : error}`);
    }
  } else {
    return fail('bill acceptor', `${options.billAcceptor} is not a bill acceptor`);
  }

  const fiscalOpened = await openFiscalRegistrar({ spec: options.fiscal, dev, log: options.log });
  if (!fiscalOpened.ok) {
    await acceptor.close();
    return fail('fiscal registrar', fiscalOpened.error);
  }
  const { registrar, adapter: fiscalAdapter } = fiscalOpened.value;
  const closeOpened = async () => {
    await acceptor.close();
    await registrar?.close();
  };

  const printerLog = options.log.child({ device: 'printer' });
  const printerOptions = {
    widthColumns: options.printerWidthColumns,
    codePage: 17,
    log: {
      info: (fields: object, message: string) => printerLog.info(fields, message),
      warn: (fields: object, message: string) => printerLog.warn(fields, message),
    },
  };
  let printer: PrinterPort;
  const spec = printerSpec.value;
  if (spec.kind === 'emulator' && dev !== null) {
    printer = createEscposPrinter(dev.printerLink(printerOptions), printerOptions);
  } else if (spec.kind === 'fiscal' && registrar !== null) {
    printer = createFiscalPrinter(registrar, {
      tapeColumns: Math.min(options.printerWidthColumns, 40),
    });
  } else if (spec.kind === 'escpos' || spec.kind === 'escpos-file') {
    const printerOpened = await openEscposPrinter(spec, printerOptions);
    if (!printerOpened.ok) {
      await closeOpened();
      return fail('printer', printerOpened.error.message);
    }
    printer = printerOpened.value;
  } else {
    await closeOpened();
    const message =
      spec.kind === 'emulator' ? noDev('KIOSK_PRINTER') : `${options.printer} is not a printer`;
    return fail('printer', message);
  }

  return ok({
    acceptor,
    acceptorAdapter: acceptorSpec.value.kind === 'emulator' ? 'emulator' : 'ccnet',
    printer,
    printerAdapter: spec.kind,
    fiscal: registrar,
    fiscalAdapter,
  });
}

function fail(device: DevicesError['device'], message: string): Result<never, DevicesError> {
  return err({ kind: 'device-open', device, message });
}
