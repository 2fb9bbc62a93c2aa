/**
 * Properties across the whole receipt path without a link: layout → ESC/POS bytes → emulator.
 * What the emulator decodes must be what the layout meant, for any field text, at any width.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kopecks } from '../../common/money.ts';
import { layoutReceipt, receiptText } from '../../main/core/receipt-layout.ts';
import { encodeReceipt } from '../../main/devices/escpos/encode-receipt.ts';
import type { ByteLink } from '../../protocol/link.ts';
import { goldenReceiptData } from '../../tests/fixtures/receipts/receipt-data.ts';
import { EscposEmulator } from './emulator.ts';
import { renderReceiptText } from './render-text.ts';

function feedableEmulator(widthColumns: number) {
  let onData: (chunk: Uint8Array) => void = () => {};
  const link: ByteLink = {
    write: async () => {},
    setDataListener: (listener) => {
      onData = listener;
    },
    setCloseListener: () => {},
    close: async () => {},
  };
  const emulator = new EscposEmulator(link, { widthColumns });
  return { emulator, feed: (chunk: Uint8Array) => onData(chunk) };
}

// Field text a payer, an operator or central might send: Cyrillic, ё, hyphens, quotes, dashes, ₽.
const fieldText = fc
  .array(
    fc.oneof(
      fc.stringMatching(/^[А-ЯЁа-яё]{1,14}$/u),
      fc.stringMatching(/^[А-ЯЁа-яё]{2,9}-[А-ЯЁа-яё]{2,9}$/u),
      fc.constantFrom('№', 'г.', 'ул.', '«СИЗО-1»', '—', '100 ₽', 'д. 18/2', 'ИК-2'),
      fc.stringMatching(/^[A-Za-z0-9]{1,50}$/),
    ),
    { minLength: 1, maxLength: 14 },
  )
  .map((words) => words.join(' '));

describe('receipt round trip', () => {
  it('decodes exactly what the layout meant, within the paper width', () => {
    fc.assert(
      fc.property(
        fieldText,
        fieldText,
        fieldText,
        fc.constantFrom(32 as const, 42 as const, 48 as const),
        fc.integer({ min: 0, max: 1_500_000 }),
        fc.boolean(),
        (facility, agent, address, width, commission, recovered) => {
          const accepted = 1_500_000;
          const data = goldenReceiptData({
            agent: { name: agent, address, inn: '7701234567' },
            recipient: {
              kind: 'inmate',
              masked: 'Иванов И. И., 1985 г.р.',
              facilityName: facility,
            },
            acceptedKopecks: kopecks(accepted),
            commissionKopecks: kopecks(commission),
            creditedKopecks: kopecks(accepted - commission),
            recovered,
          });
          const document = layoutReceipt(data, width);
          const { emulator, feed } = feedableEmulator(width);
          const chunks = encodeReceipt(document, {
            codePage: 17,
            widthColumns: width,
            cutMode: 'gs-v',
            feedBeforeCutLines: 4,
            chunkBytesMax: 256,
          });
          for (const chunk of chunks) feed(chunk);
          const [receipt] = emulator.receipts();
          expect(receipt?.unknownCommands).toEqual([]);
          const decoded = renderReceiptText(receipt!);
          expect(decoded).toBe(`${receiptText(document)}\n\n\n\n[cut: partial]\n`);
          for (const row of decoded.split('\n').filter((r) => !r.trim().startsWith('[QR:'))) {
            expect([...row].length).toBeLessThanOrEqual(width);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('survives any bytes at all: unknown commands are recorded, nothing throws', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 0, maxLength: 64 }), { maxLength: 24 }),
        (chunks) => {
          const { emulator, feed } = feedableEmulator(42);
          for (const chunk of chunks) feed(chunk);
          feed(Uint8Array.from([0x0a, 0x1b, 0x40, 0x41, 0x0a, 0x1d, 0x56, 0x01]));
          expect(Array.isArray(emulator.receipts())).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
