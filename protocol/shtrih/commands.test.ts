import { describe, expect, it } from 'vitest';
import { type CommandCodec, encodeErrorReply, splitReply, splitRequest } from './command-codec.ts';
import {
  cancelReceipt,
  continuePrinting,
  cut,
  feed,
  fnCancelDocument,
  openReceipt,
  openShift,
  printLine,
  printLineInFont,
  xReport,
  zReport,
} from './commands.ts';
import { correctionReceiptV2, fnFindDocument } from './document-commands.ts';
import { describeError, KNOWN_ERROR_CODES } from './errors.ts';
import { encodeFrame, fromHex, toHex } from './frame.ts';
import { decodeFlags, decodeMode, Mode, modeName } from './modes.ts';
import {
  closeReceiptV2,
  fnSendOperationTlv,
  fnSendTlv,
  operationV2,
  TaxBit,
  TaxSystemBit,
} from './receipt-commands.ts';
import {
  fnExchangeStatus,
  fnExpiry,
  fnFreeMemory,
  fnNumber,
  fnShiftParameters,
  fnStatus,
  fnUnconfirmedCount,
  fullStatus,
  type ShortStatus,
  shortStatus,
} from './status-commands.ts';

const PASSWORD = 30;

/** Request and reply both ways through one codec: what the driver sends the emulator reads. */
function roundTrip<Req, Rep>(codec: CommandCodec<Req, Rep>, request: Req, reply: Rep) {
  const message = codec.encodeRequest(request);
  const split = splitRequest(message);
  if (!split.ok) throw new Error('split');
  expect(split.value.code).toBe(codec.code);
  expect(codec.decodeRequest(split.value.payload)).toEqual({ ok: true, value: request });
  const replyMessage = codec.encodeReply(reply);
  const replySplit = splitReply(replyMessage, codec.code);
  expect(replySplit).toMatchObject({ ok: true, value: { errorCode: 0 } });
  if (!replySplit.ok) throw new Error('reply split');
  expect(codec.decodeReply(replySplit.value.data)).toEqual({ ok: true, value: reply });
  return { message, replyMessage };
}

const status: ShortStatus = {
  operator: 30,
  flags: 0x0682,
  mode: 0x02,
  submode: 0,
  operationsInReceipt: 0x0102,
  batteryVoltageRaw: 0,
  powerVoltageRaw: 0x9a,
  legacyErrors: [0, 0],
  lastPrintResult: null,
};

