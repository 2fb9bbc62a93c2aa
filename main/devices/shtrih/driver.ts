/**
 * Shtrih-M fiscal registrar driver: FiscalRegistrarPort over a ByteLink
 * (docs/protocols/shtrih.md). Each port call runs alone (a queue): a receipt is a sequence of
 * commands, and a status poll or a text print must not land in the middle of it. Below it the
 * link layer runs one exchange at a time as well, so no two callers ever interleave bytes.
 */
import type {
  FiscalCondition,
  FiscalCorrectionPort,
  FiscalCorrectionRequest,
  FiscalDocument,
  FiscalError,
  FiscalReceiptRequest,
  FiscalRegistrarPort,
  FoundFiscalDocument,
  ShiftReport,
} from '../../../common/fiscal-port.ts';
import { err, ok, type Result } from '../../../common/result.ts';
import type { ByteLink } from '../../../protocol/link.ts';
import { wrapText } from '../../../protocol/escpos/text-wrap.ts';
import {
  cancelReceipt,
  CutType,
  continuePrinting,
  cut,
  feed,
  fnCancelDocument,
  openShift,
  PrintFlag,
  printLine,
  printLineInFont,
  xReport,
  zReport,
} from '../../../protocol/shtrih/commands.ts';
import { fnFindDocument } from '../../../protocol/shtrih/document-commands.ts';
import { decodeMode, Mode } from '../../../protocol/shtrih/modes.ts';
import {
  fnExchangeStatus,
  fnExpiry,
  fnShiftParameters,
  fnStatus,
} from '../../../protocol/shtrih/status-commands.ts';
import { type CommandFailure, ShtrihCommander, sleep } from './commander.ts';
import { conditionOf, foundDocumentOf } from './condition.ts';
import {
  linkOptionsOf,
  type Settings,
  settingsOf,
  type ShtrihDriverOptions,
} from './driver-options.ts';
import { fiscalErrorOf } from './error-map.ts';
import { ShtrihLinkLayer } from './link-layer.ts';
import { runCorrection, runReceipt } from './receipt-flow.ts';
import { planReceipt } from './receipt-plan.ts';
import { SerialQueue } from './serial-queue.ts';

export type { ShtrihDriverOptions };

/** 73h on 88h: no receipt is open, which is what cancelling wanted. */
const NOT_IN_THIS_MODE = 0x73;
/** 08h on FF0A: the ФН holds no document with that number. */
const NO_DATA = 0x08;

export class ShtrihFiscalRegistrar implements FiscalRegistrarPort, FiscalCorrectionPort {
  readonly #settings: Settings;
  readonly #link: ShtrihLinkLayer;
  readonly #commander: ShtrihCommander;
  readonly #operations = new SerialQueue();

  /** Throws on invalid options: they are configuration, checked once at start. */
  constructor(link: ByteLink, options: ShtrihDriverOptions = {}) {
    const settings = settingsOf(options);
    if (!settings.ok) throw new Error(settings.message);
    this.#settings = settings.settings;
    this.#link = new ShtrihLinkLayer(link, linkOptionsOf(this.#settings));
    this.#commander = new ShtrihCommander(this.#link, this.#settings);
  }

  condition(): Promise<Result<FiscalCondition, FiscalError>> {
    return this.#exclusive(async () => {
      const command = this.#commander;
      const status = await command.status();
      if (!status.ok) return this.#failed(status.error);
      const fn = await command.run(fnStatus, {});
      if (!fn.ok) return this.#failed(fn.error);
      const expiry = await command.run(fnExpiry, {});
      if (!expiry.ok) return this.#failed(expiry.error);
      const exchange = await command.run(fnExchangeStatus, {});
      if (!exchange.ok) return this.#failed(exchange.error);
      const shift = await command.run(fnShiftParameters, {});
      if (!shift.ok) return this.#failed(shift.error);
      const parts = {
        status: status.value,
        fn: fn.value,
        expiry: expiry.value,
        exchange: exchange.value,
        shift: shift.value,
      };
      return ok(conditionOf(parts, this.#settings.paperSensor));
    });
  }

