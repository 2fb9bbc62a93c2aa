/**
 * Status and ФН queries (docs/protocols/shtrih.md §6.1): 10h short and 11h full status, FF01 ФН
 * status, FF02 ФН number, FF03 ФН expiry, FF39 OFD exchange, FF3F unconfirmed count, FF40 shift
 * parameters, FF0A find document, FF63 free ФН memory.
 */
import { defineCommand } from './command-codec.ts';
import { Command, type PasswordRequest, readPassword, writePassword } from './commands.ts';
import type { ByteReader, CalendarDate, ClockTime, DateTime } from './numbers.ts';
import { decodeAscii, encodeAsciiFixed } from './text.ts';

export const FN_NUMBER_BYTES = 16;

export type ShortStatus = {
  operator: number;
  flags: number;
  /** Raw mode byte: low nibble the mode, high nibble its status (modes.ts). */
  mode: number;
  submode: number;
  operationsInReceipt: number;
  batteryVoltageRaw: number;
  powerVoltageRaw: number;
  /** Pre-ФН fiscal memory and ЭКЛЗ error bytes; zero on ФН models. */
  legacyErrors: [number, number];
  /** 0 ok, 1 paper break, 2 printer error, 5 printing; null when the model does not send it. */
  lastPrintResult: number | null;
};

export const shortStatus = defineCommand<PasswordRequest, ShortStatus>(
  Command.shortStatus,
  'short status',
  {
    writeRequest: writePassword,
    readRequest: readPassword,
    writeReply: (writer, reply) => {
      writer.u8(reply.operator).u16(reply.flags).u8(reply.mode).u8(reply.submode);
      writer.u8(reply.operationsInReceipt & 0xff);
      writer.u8(reply.batteryVoltageRaw).u8(reply.powerVoltageRaw);
      writer.u8(reply.legacyErrors[0]).u8(reply.legacyErrors[1]);
      writer.u8(reply.operationsInReceipt >>> 8).bytes(new Uint8Array(3));
      if (reply.lastPrintResult !== null) writer.u8(reply.lastPrintResult);
    },
    readReply: (reader) => {
      const operator = reader.u8();
      const flags = reader.u16();
      const mode = reader.u8();
      const submode = reader.u8();
      const operationsLow = reader.u8();
      const batteryVoltageRaw = reader.u8();
      const powerVoltageRaw = reader.u8();
      const legacyErrors: [number, number] = [reader.u8(), reader.u8()];
      const operationsHigh = reader.u8();
      reader.bytes(3);
      return {
        operator,
        flags,
        mode,
        submode,
        operationsInReceipt: operationsLow | (operationsHigh << 8),
        batteryVoltageRaw,
        powerVoltageRaw,
        legacyErrors,
        lastPrintResult: reader.remaining > 0 ? reader.u8() : null,
      };
    },
  },
);

export type FullStatus = {
  operator: number;
  /** Two ASCII characters, e.g. "A4". */
  firmwareVersion: string;
  firmwareBuild: number;
  /** Raw `DD MM YY`: informative only, so an odd value does not fail the status. */
  firmwareDate: Uint8Array;
  hallNumber: number;
  documentNumber: number;
  flags: number;
  mode: number;
  submode: number;
  port: number;
  /** Fiscal memory version, build and date of pre-ФН models: 7 bytes, zero on ФН models. */
  legacyFiscalMemory: Uint8Array;
  date: CalendarDate;
  time: ClockTime;
  legacyFiscalMemoryFlags: number;
  serialNumber: number;
  lastClosedShift: number;
  legacyFreeRecords: number;
  reregistrations: number;
  reregistrationsLeft: number;
  inn: number;
};

const SERIAL_LOW_LIMIT = 0x1_0000_0000;

export const fullStatus = defineCommand<PasswordRequest, FullStatus>(
  Command.fullStatus,
  'full status',
  {
    writeRequest: writePassword,
    readRequest: readPassword,
    writeReply: (writer, reply) => {
      writer.u8(reply.operator).bytes(encodeAsciiFixed(reply.firmwareVersion, 2));
      writer.u16(reply.firmwareBuild).bytes(fixed(reply.firmwareDate, 3));
      writer.u8(reply.hallNumber).u16(reply.documentNumber).u16(reply.flags);
      writer.u8(reply.mode).u8(reply.submode).u8(reply.port);
      writer.bytes(fixed(reply.legacyFiscalMemory, 7)).dateDmy(reply.date).time(reply.time);
      writer.u8(reply.legacyFiscalMemoryFlags).u32(reply.serialNumber % SERIAL_LOW_LIMIT);
      writer.u16(reply.lastClosedShift).u16(reply.legacyFreeRecords);
      writer.u8(reply.reregistrations).u8(reply.reregistrationsLeft).uint(reply.inn, 6);
      if (reply.serialNumber >= SERIAL_LOW_LIMIT) {
        writer.u16(Math.floor(reply.serialNumber / SERIAL_LOW_LIMIT));
      }
    },
    readReply: readFullStatus,
  },
);