describe('status commands', () => {
  it('10h: request LEN 5, reply LEN 16 and, with the print result, 17', () => {
    const { message, replyMessage } = roundTrip(shortStatus, { password: PASSWORD }, status);
    expect(toHex(encodeFrame(message))).toBe('02 05 10 1E 00 00 00 0B');
    expect(replyMessage).toHaveLength(16);
    expect(toHex(replyMessage)).toBe('10 00 1E 82 06 02 00 02 00 9A 00 00 01 00 00 00');
    const longer = roundTrip(
      shortStatus,
      { password: PASSWORD },
      { ...status, lastPrintResult: 5 },
    );
    expect(longer.replyMessage).toHaveLength(17);
  });

  it('11h: reply LEN 48 with the clock at frame offset 25, 50 with a long serial', () => {
    const reply = {
      operator: 30,
      firmwareVersion: 'A4',
      firmwareBuild: 23456,
      firmwareDate: fromHex('11 05 15'),
      hallNumber: 1,
      documentNumber: 77,
      flags: 0x0682,
      mode: 0x04,
      submode: 0,
      port: 0,
      legacyFiscalMemory: new Uint8Array(7),
      date: { year: 2026, month: 12, day: 7 },
      time: { hour: 5, minute: 33, second: 42 },
      legacyFiscalMemoryFlags: 0,
      serialNumber: 12_345_678,
      lastClosedShift: 41,
      legacyFreeRecords: 0,
      reregistrations: 1,
      reregistrationsLeft: 11,
      inn: 7_707_083_893,
    };
    const { replyMessage } = roundTrip(fullStatus, { password: PASSWORD }, reply);
    expect(replyMessage).toHaveLength(48);
    expect(toHex(replyMessage.subarray(25, 31))).toBe('07 0C 1A 05 21 2A');
    expect(replyMessage[41]).toBe(11);
    const big = roundTrip(fullStatus, { password: 1 }, { ...reply, serialNumber: 2 ** 33 + 5 });
    expect(big.replyMessage).toHaveLength(50);
  });

  it('11h: an impossible clock is a malformed reply, not a throw', () => {
    const data = new Uint8Array(46);
    expect(fullStatus.decodeReply(data)).toMatchObject({ ok: false, error: { kind: 'malformed' } });
    expect(fullStatus.decodeReply(new Uint8Array(3))).toMatchObject({ ok: false });
  });

  it('FF01: reply LEN 33 with the ФН number and the last FD', () => {
    const reply = {
      phase: 0x03,
      currentDocument: 0,
      documentData: 0,
      shiftOpen: true,
      warningFlags: 0x02,
      lastDocumentAt: { year: 2026, month: 12, day: 7, hour: 5, minute: 30 },
      fnNumber: '9960440300000123',
      lastFdNumber: 1234,
    };
    const { message, replyMessage } = roundTrip(fnStatus, { password: PASSWORD }, reply);
    expect(toHex(message)).toBe('FF 01 1E 00 00 00');
    expect(replyMessage).toHaveLength(33);
    expect(toHex(replyMessage.subarray(0, 13))).toBe('FF 01 00 03 00 00 01 02 1A 0C 07 05 1E');
    expect(toHex(replyMessage.subarray(29))).toBe('D2 04 00 00');
  });

  it('FF02, FF39, FF3F, FF40, FF63 round-trip at their documented lengths', () => {
    const pw = { password: PASSWORD };
    expect(roundTrip(fnNumber, pw, { fnNumber: '9960440300000123' }).replyMessage).toHaveLength(19);
    const exchange = {
      statusBits: 0x03,
      readingMessage: false,
      queueCount: 2,
      firstQueuedFd: 1233,
      firstQueuedAt: { year: 2026, month: 12, day: 6, hour: 23, minute: 59 },
    };
    expect(roundTrip(fnExchangeStatus, pw, exchange).replyMessage).toHaveLength(16);
    const empty = { ...exchange, queueCount: 0, firstQueuedFd: 0, firstQueuedAt: null };
    expect(toHex(roundTrip(fnExchangeStatus, pw, empty).replyMessage.subarray(11))).toBe(
      '00 00 00 00 00',
    );
    expect(roundTrip(fnUnconfirmedCount, pw, { count: 3 }).replyMessage).toHaveLength(5);
    const shift = { shiftOpen: true, shiftNumber: 42, receiptNumber: 7 };
    expect(toHex(roundTrip(fnShiftParameters, pw, shift).replyMessage)).toBe(
      'FF 40 00 01 2A 00 07 00',
    );
    const memory = { freeRecords: 100_000, thirtyDayAreaKb: 512, markingAreaPercent: null };
    expect(roundTrip(fnFreeMemory, pw, memory).replyMessage).toHaveLength(11);
    expect(
      roundTrip(fnFreeMemory, pw, { ...memory, markingAreaPercent: 90 }).replyMessage,
    ).toHaveLength(12);
  });

  it('FF03: the date alone (LEN 6) and with the re-registration counts (LEN 8)', () => {
    const pw = { password: PASSWORD };
    const short = { validUntil: { year: 2028, month: 3, day: 1 }, reregistrationsLeft: null };
    const shortReply = { ...short, reregistrationsDone: null };
    expect(toHex(roundTrip(fnExpiry, pw, shortReply).replyMessage)).toBe('FF 03 00 1C 03 01');
    const full = { ...short, reregistrationsLeft: 11, reregistrationsDone: 1 };
    expect(roundTrip(fnExpiry, pw, full).replyMessage).toHaveLength(8);
  });
});