  openShift(): Promise<Result<ShiftReport, FiscalError>> {
    return this.#exclusive(async () => {
      const ready = await this.#commander.waitPrintingEnds();
      if (!ready.ok) return this.#failed(ready.error);
      const opened = await this.#commander.run(openShift, {});
      if (!opened.ok) return this.#failed(opened.error);
      return this.#shiftReport();
    });
  }

  closeShift(): Promise<Result<ShiftReport, FiscalError>> {
    return this.#exclusive(async () => {
      const ready = await this.#commander.waitPrintingEnds();
      if (!ready.ok) return this.#failed(ready.error);
      const closed = await this.#commander.run(zReport, {});
      if (!closed.ok) return this.#failed(closed.error);
      const settled = await this.#waitForMode(Mode.shiftClosed, this.#settings.zReportWaitMsMax);
      if (!settled.ok) return settled;
      return this.#shiftReport();
    });
  }

  xReport(): Promise<Result<void, FiscalError>> {
    return this.#exclusive(async () => {
      const ready = await this.#commander.waitPrintingEnds();
      if (!ready.ok) return this.#failed(ready.error);
      const printed = await this.#commander.run(xReport, {});
      if (!printed.ok) return this.#failed(printed.error);
      const done = await this.#commander.waitPrintingEnds();
      return done.ok ? ok(undefined) : this.#failed(done.error);
    });
  }

  issueReceipt(request: FiscalReceiptRequest): Promise<Result<FiscalDocument, FiscalError>> {
    return this.#exclusive(async () => {
      const planned = planReceipt(request, this.#settings.department);
      if (!planned.ok) {
        this.#settings.log('error', 'shtrih: receipt refused before sending', {
          reason: planned.message,
        });
        return err({ kind: 'device', code: 0, message: planned.message });
      }
      return runReceipt(
        {
          commander: this.#commander,
          fail: (failure) => this.#fiscalError(failure),
          cancelOpen: () => this.#cancelOpen(),
          printLines: (lines, withCut) => this.#printLines(lines, withCut),
        },
        planned.plan,
      );
    });
  }

  /**
   * A correction receipt (FF4Ah) for a payment whose receipt could not be issued: type
   * «самостоятельно», operation «приход», the whole sum in cash, «без НДС». FF4Ah carries no
   * TLVs, so the basis (1174: date of the settlement, order number) is not sent to the ФН; the
   * kiosk keeps it with the payment and prints it in the header (docs/fiscal.md, open points).
   */
  issueCorrection(request: FiscalCorrectionRequest): Promise<Result<FiscalDocument, FiscalError>> {
    return this.#exclusive(async () => {
      const { settlementDate, orderNumber } = request.correction;
      const basis = [
        `КОРРЕКЦИЯ: РАСЧЁТ ОТ ${settlementDate.split('-').reverse().join('.')}`,
        ...(orderNumber === null ? [] : [`ПРЕДПИСАНИЕ № ${orderNumber}`]),
      ];
      const planned = planReceipt(
        { ...request, headerLines: [...request.headerLines, ...basis] },
        this.#settings.department,
      );
      if (!planned.ok) return err({ kind: 'device', code: 0, message: planned.message });
      return runCorrection(
        {
          commander: this.#commander,
          fail: (failure) => this.#fiscalError(failure),
          cancelOpen: () => this.#cancelOpen(),
          printLines: (lines, withCut) => this.#printLines(lines, withCut),
        },
        planned.plan,
      );
    });
  }

  cancelOpenDocument(): Promise<Result<void, FiscalError>> {
    return this.#exclusive(async () => {
      const cancelled = await this.#cancelOpen();
      return cancelled.ok ? ok(undefined) : this.#failed(cancelled.error);
    });
  }

  continuePrinting(): Promise<Result<void, FiscalError>> {
    return this.#exclusive(async () => {
      const resumed = await this.#commander.run(continuePrinting, {});
      return resumed.ok ? ok(undefined) : this.#failed(resumed.error);
    });
  }

  findDocument(fdNumber: number): Promise<Result<FoundFiscalDocument | null, FiscalError>> {
    return this.#exclusive(async () => {
      if (!Number.isSafeInteger(fdNumber) || fdNumber < 1 || fdNumber > 0xffff_ffff) {
        return ok(null);
      }
      const found = await this.#commander.run(fnFindDocument, { fdNumber });
      if (found.ok) return ok(foundDocumentOf(found.value));
      if (found.error.kind === 'device' && found.error.info.code === NO_DATA) return ok(null);
      return this.#failed(found.error);
    });
  }

  shiftCounters(): Promise<
    Result<{ shiftNumber: number; lastReceiptNumber: number }, FiscalError>
  > {
    return this.#exclusive(async () => {
      const shift = await this.#commander.run(fnShiftParameters, {});
      if (!shift.ok) return this.#failed(shift.error);
      return ok({
        shiftNumber: shift.value.shiftNumber,
        lastReceiptNumber: shift.value.receiptNumber,
      });
    });
  }

  printText(lines: readonly string[]): Promise<Result<void, FiscalError>> {
    return this.#exclusive(async () => {
      const printed = await this.#printLines(lines, true);
      return printed.ok ? ok(undefined) : this.#failed(printed.error);
    });
  }

  async close(): Promise<void> {
    await this.#operations.run(() => this.#link.close());
  }

  #exclusive<T>(job: () => Promise<Result<T, FiscalError>>): Promise<Result<T, FiscalError>> {
    return this.#operations.run(async () => {
      if (this.#link.closed) return err({ kind: 'offline' });
      return job();
    });
  }

  async #failed(failure: CommandFailure): Promise<Result<never, FiscalError>> {
    return err(await this.#fiscalError(failure));
  }

  /** 72h/73h mean "not in this mode": the status read now says which mode. */
  async #fiscalError(failure: CommandFailure): Promise<FiscalError> {
    if (failure.kind === 'device' && failure.info.category === 'mode') {
      const status = await this.#commander.status();
      return fiscalErrorOf(failure, status.ok ? status.value : null);
    }
    return fiscalErrorOf(failure);
  }

  /** 88h for a receipt open in the ККТ, FF08 for a document open in the ФН alone. */
  async #cancelOpen(): Promise<Result<void, CommandFailure>> {
    const status = await this.#commander.status();
    if (!status.ok) return status;
    if (decodeMode(status.value.mode).mode === Mode.documentOpen) {
      const cancelled = await this.#commander.run(cancelReceipt, {});
      const nothingOpen =
        !cancelled.ok &&
        cancelled.error.kind === 'device' &&
        cancelled.error.info.code === NOT_IN_THIS_MODE;
      if (!cancelled.ok && !nothingOpen) return cancelled;
    }
    const fn = await this.#commander.run(fnStatus, {});
    if (!fn.ok) return fn;
    if (fn.value.currentDocument === 0) return ok(undefined);
    const dropped = await this.#commander.run(fnCancelDocument, {});
    return dropped.ok ? ok(undefined) : dropped;
  }

  /** Lines wrapped to the paper width, each one print command; then feed and cut if asked. */
  async #printLines(
    lines: readonly string[],
    withCut: boolean,
  ): Promise<Result<void, CommandFailure>> {
    const ready = await this.#commander.waitPrintingEnds();
    if (!ready.ok) return ready;
    const width = this.#settings.lineWidthChars;
    const font = this.#settings.lineFont;
    for (const line of lines.flatMap((text) => wrapText(text, width))) {
      const printed =
        font === null
          ? await this.#commander.run(printLine, { flags: PrintFlag.receiptTape, text: line })
          : await this.#commander.run(printLineInFont, {
              flags: PrintFlag.receiptTape,
              font,
              text: line,
            });
      if (!printed.ok) return printed;
    }
    if (!withCut) return ok(undefined);
    if (this.#settings.feedLinesBeforeCut > 0) {
      const fed = await this.#commander.run(feed, {
        flags: PrintFlag.receiptTape,
        lines: this.#settings.feedLinesBeforeCut,
      });
      if (!fed.ok) return fed;
    }
    const type = this.#settings.cut === 'full' ? CutType.full : CutType.partial;
    const cutDone = await this.#commander.run(cut, { type });
    return cutDone.ok ? ok(undefined) : cutDone;
  }

  /** After 41h the report prints for a while; the shift is closed once the mode reads 4. */
  async #waitForMode(wanted: number, waitMsMax: number): Promise<Result<void, FiscalError>> {
    const deadline = Date.now() + waitMsMax;
    for (;;) {
      const status = await this.#commander.status();
      if (status.ok && decodeMode(status.value.mode).mode === wanted) return ok(undefined);
      if (!status.ok && status.error.kind !== 'link') return this.#failed(status.error);
      if (Date.now() >= deadline) {
        return status.ok ? err({ kind: 'busy' }) : this.#failed(status.error);
      }
      await sleep(this.#settings.pollIntervalMs);
    }
  }

  /** Shift number from FF40, the FD from FF01 and its fiscal sign from FF0A. */
  async #shiftReport(): Promise<Result<ShiftReport, FiscalError>> {
    const shift = await this.#commander.run(fnShiftParameters, {});
    if (!shift.ok) return this.#failed(shift.error);
    const fn = await this.#commander.run(fnStatus, {});
    if (!fn.ok) return this.#failed(fn.error);
    const found = await this.#commander.run(fnFindDocument, { fdNumber: fn.value.lastFdNumber });
    if (!found.ok) return this.#failed(found.error);
    return ok({
      shiftNumber: shift.value.shiftNumber,
      fdNumber: fn.value.lastFdNumber,
      fiscalSign: found.value.fiscalSign,
    });
  }
}
