/**
 * A minimal fiscal state behind the scripted Shtrih device, for the driver's unit tests: mode,
 * paper, shift and document counters, the open receipt, and per-command error injection. It
 * decodes every request with the shared codecs and encodes real replies, so a layout mistake on
 * either side fails the test. The full device model lives in emulators/shtrih.
 */
import { type CommandCodec, encodeErrorReply } from '../../protocol/shtrih/command-codec.ts';
import * as basic from '../../protocol/shtrih/commands.ts';
import { Command } from '../../protocol/shtrih/commands.ts';
import { fnFindDocument } from '../../protocol/shtrih/document-commands.ts';
import { encodeMode, Mode, StatusFlag, Submode } from '../../protocol/shtrih/modes.ts';
import type { DateTime } from '../../protocol/shtrih/numbers.ts';
import * as receipt from '../../protocol/shtrih/receipt-commands.ts';
import * as status from '../../protocol/shtrih/status-commands.ts';

export const FN_NUMBER = '9960440300000123';
export const NOW: DateTime = { year: 2026, month: 12, day: 7, hour: 5, minute: 40 };

type Issued = { fdNumber: number; fiscalSign: number; type: number; totalKopecks: number };

export class FakeRegistrar {
  mode: number = Mode.shiftOpen;
  submode: number = Submode.idle;
  flags =
    StatusFlag.receiptPaperOptical | StatusFlag.receiptLeverDown | StatusFlag.receiptRollPresent;
  fnDocument = 0;
  shiftNumber = 41;
  receiptNumber = 6;
  lastFd = 1234;
  /** Send DATE_TIME in FF45 (the table setting «extended answers»). */
  extendedAnswers = false;
  /** Status polls that still report printing after a print command. */
  printingPolls = 0;
  /** After 41h: polls before the mode turns to 4. */
  zReportPolls = 0;
  readonly documents = new Map<number, Issued>();
  readonly log: { code: number; request: unknown }[] = [];
  /** Errors to answer, per command code, one per call, in order. */
  readonly errors = new Map<number, number[]>();
  openItems: receipt.OperationV2Request[] = [];

  injectError(code: number, ...errorCodes: number[]): void {
    this.errors.set(code, [...(this.errors.get(code) ?? []), ...errorCodes]);
  }

  codes(): number[] {
    return this.log.map((entry) => entry.code);
  }

  readonly handle = (code: number, payload: Uint8Array): Uint8Array => {
    const codec = CODECS.get(code);
    if (!codec) return encodeErrorReply(code, 0x37);
    const request = codec.decodeRequest(payload);
    if (!request.ok) return encodeErrorReply(code, 0x01);
    this.log.push({ code, request: request.value });
    const injected = this.errors.get(code)?.shift();
    if (injected !== undefined) return encodeErrorReply(code, injected);
    return this.#reply(code, request.value);
  };

  #reply(code: number, request: unknown): Uint8Array {
    const operator = { operator: 30 };
    switch (code) {
      case Command.fullStatus:
        return status.fullStatus.encodeReply(this.#fullStatus());
      case Command.printLine:
      case Command.printLineInFont:
      case Command.feed:
      case Command.cut:
      case Command.xReport:
        return this.#printed(code, operator);
      case Command.continuePrinting:
        this.submode = Submode.idle;
        return basic.continuePrinting.encodeReply(operator);
      case Command.zReport:
        this.zReportPolls = Math.max(this.zReportPolls, 1);
        this.submode = Submode.printing;
        return this.#issue(2, 5, 0, () => basic.zReport.encodeReply(operator));
      case Command.openShift:
        if (this.mode !== Mode.shiftClosed) return encodeErrorReply(code, 0x73);
        this.mode = Mode.shiftOpen;
        this.shiftNumber += 1;
        this.receiptNumber = 0;
        return this.#issue(2, 2, 0, () => basic.openShift.encodeReply(operator));
      case Command.openReceipt:
        if (this.mode !== Mode.shiftOpen) return encodeErrorReply(code, 0x73);
        this.mode = encodeMode(Mode.documentOpen, 0);
        this.fnDocument = 0x04;
        this.openItems = [];
        return basic.openReceipt.encodeReply(operator);
      case Command.cancelReceipt:
        if ((this.mode & 0x0f) !== Mode.documentOpen) return encodeErrorReply(code, 0x73);
        this.mode = Mode.shiftOpen;
        this.fnDocument = 0;
        return basic.cancelReceipt.encodeReply(operator);
      default:
        return this.#fn(code, request);
    }
  }