describe('print, shift and receipt commands', () => {
  it('17h: password, flags, 40-byte WIN1251 text', () => {
    const request = { password: 1, flags: 0x02, text: 'Итого' };
    const { message } = roundTrip(printLine, request, { operator: 1 });
    expect(message).toHaveLength(46);
    expect(toHex(message.subarray(0, 11))).toBe('17 01 00 00 00 02 C8 F2 EE E3 EE');
  });

  it('2Fh, 25h, 29h, 8Dh and the password-only commands', () => {
    const line = { password: 1, flags: 2, font: 1, text: 'x' };
    expect(roundTrip(printLineInFont, line, { operator: 1 }).message).toHaveLength(47);
    expect(toHex(roundTrip(cut, { password: 1, type: 0 }, { operator: 1 }).message)).toBe(
      '25 01 00 00 00 00',
    );
    const feedRequest = { password: 1, flags: 2, lines: 3 };
    expect(toHex(roundTrip(feed, feedRequest, { operator: 1 }).message)).toBe(
      '29 01 00 00 00 02 03',
    );
    expect(toHex(roundTrip(openReceipt, { password: 1, type: 0 }, { operator: 1 }).message)).toBe(
      '8D 01 00 00 00 00',
    );
    for (const codec of [xReport, zReport, cancelReceipt, continuePrinting]) {
      const { replyMessage } = roundTrip(codec, { password: PASSWORD }, { operator: 30 });
      expect(replyMessage).toHaveLength(3);
    }
    expect(roundTrip(fnCancelDocument, { password: PASSWORD }, {}).replyMessage).toHaveLength(3);
  });

  it('E0h: the reply with and without the operator byte', () => {
    expect(roundTrip(openShift, { password: 1 }, { operator: 1 }).replyMessage).toHaveLength(3);
    expect(roundTrip(openShift, { password: 1 }, { operator: null }).replyMessage).toHaveLength(2);
  });

  it('FF46: LEN 160 with a 128-byte name, amount and tax left to the device', () => {
    const request = {
      password: 1,
      operation: 1,
      quantity: 1_000_000,
      priceKopecks: 150_000,
      amountKopecks: null,
      taxKopecks: null,
      taxBits: TaxBit.noVat,
      department: 1,
      paymentMethod: 4,
      paymentSubject: 10,
      name: 'П'.repeat(128),
    };
    const { message } = roundTrip(operationV2, request, {});
    expect(message).toHaveLength(160);
    expect(toHex(message.subarray(0, 32))).toBe(
      'FF 46 01 00 00 00 01 40 42 0F 00 00 00 F0 49 02 00 00 FF FF FF FF FF FF FF FF FF FF 08 01 04 0A',
    );
    const short = roundTrip(
      operationV2,
      { ...request, name: 'Перевод', amountKopecks: 150_000 },
      {},
    );
    expect(short.message).toHaveLength(39);
  });

  it('FF0C and FF4D carry raw TLV bytes after the password', () => {
    const tlv = fromHex('21 04 01 00 04');
    const { message } = roundTrip(fnSendTlv, { password: PASSWORD, tlv }, {});
    expect(toHex(encodeFrame(message))).toBe('02 0B FF 0C 1E 00 00 00 21 04 01 00 04 C6');
    expect(toHex(roundTrip(fnSendOperationTlv, { password: 1, tlv }, {}).message)).toBe(
      'FF 4D 01 00 00 00 21 04 01 00 04',
    );
  });

  it('FF45: LEN 182 with a 64-byte text; reply LEN 16, or 21 with DATE_TIME', () => {
    const payments = Array.from({ length: 16 }, (_, index) => (index === 0 ? 150_000 : 0));
    const request = {
      password: 1,
      paymentsKopecks: payments,
      roundingKopecks: 0,
      taxesKopecks: [0, 0, 0, 150_000, 0, 0],
      taxSystemBits: TaxSystemBit.usnIncome,
      text: 'Спасибо'.padEnd(64, '.'),
    };
    const reply = { changeKopecks: 0, fdNumber: 1235, fiscalSign: 3_141_592_653, issuedAt: null };
    const { message, replyMessage } = roundTrip(closeReceiptV2, request, reply);
    expect(message).toHaveLength(182);
    expect(toHex(message.subarray(0, 11))).toBe('FF 45 01 00 00 00 F0 49 02 00 00');
    expect(message[2 + 4 + 80]).toBe(0);
    expect(message[2 + 4 + 80 + 1 + 30]).toBe(0x02);
    expect(replyMessage).toHaveLength(16);
    const issuedAt = { year: 2026, month: 12, day: 7, hour: 5, minute: 40 };
    expect(roundTrip(closeReceiptV2, request, { ...reply, issuedAt }).replyMessage).toHaveLength(
      21,
    );
  });

  it('FF0A: a receipt carries operation and total; other kinds keep their fields raw', () => {
    const receipt = {
      documentType: 3,
      ofdTicketReceived: true,
      issuedAt: { year: 2026, month: 12, day: 7, hour: 5, minute: 40 },
      fdNumber: 1235,
      fiscalSign: 3_141_592_653,
      operation: 1,
      totalKopecks: 150_000,
      extra: new Uint8Array(0),
    };
    const request = { password: PASSWORD, fdNumber: 1235 };
    expect(roundTrip(fnFindDocument, request, receipt).replyMessage).toHaveLength(24);
    const shiftOpen = {
      ...receipt,
      documentType: 2,
      operation: null,
      totalKopecks: null,
      extra: fromHex('2A 00'),
    };
    expect(roundTrip(fnFindDocument, request, shiftOpen).replyMessage).toHaveLength(20);
  });

  it('FF4A: LEN 69; reply with and without DATE_TIME', () => {
    const request = {
      password: PASSWORD,
      correctionType: 0,
      operation: 1,
      totalKopecks: 150_000,
      cashKopecks: 150_000,
      electronicKopecks: 0,
      prepaidKopecks: 0,
      postpaidKopecks: 0,
      counterOfferKopecks: 0,
      taxesKopecks: [0, 0, 0, 150_000, 0, 0],
      taxSystemBits: TaxSystemBit.usnIncome,
    };
    const reply = { receiptNumber: 3, fdNumber: 9, fiscalSign: 77, issuedAt: null };
    const { message, replyMessage } = roundTrip(correctionReceiptV2, request, reply);
    expect(message).toHaveLength(69);
    expect(replyMessage).toHaveLength(13);
  });
});

