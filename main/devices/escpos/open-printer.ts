import type { PrinterPort } from '../../../common/ports.ts';
import { err, ok, type Result } from '../../../common/result.ts';
import { openSerialLink } from '../../../protocol/serial-link.ts';
import type { DeviceSpec } from '../device-spec.ts';
import { openFileLink } from './file-link.ts';
import { createEscposPrinter, type EscposPrinterOptions } from './printer.ts';

export type PrinterSpec = Extract<DeviceSpec, { kind: 'escpos' | 'escpos-file' }>;
export type PrinterOpenError = { kind: 'open-failed'; spec: PrinterSpec; message: string };

/** Opens the printer `KIOSK_PRINTER` names (docs/ARCHITECTURE.md §5); failures are values. */
export async function openEscposPrinter(
  spec: PrinterSpec,
  options: EscposPrinterOptions,
): Promise<Result<PrinterPort, PrinterOpenError>> {
  if (spec.kind === 'escpos-file') {
    const link = await openFileLink(spec.path);
    if (!link.ok) {
      const { kind, path } = link.error;
      const detail = link.error.kind === 'permission' ? ` (${link.error.hint})` : '';
      return err({ kind: 'open-failed', spec, message: `${path}: ${kind}${detail}` });
    }
    return ok(createEscposPrinter(link.value, options));
  }
  try {
    const link = await openSerialLink(spec.path, spec.baudRate);
    return ok(createEscposPrinter(link, options));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return err({ kind: 'open-failed', spec, message });
  }
}
