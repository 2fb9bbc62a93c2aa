/**
 * Command codes and the simple commands (docs/protocols/shtrih.md §6): printing, cut and feed,
 * reports, shift, receipt open/cancel, continue printing. Status and ФН queries are in
 * status-commands.ts, the receipt body (items, TLVs, close) in receipt-commands.ts.
 *
 * Every request starts with a 4-byte password; most replies are the error byte and the number
 * of the operator whose password was used.
 */
import { type CommandCodec, defineCommand } from './command-codec.ts';
import type { ByteReader, ByteWriter } from './numbers.ts';
import { decodeWin1251, encodeWin1251Fixed } from './text.ts';

export const Command = {
  shortStatus: 0x10,
  fullStatus: 0x11,
  printLine: 0x17,
  cut: 0x25,
  feed: 0x29,
  printLineInFont: 0x2f,
  xReport: 0x40,
  zReport: 0x41,
  cancelReceipt: 0x88,
  openReceipt: 0x8d,
  continuePrinting: 0xb0,
  openShift: 0xe0,
  fnStatus: 0xff01,
  fnNumber: 0xff02,
  fnExpiry: 0xff03,
  fnCancelDocument: 0xff08,
  fnFindDocument: 0xff0a,
  fnSendTlv: 0xff0c,
  fnExchangeStatus: 0xff39,
  fnUnconfirmedCount: 0xff3f,
  fnShiftParameters: 0xff40,
  closeReceiptV2: 0xff45,
  operationV2: 0xff46,
  correctionReceiptV2: 0xff4a,
  fnSendOperationTlv: 0xff4d,
  fnFreeMemory: 0xff63,
} as const;

export type CommandCode = (typeof Command)[keyof typeof Command];

export const PASSWORD_BYTES = 4;
/** Width of a text field in the print commands (font 1). */
export const PRINT_TEXT_BYTES = 40;
/** A longer field is allowed on some models (`F7h`); more never fits a frame. */
export const PRINT_TEXT_BYTES_MAX = 248;

/** 17h/2Fh/29h flags byte. */
export const PrintFlag = {
  controlTape: 0x01,
  receiptTape: 0x02,
  wrap: 0x40,
  deferred: 0x80,
} as const;

/** 8Dh document type. */
export const ReceiptType = { sale: 0, purchase: 1, saleReturn: 2, purchaseReturn: 3 } as const;

/** 25h: 0 full cut, 1 partial. */
export const CutType = { full: 0, partial: 1 } as const;

export type PasswordRequest = { password: number };
export type OperatorReply = { operator: number };
export type NoData = Record<string, never>;

export function writePassword(writer: ByteWriter, request: PasswordRequest): void {
  writer.u32(request.password);
}

export function readPassword(reader: ByteReader): PasswordRequest {
  return { password: reader.u32() };
}

export const noData = {
  write(_writer: ByteWriter, _reply: NoData): void {},
  read(_reader: ByteReader): NoData {
    return {};
  },
};

/** A command whose request is the password and whose reply is the operator number. */
export function passwordOperatorCommand(
  code: number,
  name: string,
): CommandCodec<PasswordRequest, OperatorReply> {
  return defineCommand(code, name, {
    writeRequest: writePassword,
    readRequest: readPassword,
    writeReply: (writer, reply) => writer.u8(reply.operator),
    readReply: (reader) => ({ operator: reader.u8() }),
  });
}

/** A command whose request is the password and whose reply is the error byte alone. */
export function passwordOnlyCommand(
  code: number,
  name: string,
): CommandCodec<PasswordRequest, NoData> {
  return defineCommand(code, name, {
    writeRequest: writePassword,
    readRequest: readPassword,
    writeReply: noData.write,
    readReply: noData.read,
  });
}

export type PrintLineRequest = { password: number; flags: number; text: string };
export type PrintLineInFontRequest = PrintLineRequest & { font: number };

