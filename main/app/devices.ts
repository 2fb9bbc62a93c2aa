import type { BillAcceptorPort, PrinterPort } from '../../common/ports.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { CcnetEmulator } from '../../emulators/ccnet/emulator.ts';
import { createEmulatedEscposPrinter } from '../../emulators/escpos/emulated-printer.ts';
import type { EscposEmulator } from '../../emulators/escpos/emulator.ts';
import { createMemoryLinkPair } from '../../emulators/memory-link.ts';
import { createCcnetDriver } from '../devices/ccnet/driver.ts';
import { openEscposPrinter } from '../devices/escpos/open-printer.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { parseDeviceSpec } from '../devices/device-spec.ts';
import type { Logger } from '../log.ts';

/**
 * The devices a `KIOSK_BILL_ACCEPTOR` / `KIOSK_PRINTER` pair names. `emulator` means the real
 * drivers speaking real bytes to the emulators over an in-memory link, so the demo and the
 * e2e tests run the same code as a terminal with hardware.
 */
export type Devices = {
  acceptor: BillAcceptorPort;
  acceptorAdapter: 'ccnet' | 'emulator';
  printer: PrinterPort;
  printerAdapter: 'escpos' | 'escpos-file' | 'emulator';
  emulators: { acceptor: CcnetEmulator | null; printer: EscposEmulator | null };
  close(): Promise<void>;
};

export type DevicesError = {
  kind: 'device-open';
  device: 'bill acceptor' | 'printer';
  message: string;
};

export async function openDevices(options: {
  billAcceptor: string;
  printer: string;
  printerWidthColumns: 32 | 42 | 48;
  printerCodePage?: number;
  log: Logger;
}): Promise<Result<Devices, DevicesError>> {
  const acceptorLog = options.log.child({ device: 'bill-acceptor' });
  const driverLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields = {}) =>
    acceptorLog[level](fields, message);
  const acceptorSpec = parseDeviceSpec(options.billAcceptor);
  if (!acceptorSpec.ok) return fail('bill acceptor', acceptorSpec.error.message);
  const printerSpec = parseDeviceSpec(options.printer);
  if (!printerSpec.ok) return fail('printer', printerSpec.error.message);

  let acceptor: BillAcceptorPort;
  let acceptorEmulator: CcnetEmulator | null = null;
  if (acceptorSpec.value.kind === 'emulator') {
    const [hostSide, deviceSide] = createMemoryLinkPair();
    acceptorEmulator = new CcnetEmulator();
    acceptorEmulator.attach(deviceSide);
    acceptor = createCcnetDriver(hostSide, { log: driverLog });
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

  const printerLog = options.log.child({ device: 'printer' });
  const printerOptions = {
    widthColumns: options.printerWidthColumns,
    codePage: options.printerCodePage ?? 17,
    log: {
      info: (fields: object, message: string) => printerLog.info(fields, message),
      warn: (fields: object, message: string) => printerLog.warn(fields, message),
    },
  };
  let printer: PrinterPort;
  let printerEmulator: EscposEmulator | null = null;
  const spec = printerSpec.value;
  if (spec.kind === 'emulator') {
    const emulated = createEmulatedEscposPrinter(printerOptions);
    printer = emulated.printer;
    printerEmulator = emulated.emulator;
  } else if (spec.kind === 'escpos' || spec.kind === 'escpos-file') {
    const opened = await openEscposPrinter(spec, printerOptions);
    if (!opened.ok) {
      await acceptor.close();
      return fail('printer', opened.error.message);
    }
    printer = opened.value;
  } else {
    await acceptor.close();
    return fail('printer', `${options.printer} is not a printer`);
  }

  return ok({
    acceptor,
    acceptorAdapter: acceptorEmulator ? 'emulator' : 'ccnet',
    printer,
    printerAdapter: spec.kind,
    emulators: { acceptor: acceptorEmulator, printer: printerEmulator },
    async close() {
      await acceptor.close();
      await printer.close();
      acceptorEmulator?.detach();
    },
  });
}

function fail(device: DevicesError['device'], message: string): Result<never, DevicesError> {
  return err({ kind: 'device-open', device, message });
}
