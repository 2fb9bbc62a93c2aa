/**
 * Frames to fiscal operations: each command the kiosk uses is decoded with the shared codec,
 * checked for its password role, run on the FiscalDevice and answered with the codec's reply
 * layout, or with `code, error` (docs/protocols/shtrih-emulator.md, "Commands").
 */
import { err, ok, type Result } from '../../common/result.ts';
import { encodeErrorReply, splitRequest } from '../../protocol/shtrih/command-codec.ts';
import * as basic from '../../protocol/shtrih/commands.ts';
import { Command } from '../../protocol/shtrih/commands.ts';
import { correctionReceiptV2, fnFindDocument } from '../../protocol/shtrih/document-commands.ts';
import {
  closeReceiptV2,
  fnSendOperationTlv,
  fnSendTlv,
  operationV2,
} from '../../protocol/shtrih/receipt-commands.ts';
import { DeviceError, type DeviceErrorCode } from './errors.ts';
import type { FiscalDevice } from './fiscal-device.ts';
import {
  addItem,
  addTlv,
  cancelReceipt,
  closeReceipt,
  correction,
  openReceipt,
} from './receipt-ops.ts';
import { type CommandContext, type Handler, handler } from './handler.ts';
import { deviceDateTime, statusHandlers } from './status-handlers.ts';
import { text } from './tape.ts';

const operatorReply = (operator: number) => ok({ operator });

function printed(
  device: FiscalDevice,
  operator: number,
  print: () => void,
): Result<{ operator: number }, DeviceErrorCode> {
  const refused = device.printer.gate();
  if (refused !== null) return err(refused);
  print();
  return operatorReply(operator);
}

function printLineBody(device: FiscalDevice, flags: number, value: string, operator: number) {
  // Only the receipt tape exists on a kiosk model; a line for the control tape alone is void.
  if ((flags & basic.PrintFlag.receiptTape) === 0) return operatorReply(operator);
  return printed(device, operator, () => device.printer.print([text(value.trimEnd())]));
}

const printingHandlers: Record<number, Handler> = {
  [Command.printLine]: handler(basic.printLine, 'operator', ({ device }, request, operator) =>
    printLineBody(device, request.flags, request.text, operator),
  ),
  [Command.printLineInFont]: handler(
    basic.printLineInFont,
    'operator',
    ({ device }, request, operator) => printLineBody(device, request.flags, request.text, operator),
  ),
  [Command.cut]: handler(basic.cut, 'operator', ({ device }, request, operator) => {
    if (request.type > 1) return err(DeviceError.badParameters);
    return printed(device, operator, () =>
      device.printer.cut(request.type === 0 ? 'full' : 'partial'),
    );
  }),
  [Command.feed]: handler(basic.feed, 'operator', ({ device }, request, operator) => {
    if (request.lines < 1) return err(DeviceError.badParameters);
    if ((request.flags & basic.PrintFlag.receiptTape) === 0) return operatorReply(operator);
    return printed(device, operator, () => device.printer.feed(request.lines));
  }),
  [Command.continuePrinting]: handler(
    basic.continuePrinting,
    'operator',
    ({ device }, _request, operator) => {
      if (device.printer.busy()) return err(DeviceError.printingPrevious);
      const paper = device.state.printer;
      if (paper.paper === 'out' || paper.coverOpen) return err(DeviceError.noReceiptPaper);
      device.printer.continuePrinting();
      return operatorReply(operator);
    },
  ),
};

const shiftHandlers: Record<number, Handler> = {
  [Command.xReport]: handler(basic.xReport, 'report', ({ device }, _request, operator) => {
    const done = device.xReport();
    return done.ok ? operatorReply(operator) : done;
  }),
  [Command.zReport]: handler(basic.zReport, 'admin', ({ device }, _request, operator) => {
    const done = device.closeShift();
    return done.ok ? operatorReply(operator) : done;
  }),
  [Command.openShift]: handler(basic.openShift, 'operator', ({ device }, _request, operator) => {
    const done = device.openShift();
    return done.ok ? operatorReply(operator) : done;
  }),
};