function readFullStatus(reader: ByteReader): FullStatus {
  const operator = reader.u8();
  const firmwareVersion = decodeAscii(reader.bytes(2));
  const firmwareBuild = reader.u16();
  const firmwareDate = reader.bytes(3);
  const hallNumber = reader.u8();
  const documentNumber = reader.u16();
  const flags = reader.u16();
  const mode = reader.u8();
  const submode = reader.u8();
  const port = reader.u8();
  const legacyFiscalMemory = reader.bytes(7);
  const date = reader.dateDmy();
  const time = reader.time();
  const legacyFiscalMemoryFlags = reader.u8();
  const serialLow = reader.u32();
  const lastClosedShift = reader.u16();
  const legacyFreeRecords = reader.u16();
  const reregistrations = reader.u8();
  const reregistrationsLeft = reader.u8();
  const inn = reader.uint(6);
  const serialHigh = reader.remaining >= 2 ? reader.u16() : 0;
  return {
    operator,
    firmwareVersion,
    firmwareBuild,
    firmwareDate,
    hallNumber,
    documentNumber,
    flags,
    mode,
    submode,
    port,
    legacyFiscalMemory,
    date,
    time,
    legacyFiscalMemoryFlags,
    serialNumber: serialHigh * SERIAL_LOW_LIMIT + serialLow,
    lastClosedShift,
    legacyFreeRecords,
    reregistrations,
    reregistrationsLeft,
    inn,
  };
}

function fixed(bytes: Uint8Array, size: number): Uint8Array {
  const field = new Uint8Array(size);
  field.set(bytes.subarray(0, size), 0);
  return field;
}

/** FF01 phase bits (ФН life cycle). */
export const FnPhaseBit = {
  setUp: 0x01,
  fiscalOpen: 0x02,
  fiscalClosed: 0x04,
  ofdDone: 0x08,
} as const;

/** FF01 warning flags. */
export const FnWarningBit = {
  replaceUrgently: 0x01,
  resourceLow: 0x02,
  memoryNearFull: 0x04,
  ofdTimeout: 0x08,
  critical: 0x80,
} as const;

/** FF01 current document kinds (00 = none, 04 = receipt). */
export const FnCurrentDocument = {
  none: 0x00,
  registration: 0x01,
  shiftOpen: 0x02,
  receipt: 0x04,
  shiftClose: 0x08,
  fiscalClose: 0x10,
  correctionReceipt: 0x14,
  settlementReport: 0x17,
} as const;

export type FnStatus = {
  phase: number;
  currentDocument: number;
  /** 0 no document data received yet, 1 received. */
  documentData: number;
  shiftOpen: boolean;
  warningFlags: number;
  lastDocumentAt: DateTime | null;
  fnNumber: string;
  lastFdNumber: number;
};

export const fnStatus = defineCommand<PasswordRequest, FnStatus>(Command.fnStatus, 'ФН status', {
  writeRequest: writePassword,
  readRequest: readPassword,
  writeReply: (writer, reply) => {
    writer.u8(reply.phase).u8(reply.currentDocument).u8(reply.documentData);
    writer
      .u8(reply.shiftOpen ? 1 : 0)
      .u8(reply.warningFlags)
      .dateTime(reply.lastDocumentAt);
    writer.bytes(encodeAsciiFixed(reply.fnNumber, FN_NUMBER_BYTES)).u32(reply.lastFdNumber);
  },
  readReply: (reader) => ({
    phase: reader.u8(),
    currentDocument: reader.u8(),
    documentData: reader.u8(),
    shiftOpen: reader.u8() !== 0,
    warningFlags: reader.u8(),
    lastDocumentAt: reader.dateTime(),
    fnNumber: decodeAscii(reader.bytes(FN_NUMBER_BYTES)),
    lastFdNumber: reader.u32(),
  }),
});

