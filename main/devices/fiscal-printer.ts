import type { FiscalError, FiscalRegistrarPort } from '../../common/fiscal-port.ts';
import type {
  PrinterCondition,
  PrinterError,
  PrinterPort,
  ReceiptDocument,
  ReceiptLine,
} from '../../common/ports.ts';
import { err, ok, type Result } from '../../common/result.ts';

/**
 * `KIOSK_PRINTER=fiscal`: the non-fiscal documents (collection reports, receipt copies, test
 * pages) print on the fiscal registrar's tape as plain text (FiscalRegistrarPort.printText).
 * The ФР prints text only, so a QR line becomes its text, a rule a row of dashes, and bold or
 * double size plain letters; a line wider than the tape is wrapped, never cut off.
 */
export function createFiscalPrinter(
  registrar: FiscalRegistrarPort,
  options: { tapeColumns: number },
): PrinterPort {
  return {
    async status(): Promise<Result<PrinterCondition, PrinterError>> {
      const condition = await registrar.condition();
      if (!condition.ok) return err(printerErrorOf(condition.error));
      const value = condition.value;
      return ok({
        online: value.online,
        paper: value.paper === 'out' || value.printing === 'paper-out-waiting' ? 'out' : 'ok',
        coverOpen: value.coverOpen,
        cutterError: false,
        error: value.online ? null : 'The fiscal registrar does not answer.',
      });
    },
    async print(document: ReceiptDocument): Promise<Result<void, PrinterError>> {
      const printed = await registrar.printText(fiscalTapeLines(document, options.tapeColumns));
      return printed.ok ? ok(undefined) : err(printerErrorOf(printed.error));
    },
    // The registrar is closed by whoever opened it (main/app/devices.ts), once.
    async close() {},
  };
}

/** A document as the text lines the ФР prints, each at most `tapeColumns` wide. */
export function fiscalTapeLines(document: ReceiptDocument, tapeColumns: number): string[] {
  const width = Math.max(1, Math.min(document.widthColumns, tapeColumns));
  return document.lines.flatMap((line) => lineTexts(line, width));
}

function lineTexts(line: ReceiptLine, width: number): string[] {
  switch (line.kind) {
    case 'text':
      return wrap(line.text, width).map((piece) => align(piece, width, line.align ?? 'left'));
    case 'rule':
      return ['-'.repeat(width)];
    case 'feed':
      return Array.from({ length: Math.max(0, line.lines) }, () => '');
    case 'qr':
      return wrap(line.data, width);
  }
}

function wrap(text: string, width: number): string[] {
  const characters = Array.from(text);
  if (characters.length <= width) return [text];
  const pieces: string[] = [];
  for (let at = 0; at < characters.length; at += width) {
    pieces.push(characters.slice(at, at + width).join(''));
  }
  return pieces;
}

function align(text: string, width: number, where: 'left' | 'center' | 'right'): string {
  const room = width - Array.from(text).length;
  if (room <= 0 || where === 'left') return text;
  return where === 'right' ? ' '.repeat(room) + text : ' '.repeat(Math.floor(room / 2)) + text;
}

export function printerErrorOf(error: FiscalError): PrinterError {
  switch (error.kind) {
    case 'paper-out':
    case 'cover-open':
    case 'offline':
    case 'timeout':
      return { kind: error.kind };
    case 'io':
      return { kind: 'io', message: error.message };
    case 'fn-blocked':
    case 'device':
      return { kind: 'io', message: `fiscal registrar 0x${hex(error.code)}: ${error.message}` };
    case 'document-state':
      return { kind: 'io', message: `fiscal registrar: a document is open (0x${hex(error.code)})` };
    default:
      return { kind: 'io', message: `fiscal registrar: ${error.kind}` };
  }
}

function hex(code: number): string {
  return code.toString(16).padStart(2, '0').toUpperCase();
}
