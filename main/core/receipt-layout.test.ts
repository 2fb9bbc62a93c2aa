import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kopecks } from '../../common/money.ts';
import type { ReceiptLine } from '../../common/ports.ts';
import { goldenReceiptData } from '../../tests/fixtures/receipts/receipt-data.ts';
import {
  formatLocalTime,
  layoutCodePageTest,
  layoutReceipt,
  maskRecipient,
  receiptQrPayload,
  receiptText,
} from './receipt-layout.ts';

const widths = [32, 42, 48] as const;

function textLines(lines: readonly ReceiptLine[]) {
  return lines.filter((line) => line.kind === 'text');
}

describe('layoutReceipt', () => {
  it.each(widths)('fits every line into %i columns, double-size lines into half', (width) => {
    const document = layoutReceipt(goldenReceiptData({ recovered: true, copy: true }), width);
    for (const line of textLines(document.lines)) {
      expect([...line.text].length * (line.size ?? 1)).toBeLessThanOrEqual(width);
    }
    // On paper too: every row but the `[QR: …]` placeholder (the symbol is drawn, not text).
    const rows = receiptText(document).split('\n');
    for (const row of rows.filter((r) => !r.trim().startsWith('[QR:'))) {
      expect([...row].length).toBeLessThanOrEqual(width);
    }
  });

  it('never breaks a word unless it alone is longer than the width (any field text)', () => {
    const field = fc
      .array(fc.stringMatching(/^[А-Яа-яЁё-]{1,20}$/u), { minLength: 1, maxLength: 12 })
      .map((words) => words.join(' '));
    fc.assert(
      fc.property(field, field, fc.constantFrom(...widths), (facility, agent, width) => {
        const data = goldenReceiptData({
          recipient: { kind: 'inmate', masked: 'Иванов И. И., 1985 г.р.', facilityName: facility },
          agent: { name: agent, address: 'г. Москва', inn: '7701234567' },
        });
        const printed = textLines(layoutReceipt(data, width).lines).map((line) => line.text);
        const words = new Set(printed.flatMap((text) => text.split(/\s+/u)));
        for (const expected of `${facility} ${agent}`.split(' ')) expect(words).toContain(expected);
      }),
    );
  });

  it("names a logged-in payer as the sender, after the recipient; an anonymous payer's receipt names none", () => {
    const anonymous = receiptText(layoutReceipt(goldenReceiptData(), 42));
    expect(anonymous).not.toContain('Отправитель');
    const named = receiptText(layoutReceipt(goldenReceiptData({ sender: 'Орлов Илья' }), 42));
    expect(named).toContain('Отправитель:\nОрлов Илья\n');
    expect(named.indexOf('Отправитель:')).toBeGreaterThan(named.indexOf('Учреждение:'));
    expect(named.indexOf('Отправитель:')).toBeLessThan(named.indexOf('Принято:'));
  });

  it('prints accepted, commission and credited amounts in rubles with kopecks', () => {
    const text = receiptText(layoutReceipt(goldenReceiptData(), 42));
    expect(text).toContain('Принято:                    15 000,00 руб.');
    expect(text).toContain('Комиссия:                      450,00 руб.');
    expect(text).toContain('К зачислению:               14 550,00 руб.');
  });

  it('marks a recovered payment and a copy, and plain receipts carry neither', () => {
    const plain = receiptText(layoutReceipt(goldenReceiptData(), 48));
    expect(plain).not.toMatch(/В О С С Т А Н О В Л Е Н Н Ы Й|К О П И Я/);
    const recovered = layoutReceipt(goldenReceiptData({ recovered: true }), 48);
    expect(recovered.lines[0]).toMatchObject({ bold: true, size: 2, align: 'center' });
    expect(receiptText(recovered)).toContain('В О С С Т А Н О В Л Е Н Н Ы Й   П Л А Т Ё Ж');
    const copy = receiptText(layoutReceipt(goldenReceiptData({ copy: true }), 48));
    expect(copy.match(/К О П И Я/g)).toHaveLength(2);
  });

  it('puts an ASCII QR payload: the tracking URL with the transfer id and its code', () => {
    const data = goldenReceiptData();
    const qr = layoutReceipt(data, 32).lines.find((line) => line.kind === 'qr');
    expect(qr).toMatchObject({
      data: `https://perevod.example.ru/t/${data.transferId}?c=K7M2QX9P`,
    });
    expect(receiptQrPayload({ ...data, trackingUrlPrefix: null })).toBe(
      `KIOSK-TR:${data.transferId}`,
    );
    const { trackingCode: _code, ...withoutCode } = data;
    expect(receiptQrPayload(withoutCode)).toBe(`KIOSK-TR:${data.transferId}`);
    expect(() => receiptQrPayload({ ...data, trackingUrlPrefix: 'https://перевод.рф/' })).toThrow(
      /ASCII/,
    );
  });

  it('prints the agent, operator and supplier with INNs and phones, and the code', () => {
    const text = receiptText(layoutReceipt(goldenReceiptData(), 48));
    for (const fact of ['7701234567', '7705312467', '7709018875']) expect(text).toContain(fact);
    for (const phone of ['+7 495 215-38-60', '8 800 250-61-14', '+7 495 609-17-42']) {
      expect(text).toContain(phone);
    }
    expect(text).toContain('Оператор по приёму платежей:');
    expect(text).toContain('Поставщик:');
    expect(text).toContain('K7M2-QX9P');
  });

  it('refuses amounts that do not add up (a bug upstream)', () => {
    const data = goldenReceiptData({ creditedKopecks: kopecks(1) });
    expect(() => layoutReceipt(data, 42)).toThrow(/accepted must equal/);
  });
});