function readText(reader: ByteReader): string {
  return decodeWin1251(reader.rest());
}

export const printLine = defineCommand<PrintLineRequest, OperatorReply>(
  Command.printLine,
  'print line',
  {
    writeRequest: (writer, request) =>
      writer
        .u32(request.password)
        .u8(request.flags)
        .bytes(encodeWin1251Fixed(request.text, PRINT_TEXT_BYTES)),
    readRequest: (reader) => ({
      password: reader.u32(),
      flags: reader.u8(),
      text: readText(reader),
    }),
    writeReply: (writer, reply) => writer.u8(reply.operator),
    readReply: (reader) => ({ operator: reader.u8() }),
  },
);

export const printLineInFont = defineCommand<PrintLineInFontRequest, OperatorReply>(
  Command.printLineInFont,
  'print line in font',
  {
    writeRequest: (writer, request) =>
      writer
        .u32(request.password)
        .u8(request.flags)
        .u8(request.font)
        .bytes(encodeWin1251Fixed(request.text, PRINT_TEXT_BYTES)),
    readRequest: (reader) => ({
      password: reader.u32(),
      flags: reader.u8(),
      font: reader.u8(),
      text: readText(reader),
    }),
    writeReply: (writer, reply) => writer.u8(reply.operator),
    readReply: (reader) => ({ operator: reader.u8() }),
  },
);

export type CutRequest = { password: number; type: number };

export const cut = defineCommand<CutRequest, OperatorReply>(Command.cut, 'cut', {
  writeRequest: (writer, request) => writer.u32(request.password).u8(request.type),
  readRequest: (reader) => ({ password: reader.u32(), type: reader.u8() }),
  writeReply: (writer, reply) => writer.u8(reply.operator),
  readReply: (reader) => ({ operator: reader.u8() }),
});

export type FeedRequest = { password: number; flags: number; lines: number };

export const feed = defineCommand<FeedRequest, OperatorReply>(Command.feed, 'feed', {
  writeRequest: (writer, request) =>
    writer.u32(request.password).u8(request.flags).u8(request.lines),
  readRequest: (reader) => ({ password: reader.u32(), flags: reader.u8(), lines: reader.u8() }),
  writeReply: (writer, reply) => writer.u8(reply.operator),
  readReply: (reader) => ({ operator: reader.u8() }),
});

export const xReport = passwordOperatorCommand(Command.xReport, 'X report');
export const zReport = passwordOperatorCommand(Command.zReport, 'Z report');
export const cancelReceipt = passwordOperatorCommand(Command.cancelReceipt, 'cancel receipt');
export const continuePrinting = passwordOperatorCommand(
  Command.continuePrinting,
  'continue printing',
);
export const fnCancelDocument = passwordOnlyCommand(Command.fnCancelDocument, 'cancel ФН document');

/** E0h: the vendor lists the operator byte, other drivers read only the error: both decode. */
export const openShift = defineCommand<PasswordRequest, { operator: number | null }>(
  Command.openShift,
  'open shift',
  {
    writeRequest: writePassword,
    readRequest: readPassword,
    writeReply: (writer, reply) => {
      if (reply.operator !== null) writer.u8(reply.operator);
    },
    readReply: (reader) => ({ operator: reader.remaining > 0 ? reader.u8() : null }),
  },
);

export type OpenReceiptRequest = { password: number; type: number };

export const openReceipt = defineCommand<OpenReceiptRequest, OperatorReply>(
  Command.openReceipt,
  'open receipt',
  {
    writeRequest: (writer, request) => writer.u32(request.password).u8(request.type),
    readRequest: (reader) => ({ password: reader.u32(), type: reader.u8() }),
    writeReply: (writer, reply) => writer.u8(reply.operator),
    readReply: (reader) => ({ operator: reader.u8() }),
  },
);

/** Human names for logs, by code. */
export const commandNames: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(Command).map(([name, code]) => [code, name]),
);
