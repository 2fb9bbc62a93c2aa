import { assert } from '../../../common/assert.ts';
import type {
  PrinterCondition,
  PrinterError,
  PrinterPort,
  ReceiptDocument,
} from '../../../common/ports.ts';
import { err, ok, type Result } from '../../../common/result.ts';
import type { ByteLink } from '../../../protocol/link.ts';
import * as cmd from './commands.ts';
import { encodeReceipt } from './encode-receipt.ts';
import { ReplyReader } from './reply-reader.ts';
import { conditionError, parseCustomFullStatus, parseRealtimeStatus } from './status.ts';

export type EscposLog = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
};

export type EscposPrinterOptions = {
  /** ESC t n selecting CP866: 17 on Epson-compatible printers (default), 7 on Citizen. */
  codePage?: number;
  widthColumns: 32 | 42 | 48;
  /**
   * 'dle-eot' (default): Epson-style DLE EOT 1..4. 'custom-full': Custom kiosk printers
   * (VKP80, TG2480) whose firmware may answer only DLE EOT 20 (docs/protocols/escpos.md §7).
   */
  statusCommand?: 'dle-eot' | 'custom-full';
  /** Per DLE EOT reply; real printers answer within milliseconds, a busy pty within ~20 ms. */
  statusTimeoutMs?: number;
  /** GS V (default) or ESC i for printers (Custom kiosk models) that only know the legacy cut. */
  cutMode?: cmd.CutMode;
  feedBeforeCutLines?: number;
  /**
   * How long to wait for the GS r reply that says everything sent has been printed. A printer
   * that ignores GS r costs this much per receipt (then DLE EOT decides), so keep it near the
   * longest real print time.
   */
  printedConfirmTimeoutMs?: number;
  /** How long an XOFF may hold us before print gives up. */
  xoffWaitMsMax?: number;
  chunkBytesMax?: number;
  log?: EscposLog;
};

const silentLog: EscposLog = { info: () => {}, warn: () => {} };

type Settings = Required<Omit<EscposPrinterOptions, 'log'>> & { log: EscposLog };

function settingsOf(options: EscposPrinterOptions): Settings {
  const settings: Settings = {
    codePage: options.codePage ?? 17,
    statusCommand: options.statusCommand ?? 'dle-eot',
    widthColumns: options.widthColumns,
    statusTimeoutMs: options.statusTimeoutMs ?? 500,
    cutMode: options.cutMode ?? 'gs-v',
    feedBeforeCutLines: options.feedBeforeCutLines ?? 4,
    printedConfirmTimeoutMs: options.printedConfirmTimeoutMs ?? 8_000,
    xoffWaitMsMax: options.xoffWaitMsMax ?? 60_000,
    chunkBytesMax: options.chunkBytesMax ?? 512,
    log: options.log ?? silentLog,
  };
  assert([32, 42, 48].includes(settings.widthColumns), 'escpos: width must be 32, 42 or 48');
  assert(settings.statusTimeoutMs > 0, 'escpos: statusTimeoutMs');
  return settings;
}

/**
 * ESC/POS receipt printer over any ByteLink (serial port, raw device file, pty, memory).
 * Every operation runs alone (a promise chain), so a status poll never lands inside a
 * receipt's multi-byte command and each reply belongs to exactly one request.
 */