describe('reply envelope', () => {
  it('an error reply is the code and the error byte', () => {
    expect(toHex(encodeErrorReply(0xff45, 0x4e))).toBe('FF 45 4E');
    expect(splitReply(fromHex('FF 45 4E'), 0xff45)).toEqual({
      ok: true,
      value: { errorCode: 0x4e, data: new Uint8Array(0) },
    });
    expect(splitReply(fromHex('88 4A'), 0x88)).toMatchObject({
      ok: true,
      value: { errorCode: 0x4a },
    });
  });

  it('reads FF EE (sub-command left out) as error EE', () => {
    expect(splitReply(fromHex('FF 14'), 0xff46)).toMatchObject({
      ok: true,
      value: { errorCode: 0x14 },
    });
  });

  it('refuses a reply to another command and a reply without an error byte', () => {
    expect(splitReply(fromHex('11 00 1E'), 0x10)).toMatchObject({
      ok: false,
      error: { kind: 'other-command' },
    });
    expect(splitReply(fromHex('FF 02 00'), 0xff01)).toMatchObject({ ok: false });
    expect(splitReply(fromHex('FF 01'), 0xff01)).toMatchObject({
      ok: false,
      error: { kind: 'malformed' },
    });
  });

  it('a request with extra bytes is malformed', () => {
    expect(cut.decodeRequest(fromHex('01 00 00 00 00 00'))).toMatchObject({
      ok: false,
      error: { kind: 'malformed', command: 0x25 },
    });
    expect(splitRequest(fromHex('FF'))).toMatchObject({ ok: false });
  });
});

describe('errors and modes', () => {
  it('categorises the codes a kiosk must handle', () => {
    expect(describeError(0x4e).category).toBe('shift-expired');
    expect(describeError(0x16).category).toBe('shift-expired');
    expect(describeError(0x14).category).toBe('fn-blocked');
    expect(describeError(0x6b).category).toBe('paper-out');
    expect(describeError(0x50).category).toBe('busy');
    expect(describeError(0x4f).category).toBe('bad-password');
    expect(describeError(0x4a).category).toBe('document-state');
    expect(describeError(0x58).category).toBe('waiting-continue');
    expect(describeError(0xa3)).toMatchObject({ category: 'fn-blocked' });
    expect(describeError(0xee)).toEqual({
      code: 0xee,
      message: 'Ошибка ККТ EEh',
      category: 'other',
    });
    expect(new Set(KNOWN_ERROR_CODES).size).toBe(KNOWN_ERROR_CODES.length);
  });

  it('splits the mode byte into mode and status and reads the flags', () => {
    expect(decodeMode(0x28)).toEqual({ mode: Mode.documentOpen, status: 2 });
    expect(modeName(0x08)).toContain('открытый документ');
    expect(decodeFlags(0x0682)).toEqual({
      paperPresent: true,
      coverOpen: true,
      leverDown: true,
      paperInPresenter: false,
    });
    expect(decodeFlags(0x0002, 'roll').paperPresent).toBe(true);
    expect(decodeFlags(0x0002, 'optical').paperPresent).toBe(false);
  });
});