const receiptHandlers: Record<number, Handler> = {
  [Command.openReceipt]: handler(basic.openReceipt, 'operator', ({ device }, request, operator) => {
    const done = openReceipt(device, request.type);
    return done.ok ? operatorReply(operator) : done;
  }),
  [Command.cancelReceipt]: handler(basic.cancelReceipt, 'operator', ({ device }, _r, operator) => {
    const done = cancelReceipt(device, true);
    return done.ok ? operatorReply(operator) : done;
  }),
  [Command.fnCancelDocument]: handler(basic.fnCancelDocument, 'sysadmin', ({ device }) => {
    if (device.state.receipt) cancelReceipt(device, false);
    return ok({});
  }),
  [Command.operationV2]: handler(operationV2, 'sysadmin', ({ device }, request) => {
    const done = addItem(device, {
      operation: request.operation,
      quantityMillionths: request.quantity,
      priceKopecks: request.priceKopecks,
      amountKopecks: request.amountKopecks,
      taxKopecks: request.taxKopecks,
      taxBits: request.taxBits,
      department: request.department,
      paymentMethod: request.paymentMethod,
      subject: request.paymentSubject,
      name: request.name,
    });
    return done.ok ? ok({}) : done;
  }),
  [Command.fnSendOperationTlv]: handler(fnSendOperationTlv, 'sysadmin', ({ device }, request) => {
    const done = addTlv(device, 'item', request.tlv);
    return done.ok ? ok({}) : done;
  }),
  [Command.fnSendTlv]: handler(fnSendTlv, 'sysadmin', ({ device }, request) => {
    const done = addTlv(device, 'receipt', request.tlv);
    return done.ok ? ok({}) : done;
  }),
  [Command.closeReceiptV2]: handler(closeReceiptV2, 'sysadmin', (context, request) => {
    const device = context.device;
    const done = closeReceipt(device, {
      sumsKopecks: request.paymentsKopecks,
      roundingKopecks: request.roundingKopecks,
      taxSumsKopecks: request.taxesKopecks,
      taxSystemMask: request.taxSystemBits,
      text: request.text,
    });
    if (!done.ok) return done;
    const { doc, changeKopecks } = done.value;
    return ok({
      changeKopecks,
      fdNumber: doc.fdNumber,
      fiscalSign: doc.fiscalSign,
      issuedAt: context.extendedReplies ? deviceDateTime(doc.issuedAtMs) : null,
    });
  }),
  [Command.correctionReceiptV2]: handler(correctionReceiptV2, 'sysadmin', (context, request) => {
    const device = context.device;
    const done = correction(device, {
      correctionType: request.correctionType,
      operation: request.operation,
      totalKopecks: request.totalKopecks,
      cashKopecks: request.cashKopecks,
      electronicKopecks: request.electronicKopecks,
      prepaidKopecks: request.prepaidKopecks,
      postpaidKopecks: request.postpaidKopecks,
      counterOfferKopecks: request.counterOfferKopecks,
      taxSumsKopecks: request.taxesKopecks,
      taxSystemMask: request.taxSystemBits,
    });
    if (!done.ok) return done;
    const doc = done.value;
    return ok({
      receiptNumber: doc.receiptNumber ?? 0,
      fdNumber: doc.fdNumber,
      fiscalSign: doc.fiscalSign,
      issuedAt: context.extendedReplies ? deviceDateTime(doc.issuedAtMs) : null,
    });
  }),
  [Command.fnFindDocument]: handler(fnFindDocument, 'sysadmin', ({ device }, request) => {
    const doc = device.findDocument(request.fdNumber);
    if (!doc) return err(DeviceError.fnNoData);
    return ok(foundDocumentReply(doc));
  }),
};

const DOCUMENT_TYPES = { receipt: 3, 'shift-open': 2, 'shift-close': 5, correction: 31 } as const;

function foundDocumentReply(doc: FiscalDevice['state']['documents'][number]) {
  const settlement = doc.kind === 'receipt' || doc.kind === 'correction';
  const extra = settlement
    ? new Uint8Array(0)
    : Uint8Array.of(doc.shiftNumber & 0xff, doc.shiftNumber >>> 8);
  return {
    documentType: DOCUMENT_TYPES[doc.kind],
    ofdTicketReceived: doc.ofdConfirmed,
    issuedAt: deviceDateTime(doc.issuedAtMs),
    fdNumber: doc.fdNumber,
    fiscalSign: doc.fiscalSign,
    operation: settlement ? doc.operation : null,
    totalKopecks: settlement ? doc.totalKopecks : null,
    extra,
  };
}

const HANDLERS: Record<number, Handler> = {
  ...statusHandlers,
  ...printingHandlers,
  ...shiftHandlers,
  ...receiptHandlers,
};

/** Codes this emulator answers (everything else gets 37h «not supported»). */
export const HANDLED_COMMANDS: readonly number[] = Object.keys(HANDLERS).map(Number);

/** One command message in, one answer message out; never throws on what the host sent. */
export function executeMessage(context: CommandContext, message: Uint8Array): Uint8Array {
  const split = splitRequest(message);
  if (!split.ok) return encodeErrorReply(message[0] ?? 0, DeviceError.notSupported);
  const run = HANDLERS[split.value.code];
  if (!run) return encodeErrorReply(split.value.code, DeviceError.notSupported);
  return run(context, split.value.payload);
}