export function createEscposPrinter(link: ByteLink, options: EscposPrinterOptions): PrinterPort {
  const settings = settingsOf(options);
  const reader = new ReplyReader(settings.log);
  let closeReason: string | null = null;
  link.setDataListener((chunk) => reader.feed(chunk));
  link.setCloseListener((reason) => {
    closeReason = reason;
    settings.log.warn({ reason }, 'printer link closed');
    reader.close();
  });

  let queue: Promise<unknown> = Promise.resolve();
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => {});
    return run;
  }

  async function write(bytes: readonly number[] | Uint8Array): Promise<Result<void, PrinterError>> {
    if (closeReason !== null) return err({ kind: 'io', message: `link closed: ${closeReason}` });
    try {
      await link.write(Uint8Array.from(bytes));
      return ok(undefined);
    } catch (error) {
      return err({ kind: 'io', message: error instanceof Error ? error.message : String(error) });
    }
  }

  async function readCondition(): Promise<Result<PrinterCondition, PrinterError>> {
    await reader.quiet();
    if (settings.statusCommand === 'custom-full') return readCustomCondition();
    const replies: number[] = [];
    for (const n of [1, 2, 3, 4] as const) {
      const reply = reader.expectRealtime(settings.statusTimeoutMs);
      const sent = await write(cmd.realtimeStatus(n));
      if (!sent.ok) {
        reader.cancelPending();
        return sent;
      }
      const byte = await reply;
      if (byte === null) return err(closeReason === null ? { kind: 'timeout' } : ioClosed());
      replies.push(byte);
    }
    const [printer, offlineCause, errorCause, paperSensor] = replies as [
      number,
      number,
      number,
      number,
    ];
    return ok(parseRealtimeStatus({ printer, offlineCause, errorCause, paperSensor }));
  }

  async function readCustomCondition(): Promise<Result<PrinterCondition, PrinterError>> {
    const reply = reader.expectCustomFrame(settings.statusTimeoutMs);
    const sent = await write(cmd.customFullStatus());
    if (!sent.ok) {
      reader.cancelPending();
      return sent;
    }
    const frame = await reply;
    if (frame === null) return err(closeReason === null ? { kind: 'timeout' } : ioClosed());
    return ok(parseCustomFullStatus(frame));
  }

  function ioClosed(): PrinterError {
    return { kind: 'io', message: `link closed: ${closeReason ?? 'unknown'}` };
  }

  /** Status as a printability check: the condition, or the error that stops printing. */
  async function checkPrintable(stage: string): Promise<Result<PrinterCondition, PrinterError>> {
    const condition = await readCondition();
    if (!condition.ok) {
      settings.log.warn({ stage, error: condition.error }, 'printer status failed');
      return condition;
    }
    const problem = conditionError(condition.value);
    if (problem) {
      settings.log.warn({ stage, condition: condition.value }, 'printer cannot print');
      return err(problem);
    }
    return condition;
  }

  async function printLocked(document: ReceiptDocument): Promise<Result<void, PrinterError>> {
    const before = await checkPrintable('before');
    if (!before.ok) return before;
    const chunks = encodeReceipt(document, settings);
    for (const [index, chunk] of chunks.entries()) {
      if (!(await reader.waitWritable(settings.xoffWaitMsMax))) {
        return err(closeReason === null ? { kind: 'timeout' } : ioClosed());
      }
      const sent = await write(chunk);
      if (!sent.ok) return sent;
      // Between chunks: paper out or a jam mid-receipt stops us sending the rest.
      const during = await checkPrintable(`chunk ${index + 1}/${chunks.length}`);
      if (!during.ok) return during;
    }
    const printed = reader.expectPlain(settings.printedConfirmTimeoutMs);
    const asked = await write(cmd.transmitPaperStatus());
    if (!asked.ok) {
      reader.cancelPending();
      return asked;
    }
    const confirmation = await printed;
    const after = await checkPrintable('after');
    if (!after.ok) return after;
    if (confirmation === null) {
      // Some printers ignore GS r; the real-time status says all is well, so trust it.
      settings.log.warn({}, 'printer did not confirm the printed receipt (GS r); status is ok');
    }
    settings.log.info({ bytes: chunks.reduce((sum, c) => sum + c.length, 0) }, 'receipt printed');
    return ok(undefined);
  }

  return {
    status: () => exclusive(readCondition),
    print: (document) => exclusive(() => printLocked(document)),
    async close() {
      await exclusive(async () => {
        closeReason ??= 'closed by us';
        reader.close();
        await link.close();
      });
    },
  };
}
