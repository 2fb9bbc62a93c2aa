import { describe, expect, it } from 'vitest';
import * as basic from '../../protocol/shtrih/commands.ts';
import { correctionReceiptV2, fnFindDocument } from '../../protocol/shtrih/document-commands.ts';
import { KNOWN_ERROR_CODES } from '../../protocol/shtrih/errors.ts';
import { fromHex, toHex } from '../../protocol/shtrih/frame.ts';
import {
  closeReceiptV2,
  fnSendOperationTlv,
  fnSendTlv,
  operationV2,
} from '../../protocol/shtrih/receipt-commands.ts';
import * as status from '../../protocol/shtrih/status-commands.ts';
import { byteTlv, stringTlv } from '../../protocol/shtrih/tlv.ts';
import { manualTime } from './clock.ts';
import { ShtrihEmulator } from './emulator.ts';
import { DeviceError } from './errors.ts';
import { TestHost } from './test-host.ts';

const START_MS = Date.UTC(2026, 0, 15, 9, 0, 0);
const FN_ASCII = '39 39 39 39 30 37 38 39 30 30 30 31 32 33 34 35';

function rig(options: { extendedDocumentReplies?: boolean } = {}) {
  const emulator = new ShtrihEmulator({ time: manualTime(START_MS), ...options });
  const host = TestHost.attachedTo(emulator);
  const ask = async (message: Uint8Array) => toHex(await host.exchange(message));
  return { emulator, host, ask };
}

const u32 = (value: number) => toHex(Uint8Array.of(value, value >>> 8, value >>> 16, value >>> 24));

const pw = { password: 30 };

const item = {
  password: 30,
  operation: 1,
  quantity: 1_000_000,
  priceKopecks: 50_000,
  amountKopecks: null,
  taxKopecks: null,
  taxBits: 0x08,
  department: 1,
  paymentMethod: 4,
  paymentSubject: 10,
  name: 'Перевод на лицевой счёт',
};

const payments = (cashKopecks: number) => [cashKopecks, ...new Array<number>(15).fill(0)];
const close = (cashKopecks: number) => ({
  password: 30,
  paymentsKopecks: payments(cashKopecks),
  roundingKopecks: 0,
  taxesKopecks: [0, 0, 0, 0, 0, 0],
  taxSystemBits: 0x02,
  text: '',
});