export const fnNumber = defineCommand<PasswordRequest, { fnNumber: string }>(
  Command.fnNumber,
  'ФН number',
  {
    writeRequest: writePassword,
    readRequest: readPassword,
    writeReply: (writer, reply) => writer.bytes(encodeAsciiFixed(reply.fnNumber, FN_NUMBER_BYTES)),
    readReply: (reader) => ({ fnNumber: decodeAscii(reader.bytes(FN_NUMBER_BYTES)) }),
  },
);

export type FnExpiry = {
  validUntil: CalendarDate;
  /** Sent by most firmware after the date; null when the reply is the date alone. */
  reregistrationsLeft: number | null;
  reregistrationsDone: number | null;
};

export const fnExpiry = defineCommand<PasswordRequest, FnExpiry>(Command.fnExpiry, 'ФН expiry', {
  writeRequest: writePassword,
  readRequest: readPassword,
  writeReply: (writer, reply) => {
    writer.dateYmd(reply.validUntil);
    if (reply.reregistrationsLeft !== null && reply.reregistrationsDone !== null) {
      writer.u8(reply.reregistrationsLeft).u8(reply.reregistrationsDone);
    }
  },
  readReply: (reader) => {
    const validUntil = reader.dateYmd();
    const hasCounts = reader.remaining >= 2;
    return {
      validUntil,
      reregistrationsLeft: hasCounts ? reader.u8() : null,
      reregistrationsDone: hasCounts ? reader.u8() : null,
    };
  },
});

/** FF39 exchange status bits. */
export const OfdStatusBit = {
  transportUp: 0x01,
  messageWaiting: 0x02,
  waitingTicket: 0x04,
  commandFromOfd: 0x08,
  settingsChanged: 0x10,
  waitingCommandAnswer: 0x20,
} as const;

export type FnExchangeStatus = {
  statusBits: number;
  readingMessage: boolean;
  queueCount: number;
  firstQueuedFd: number;
  firstQueuedAt: DateTime | null;
};

export const fnExchangeStatus = defineCommand<PasswordRequest, FnExchangeStatus>(
  Command.fnExchangeStatus,
  'OFD exchange status',
  {
    writeRequest: writePassword,
    readRequest: readPassword,
    writeReply: (writer, reply) =>
      writer
        .u8(reply.statusBits)
        .u8(reply.readingMessage ? 1 : 0)
        .u16(reply.queueCount)
        .u32(reply.firstQueuedFd)
        .dateTime(reply.firstQueuedAt),
    readReply: (reader) => ({
      statusBits: reader.u8(),
      readingMessage: reader.u8() !== 0,
      queueCount: reader.u16(),
      firstQueuedFd: reader.u32(),
      firstQueuedAt: reader.dateTime(),
    }),
  },
);

export const fnUnconfirmedCount = defineCommand<PasswordRequest, { count: number }>(
  Command.fnUnconfirmedCount,
  'unconfirmed FD count',
  {
    writeRequest: writePassword,
    readRequest: readPassword,
    writeReply: (writer, reply) => writer.u16(reply.count),
    readReply: (reader) => ({ count: reader.u16() }),
  },
);

export type FnShiftParameters = { shiftOpen: boolean; shiftNumber: number; receiptNumber: number };

export const fnShiftParameters = defineCommand<PasswordRequest, FnShiftParameters>(
  Command.fnShiftParameters,
  'shift parameters',
  {
    writeRequest: writePassword,
    readRequest: readPassword,
    writeReply: (writer, reply) =>
      writer
        .u8(reply.shiftOpen ? 1 : 0)
        .u16(reply.shiftNumber)
        .u16(reply.receiptNumber),
    readReply: (reader) => ({
      shiftOpen: reader.u8() !== 0,
      shiftNumber: reader.u16(),
      receiptNumber: reader.u16(),
    }),
  },
);

export type FnFreeMemory = {
  freeRecords: number;
  thirtyDayAreaKb: number;
  markingAreaPercent: number | null;
};

export const fnFreeMemory = defineCommand<PasswordRequest, FnFreeMemory>(
  Command.fnFreeMemory,
  'ФН free memory',
  {
    writeRequest: writePassword,
    readRequest: readPassword,
    writeReply: (writer, reply) => {
      writer.u32(reply.freeRecords).u32(reply.thirtyDayAreaKb);
      if (reply.markingAreaPercent !== null) writer.u8(reply.markingAreaPercent);
    },
    readReply: (reader) => ({
      freeRecords: reader.u32(),
      thirtyDayAreaKb: reader.u32(),
      markingAreaPercent: reader.remaining > 0 ? reader.u8() : null,
    }),
  },
);