  #fn(code: number, request: unknown): Uint8Array {
    switch (code) {
      case Command.fnStatus:
        return status.fnStatus.encodeReply({
          phase: 0x03,
          currentDocument: this.fnDocument,
          documentData: 0,
          shiftOpen: this.mode !== Mode.shiftClosed,
          warningFlags: 0,
          lastDocumentAt: NOW,
          fnNumber: FN_NUMBER,
          lastFdNumber: this.lastFd,
        });
      case Command.fnExpiry:
        return status.fnExpiry.encodeReply({
          validUntil: { year: 2028, month: 3, day: 1 },
          reregistrationsLeft: 11,
          reregistrationsDone: 1,
        });
      case Command.fnExchangeStatus:
        return status.fnExchangeStatus.encodeReply({
          statusBits: 0x03,
          readingMessage: false,
          queueCount: 2,
          firstQueuedFd: this.lastFd - 1,
          firstQueuedAt: { ...NOW, minute: 10 },
        });
      case Command.fnShiftParameters:
        return status.fnShiftParameters.encodeReply({
          shiftOpen: this.mode !== Mode.shiftClosed,
          shiftNumber: this.shiftNumber,
          receiptNumber: this.receiptNumber,
        });
      case Command.fnCancelDocument:
        this.fnDocument = 0;
        return basic.fnCancelDocument.encodeReply({});
      case Command.fnFindDocument:
        return this.#find((request as { fdNumber: number }).fdNumber);
      case Command.operationV2:
        this.openItems.push(request as receipt.OperationV2Request);
        return receipt.operationV2.encodeReply({});
      case Command.fnSendTlv:
        return receipt.fnSendTlv.encodeReply({});
      case Command.fnSendOperationTlv:
        return receipt.fnSendOperationTlv.encodeReply({});
      case Command.closeReceiptV2:
        return this.#closeReceipt(request as receipt.CloseReceiptV2Request);
      default:
        return encodeErrorReply(code, 0x37);
    }
  }

  #closeReceipt(request: receipt.CloseReceiptV2Request): Uint8Array {
    const total = this.openItems.reduce((sum, item) => sum + item.priceKopecks, 0);
    if ((request.paymentsKopecks[0] ?? 0) < total)
      return encodeErrorReply(Command.closeReceiptV2, 0x45);
    this.mode = Mode.shiftOpen;
    this.fnDocument = 0;
    this.receiptNumber += 1;
    this.printingPolls = 1;
    return this.#issue(3, 3, total, (fd, fp) =>
      receipt.closeReceiptV2.encodeReply({
        changeKopecks: 0,
        fdNumber: fd,
        fiscalSign: fp,
        issuedAt: this.extendedAnswers ? NOW : null,
      }),
    );
  }

  #issue(
    _kind: number,
    type: number,
    totalKopecks: number,
    reply: (fd: number, fp: number) => Uint8Array,
  ): Uint8Array {
    this.lastFd += 1;
    const fiscalSign = 3_000_000_000 + this.lastFd;
    this.documents.set(this.lastFd, { fdNumber: this.lastFd, fiscalSign, type, totalKopecks });
    return reply(this.lastFd, fiscalSign);
  }

  #find(fdNumber: number): Uint8Array {
    const found = this.documents.get(fdNumber);
    if (!found) return encodeErrorReply(Command.fnFindDocument, 0x08);
    const settlement = found.type === 3;
    return fnFindDocument.encodeReply({
      documentType: found.type,
      ofdTicketReceived: false,
      issuedAt: NOW,
      fdNumber,
      fiscalSign: found.fiscalSign,
      operation: settlement ? 1 : null,
      totalKopecks: settlement ? found.totalKopecks : null,
      extra: settlement ? new Uint8Array(0) : Uint8Array.of(this.shiftNumber, 0),
    });
  }

  #printed(code: number, operator: { operator: number }): Uint8Array {
    if (this.submode === Submode.waitingContinue) return encodeErrorReply(code, 0x58);
    if ((this.flags & StatusFlag.receiptPaperOptical) === 0) return encodeErrorReply(code, 0x6b);
    this.printingPolls = 1;
    this.submode = Submode.printing;
    const codec = CODECS.get(code) as unknown as CommandCodec<unknown, { operator: number }>;
    return codec.encodeReply(operator);
  }

  #fullStatus(): status.FullStatus {
    if (this.submode === Submode.printing) {
      if (this.printingPolls > 0) this.printingPolls -= 1;
      else this.submode = Submode.idle;
    }
    if (this.zReportPolls > 0) {
      this.zReportPolls -= 1;
      if (this.zReportPolls === 0) {
        this.mode = Mode.shiftClosed;
        this.submode = Submode.idle;
      }
    }
    return {
      operator: 30,
      firmwareVersion: 'A4',
      firmwareBuild: 1,
      firmwareDate: Uint8Array.of(1, 1, 20),
      hallNumber: 1,
      documentNumber: 1,
      flags: this.flags,
      mode: this.mode,
      submode: this.submode,
      port: 0,
      legacyFiscalMemory: new Uint8Array(7),
      date: { year: NOW.year, month: NOW.month, day: NOW.day },
      time: { hour: NOW.hour, minute: NOW.minute, second: 12 },
      legacyFiscalMemoryFlags: 0,
      serialNumber: 12345678,
      lastClosedShift: this.shiftNumber - 1,
      legacyFreeRecords: 0,
      reregistrations: 1,
      reregistrationsLeft: 11,
      inn: 7707083893,
    };
  }
}

const CODECS = new Map<number, CommandCodec<never, never>>(
  [
    status.fullStatus,
    status.shortStatus,
    status.fnStatus,
    status.fnExpiry,
    status.fnExchangeStatus,
    status.fnShiftParameters,
    basic.printLine,
    basic.printLineInFont,
    basic.feed,
    basic.cut,
    basic.xReport,
    basic.zReport,
    basic.openShift,
    basic.openReceipt,
    basic.cancelReceipt,
    basic.continuePrinting,
    basic.fnCancelDocument,
    fnFindDocument,
    receipt.operationV2,
    receipt.fnSendTlv,
    receipt.fnSendOperationTlv,
    receipt.closeReceiptV2,
  ].map((codec) => [codec.code, codec as unknown as CommandCodec<never, never>]),
);