describe('Shtrih emulator: reply bytes of each command', () => {
  it('10h short status on a closed shift', async () => {
    const { ask } = rig();
    // operator 30, flags 0292 (roll, decimal point, optical paper, lever down), mode 4 …
    expect(await ask(status.shortStatus.encodeRequest(pw))).toBe(
      '10 00 1E 92 02 04 00 00 9B B4 00 00 00 00 00 00 00',
    );
  });

  it('11h full status with the device date and time, serial, ИНН', async () => {
    const { ask } = rig();
    expect(await ask(status.fullStatus.encodeRequest(pw))).toBe(
      '11 00 1E 43 2E E7 07 11 05 17 01 00 00 92 02 04 00 00 00 00 00 00 00 00 00 ' +
        '0F 01 1A 09 00 00 00 4E 61 BC 00 00 00 00 00 01 0B 75 C4 60 CB 01 00',
    );
  });

  it('FF01, FF02, FF03, FF39, FF3F, FF40, FF63 on a fresh ФН', async () => {
    const { ask } = rig();
    expect(await ask(status.fnStatus.encodeRequest(pw))).toBe(
      `FF 01 00 03 00 00 00 00 00 00 00 00 00 ${FN_ASCII} 00 00 00 00`,
    );
    expect(await ask(status.fnNumber.encodeRequest(pw))).toBe(`FF 02 00 ${FN_ASCII}`);
    expect(await ask(status.fnExpiry.encodeRequest(pw))).toBe('FF 03 00 63 0C 1F 0B 01');
    // LEN 16: status bits (transport up), reading, count, first FD, first DATE_TIME
    expect(await ask(status.fnExchangeStatus.encodeRequest(pw))).toBe(
      'FF 39 00 01 00 00 00 00 00 00 00 00 00 00 00 00',
    );
    expect(await ask(status.fnUnconfirmedCount.encodeRequest(pw))).toBe('FF 3F 00 00 00');
    expect(await ask(status.fnShiftParameters.encodeRequest(pw))).toBe('FF 40 00 00 00 00 00 00');
    expect(await ask(status.fnFreeMemory.encodeRequest(pw))).toBe(
      'FF 63 00 90 D0 03 00 00 04 00 00',
    );
  });

  it('E0h, 40h, 17h, 2Fh, 29h, 25h, B0h answer the operator; FF0A finds a report', async () => {
    const { ask, emulator } = rig();
    expect(await ask(basic.openShift.encodeRequest(pw))).toBe('E0 00 1E');
    expect(await ask(basic.xReport.encodeRequest(pw))).toBe('40 00 1E');
    const line = { password: 30, flags: basic.PrintFlag.receiptTape, text: 'Строка' };
    expect(await ask(basic.printLine.encodeRequest(line))).toBe('17 00 1E');
    expect(await ask(basic.printLineInFont.encodeRequest({ ...line, font: 1 }))).toBe('2F 00 1E');
    const feed = { password: 30, flags: 2, lines: 3 };
    expect(await ask(basic.feed.encodeRequest(feed))).toBe('29 00 1E');
    expect(await ask(basic.cut.encodeRequest({ password: 30, type: 0 }))).toBe('25 00 1E');
    expect(await ask(basic.continuePrinting.encodeRequest(pw))).toBe('B0 00 1E');
    const [opened] = emulator.documents();
    expect(await ask(fnFindDocument.encodeRequest({ password: 30, fdNumber: 1 }))).toBe(
      `FF 0A 00 02 01 1A 01 0F 09 00 01 00 00 00 ${u32(opened!.fiscalSign)} 01 00`,
    );
    expect(await ask(status.fnShiftParameters.encodeRequest(pw))).toBe('FF 40 00 01 01 00 00 00');
    expect(await ask(fnFindDocument.encodeRequest({ password: 30, fdNumber: 9 }))).toBe('FF 0A 08');
  });

  it('a receipt: 8Dh, FF46, FF4D, FF0C, FF45 (change, ФД, ФП), then FF0A and 41h', async () => {
    const { ask, emulator } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    expect(await ask(basic.openReceipt.encodeRequest({ password: 30, type: 0 }))).toBe('8D 00 1E');
    expect(await ask(operationV2.encodeRequest(item))).toBe('FF 46 00');
    const sign = { password: 30, tlv: byteTlv(1222, 0x04) };
    expect(await ask(fnSendOperationTlv.encodeRequest(sign))).toBe('FF 4D 00');
    const phone = { password: 30, tlv: stringTlv(1073, '+79990001122') };
    expect(await ask(fnSendTlv.encodeRequest(phone))).toBe('FF 0C 00');
    expect(await ask(status.shortStatus.encodeRequest(pw))).toMatch(/^10 00 1E 92 02 08 00 01/);
    const closed = await ask(closeReceiptV2.encodeRequest(close(60_000)));
    const receipt = emulator.document(2)!;
    // change 100.00 = 0x2710 kopecks, ФД 2, the ФП the ФН signed
    expect(closed).toBe(`FF 45 00 10 27 00 00 00 02 00 00 00 ${u32(receipt.fiscalSign)}`);
    expect(await ask(fnFindDocument.encodeRequest({ password: 30, fdNumber: 2 }))).toBe(
      `FF 0A 00 03 01 1A 01 0F 09 00 02 00 00 00 ${u32(receipt.fiscalSign)} 01 50 C3 00 00 00`,
    );
    expect(await ask(basic.zReport.encodeRequest(pw))).toBe('41 00 1E');
    expect(emulator.documents().map((doc) => doc.kind)).toEqual([
      'shift-open',
      'receipt',
      'shift-close',
    ]);
  });

  it('FF45 ends with the DATE_TIME when the extended answer is on (LEN 21)', async () => {
    const { ask, emulator } = rig({ extendedDocumentReplies: true });
    await ask(basic.openShift.encodeRequest(pw));
    await ask(operationV2.encodeRequest(item));
    const closed = await ask(closeReceiptV2.encodeRequest(close(50_000)));
    const sign = u32(emulator.document(2)!.fiscalSign);
    expect(closed).toBe(`FF 45 00 00 00 00 00 00 02 00 00 00 ${sign} 1A 01 0F 09 00`);
  });

  it('88h cancels an open receipt; FF08 cancels too; with none open 88h is 73h', async () => {
    const { ask, emulator } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    await ask(basic.openReceipt.encodeRequest({ password: 30, type: 0 }));
    expect(await ask(basic.cancelReceipt.encodeRequest(pw))).toBe('88 00 1E');
    expect(await ask(basic.cancelReceipt.encodeRequest(pw))).toBe('88 73');
    await ask(operationV2.encodeRequest(item)); // opens a receipt by itself
    expect(emulator.status().mode).toBe(0x08);
    expect(await ask(basic.fnCancelDocument.encodeRequest(pw))).toBe('FF 08 00');
    expect(emulator.status().mode).toBe(2);
    expect(emulator.documents()).toHaveLength(1);
  });

  it('FF4A correction receipt: receipt number, ФД and ФП', async () => {
    const { ask, emulator } = rig();
    await ask(basic.openShift.encodeRequest(pw));
    const request = {
      password: 30,
      correctionType: 0,
      operation: 1,
      totalKopecks: 10_000,
      cashKopecks: 10_000,
      electronicKopecks: 0,
      prepaidKopecks: 0,
      postpaidKopecks: 0,
      counterOfferKopecks: 0,
      taxesKopecks: [0, 0, 0, 0, 0, 0],
      taxSystemBits: 0x02,
    };
    const answer = await ask(correctionReceiptV2.encodeRequest(request));
    const doc = emulator.document(2)!;
    expect(doc.kind).toBe('correction');
    expect(answer).toBe(`FF 4A 00 01 00 02 00 00 00 ${u32(doc.fiscalSign)}`);
    expect(doc.qr).toBe(
      `t=20260115T0900&s=100.00&fn=9999078900012345&i=2&fp=${doc.fiscalSign}&n=1`,
    );
  });

  it('checks the password and its role: 4Fh', async () => {
    const { ask } = rig();
    expect(await ask(status.shortStatus.encodeRequest({ password: 31 }))).toBe('10 4F');
    expect(await ask(status.fnStatus.encodeRequest({ password: 29 }))).toBe('FF 01 4F');
    await ask(basic.openShift.encodeRequest({ password: 1 }));
    expect(await ask(basic.xReport.encodeRequest({ password: 27 }))).toBe('40 4F');
    expect(await ask(basic.xReport.encodeRequest({ password: 28 }))).toBe('40 00 1C');
    expect(await ask(basic.zReport.encodeRequest({ password: 28 }))).toBe('41 4F');
    expect(await ask(basic.zReport.encodeRequest({ password: 29 }))).toBe('41 00 1D');
  });

  it('answers an unknown command 37h and a malformed request 33h', async () => {
    const { ask } = rig();
    expect(await ask(fromHex('6B 1E 00 00 00 01'))).toBe('6B 37');
    expect(await ask(fromHex('FF 99 1E 00 00 00'))).toBe('FF 99 37');
    expect(await ask(fromHex('10 1E 00'))).toBe('10 33');
    expect(await ask(fromHex('FF'))).toBe('FF 37');
  });

  it('uses only error codes the shared table knows', () => {
    for (const code of Object.values(DeviceError)) {
      if (code !== 0) expect(KNOWN_ERROR_CODES).toContain(code);
    }
  });
});
