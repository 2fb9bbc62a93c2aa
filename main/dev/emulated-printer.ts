import type { PrinterPort } from '../../common/ports.ts';
import { createEscposPrinter, type EscposPrinterOptions } from '../devices/escpos/printer.ts';
import { createMemoryLinkPair } from '../../protocol/memory-link.ts';
import { EscposEmulator } from '../../emulators/escpos/emulator.ts';

/**
 * `KIOSK_PRINTER=emulator`: the real driver talking real ESC/POS bytes to the emulator over an
 * in-memory link, so the demo kiosk and e2e tests exercise the same code as a real printer.
 */
export function createEmulatedEscposPrinter(options: EscposPrinterOptions): {
  printer: PrinterPort;
  emulator: EscposEmulator;
} {
  const [driverSide, deviceSide] = createMemoryLinkPair();
  const codePage = options.codePage ?? 17;
  const emulator = new EscposEmulator(deviceSide, {
    widthColumns: options.widthColumns,
    cp866Table: codePage,
  });
  return { printer: createEscposPrinter(driverSide, options), emulator };
}
