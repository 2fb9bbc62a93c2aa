import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import * as basic from '../../protocol/shtrih/commands.ts';
import { toHex } from '../../protocol/shtrih/frame.ts';
import { manualTime } from './clock.ts';
import { ShtrihEmulator } from './emulator.ts';
import { registrationNumber, DEFAULT_REGISTRATION, crc16Ccitt } from './registration.ts';
import { pieceWithDocument, renderTapePng, renderTapeText } from './render.ts';
import { TestHost } from './test-host.ts';
import { agentReceiptMessages } from './test-receipt.ts';

// jsqr is CommonJS typed as an ES default export: at run time the default may be the module.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

const START_MS = Date.UTC(2026, 0, 15, 9, 0, 0);

async function issueOne(emulator: ShtrihEmulator) {
  const host = TestHost.attachedTo(emulator);
  const answers: string[] = [];
  answers.push(toHex(await host.exchange(basic.openShift.encodeRequest({ password: 30 }))));
  const messages = agentReceiptMessages({
    principalKopecks: 100_000,
    feeKopecks: 3_000,
    cashKopecks: 103_000,
  });
  for (const message of messages) answers.push(toHex(await host.exchange(message)));
  return answers;
}

describe('Shtrih emulator: a payment agent receipt', () => {
  it('issues the document the ledger is compared with, with every field', async () => {
    const emulator = new ShtrihEmulator({ time: manualTime(START_MS) });
    const answers = await issueOne(emulator);
    expect(answers.every((answer) => /^(FF )?[0-9A-F]{2} 00/.test(answer))).toBe(true);
    const receipt = emulator.document(2)!;
    expect(receipt).toMatchObject({
      kind: 'receipt',
      fdNumber: 2,
      fnNumber: '9999078900012345',
      shiftNumber: 1,
      receiptNumber: 1,
      issuedAt: '2026-01-15T09:00',
      operation: 1,
      totalKopecks: 103_000,
      changeKopecks: 0,
      taxSystemMask: 0x02,
      ofdConfirmed: true,
    });
    expect(receipt.payments?.cashKopecks).toBe(103_000);
    expect(receipt.items.map((item) => [item.name, item.amountKopecks, item.subject])).toEqual([
      ['Перевод Иванову И.И.', 100_000, 10],
      ['Вознаграждение агента', 3_000, 11],
    ]);
    expect(receipt.items[0]!.tlvs.map((tlv) => tlv.tag)).toEqual([1222, 1224, 1226]);
    expect(receipt.tlvs.map((tlv) => tlv.tag)).toEqual([1057, 1073, 1074, 1171]);
  });

  it('signs deterministically: the same receipt at the same minute gets the same ФП', async () => {
    const first = new ShtrihEmulator({ time: manualTime(START_MS) });
    const second = new ShtrihEmulator({ time: manualTime(START_MS + 30_000) });
    const later = new ShtrihEmulator({ time: manualTime(START_MS + 60_000) });
    await issueOne(first);
    await issueOne(second);
    await issueOne(later);
    const sign = first.document(2)!.fiscalSign;
    expect(sign).toBe(50_441_070);
    expect(second.document(2)!.fiscalSign).toBe(sign);
    expect(later.document(2)!.fiscalSign).not.toBe(sign);
  });

  it('prints the fiscal body with the printed titles, and a QR that decodes', async () => {
    const emulator = new ShtrihEmulator({ time: manualTime(START_MS) });
    await issueOne(emulator);
    const doc = emulator.document(2)!;
    const piece = pieceWithDocument(emulator.tape(), 2)!;
    expect(piece.cut).toBe('full');
    const printed = renderTapeText(piece);
    for (const expected of [
      'КАССОВЫЙ ЧЕК',
      'ПРИХОД',
      'Перевод Иванову И.И.',
      '1.000 X 1000.00',
      '=1000.00',
      'ПЛ. АГЕНТ',
      'ПОСТАВЩИК ФКУ СИЗО-1',
      'ИНН ПОСТАВЩИКА 7701234567',
      'ТЛФ. ПОСТ. +74950000001',
      'ИТОГ',
      '=1030.00',
      'НАЛИЧНЫМИ',
      'ТЛФ. ПЛ. АГЕНТА',
      'ТЛФ. ОП. ПР. ПЛАТЕЖА',
      'СНО',
      'УСН ДОХОД',
      DEFAULT_REGISTRATION.userName,
      DEFAULT_REGISTRATION.userInn,
      'АВТОМАТ',
      'РН ККТ',
      registrationNumber(DEFAULT_REGISTRATION),
      'ФН',
      `${doc.fiscalSign}`,
      'СМЕНА',
      'ЧЕК',
      '15.01.26 09:00',
      'САЙТ ФНС',
      'www.nalog.gov.ru',
    ]) {
      expect(printed).toContain(expected);
    }
    expect(doc.qr).toBe(
      `t=20260115T0900&s=1030.00&fn=9999078900012345&i=2&fp=${doc.fiscalSign}&n=1`,
    );
    const image = PNG.sync.read(renderTapePng(piece));
    const scanned = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(scanned?.data).toBe(doc.qr);
  });

  it('derives the 6 check digits of РН ККТ with CRC-16/CCITT over the padded fields', () => {
    // CRC-16/CCITT-FALSE of "123456789" is 0x29B1: the standard check value.
    expect(crc16Ccitt(new TextEncoder().encode('123456789'))).toBe(0x29b1);
    const number = registrationNumber(DEFAULT_REGISTRATION);
    expect(number).toMatch(/^0000000001\d{6}$/);
    const text = `0000000001${'007707083893'}${'00000000000012345678'}`;
    const check = crc16Ccitt(new TextEncoder().encode(text));
    expect(number.slice(10)).toBe(String(check).padStart(6, '0'));
  });

  it('counts receipts in the shift and starts again in the next shift', async () => {
    const emulator = new ShtrihEmulator({ time: manualTime(START_MS) });
    const host = TestHost.attachedTo(emulator);
    await host.exchange(basic.openShift.encodeRequest({ password: 30 }));
    const receipt = { principalKopecks: 5_000, feeKopecks: 0, cashKopecks: 5_000 };
    for (let round = 0; round < 2; round += 1) {
      for (const message of agentReceiptMessages(receipt)) await host.exchange(message);
    }
    await host.exchange(basic.zReport.encodeRequest({ password: 30 }));
    await host.exchange(basic.openShift.encodeRequest({ password: 30 }));
    for (const message of agentReceiptMessages(receipt)) await host.exchange(message);
    const receipts = emulator.documents().filter((doc) => doc.kind === 'receipt');
    expect(receipts.map((doc) => [doc.shiftNumber, doc.receiptNumber, doc.fdNumber])).toEqual([
      [1, 1, 2],
      [1, 2, 3],
      [2, 1, 6],
    ]);
    const zPiece = pieceWithDocument(emulator.tape(), 4)!;
    expect(renderTapeText(zPiece)).toContain('ОТЧЕТ О ЗАКРЫТИИ СМЕНЫ');
    expect(renderTapeText(zPiece)).toMatch(/ЧЕКОВ ЗА СМЕНУ +2/);
  });
});