describe('maskRecipient', () => {
  it('shows surname, initials and birth year', () => {
    expect(maskRecipient('иванов', 'иван', 'иванович', 1985)).toBe('Иванов И. И., 1985 г.р.');
    expect(maskRecipient('Семёнова-Тян-Шанская', 'Алёна', null, 1990)).toBe(
      'Семёнова-Тян-Шанская А., 1990 г.р.',
    );
  });
});

describe('formatLocalTime', () => {
  it('formats epoch ms in the kiosk time zone without the host clock or zone', () => {
    const epochMs = Date.UTC(2026, 10, 25, 21, 5, 59);
    expect(formatLocalTime(epochMs, 180)).toBe('26.11.2026 00:05');
    expect(formatLocalTime(epochMs, 0)).toBe('25.11.2026 21:05');
  });
});

describe('layoutCodePageTest', () => {
  it('prints a Russian pangram in both cases and the table number', () => {
    const text = receiptText(layoutCodePageTest(32, 17));
    expect(text).toContain('ESC t 17');
    expect(text.replace(/\s+/g, ' ')).toContain('французских булок');
    expect(text.replace(/\s+/g, ' ')).toContain('ФРАНЦУЗСКИХ БУЛОК');
  });
});

describe('a wallet top-up that pays a letter', () => {
  const letter = {
    recipientMasked: 'Иванов И. И., 1985 г.р.',
    facilityName: 'СИЗО-1',
    pages: 2,
    replyBlanks: 2,
    priceKopecks: kopecks(11_000),
  };
  const topUp = (acceptedKopecks: number, paid: boolean) =>
    goldenReceiptData({
      recipient: { kind: 'wallet', maskedPhone: '+7 *** ***-45-67' },
      acceptedKopecks: kopecks(acceptedKopecks),
      commissionKopecks: kopecks(0),
      creditedKopecks: kopecks(acceptedKopecks),
      letter: { ...letter, paid },
    });

  it.each(widths)('shows the letter, its price and what stays on the wallet (%i)', (width) => {
    const printed = receiptText(layoutReceipt(topUp(20_000, true), width));
    expect(printed).toContain('ПОПОЛНЕНИЕ КОШЕЛЬКА');
    expect(printed).toMatch(/Кошелёк:\s+\+7 \*\*\* \*\*\*-45-67/);
    expect(printed).not.toContain('Получатель:');
    expect(printed).toContain('Иванов И. И., 1985 г.р.');
    expect(printed).toMatch(/Оплата письма с кошелька:\s+110,00 руб\./);
    expect(printed).toMatch(/Останется на кошельке:\s+90,00 руб\./);
    expect(printed).not.toContain('НЕ оплачено');
  });

  it('says plainly when the cash fell short and all of it stays on the wallet', () => {
    const printed = receiptText(layoutReceipt(topUp(10_000, false), 48));
    expect(printed).toContain('Письмо НЕ оплачено');
    expect(printed).toMatch(/Цена письма:\s+110,00 руб\./);
    expect(printed).not.toContain('Оплата письма с кошелька');
  });
});
