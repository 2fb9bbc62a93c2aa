import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../emulators/escpos/parse-command.ts';
import { goldenReceiptData } from '../../../tests/fixtures/receipts/receipt-data.ts';
import { layoutReceipt } from '../../core/receipt-layout.ts';
import { qrCode } from './commands.ts';
import { encodeReceipt } from './encode-receipt.ts';

const options = {
  codePage: 17,
  widthColumns: 42,
  cutMode: 'gs-v' as const,
  feedBeforeCutLines: 4,
  chunkBytesMax: 128,
};

describe('encodeReceipt', () => {
  it('emits QR bytes identical to the reference encoder (@point-of-sale, model 2, M)', () => {
    const reference = new ReceiptPrinterEncoder({ language: 'esc-pos', columns: 42 })
      .qrcode('https://perevod.example.ru/t/1', { model: 2, size: 6, errorlevel: 'm' })
      .encode();
    const ours = qrCode('https://perevod.example.ru/t/1', 6);
    const start = [...reference].findIndex((byte, i) => byte === 0x1d && reference[i + 1] === 0x28);
    expect([...reference].slice(start, start + ours.length)).toEqual(ours);
  });

  it('starts with ESC @, FS . and ESC t n, and ends with feed and cut', () => {
    const chunks = encodeReceipt(layoutReceipt(goldenReceiptData(), 42), options);
    const bytes = chunks.flatMap((chunk) => [...chunk]);
    expect(bytes.slice(0, 7)).toEqual([0x1b, 0x40, 0x1c, 0x2e, 0x1b, 0x74, 17]);
    expect(bytes.slice(-6)).toEqual([0x1b, 0x64, 4, 0x1d, 0x56, 0x01]);
  });

  it('cuts every chunk on a command boundary, so status polls never split a command', () => {
    const chunks = encodeReceipt(layoutReceipt(goldenReceiptData(), 42), options);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      let offset = 0;
      // Bounded by the chunk length: each parsed command consumes at least one byte.
      while (offset < chunk.length) {
        const parsed = parseCommand(chunk, offset);
        expect(parsed).not.toBe('incomplete');
        if (parsed === 'incomplete') break;
        expect(parsed.command.kind).not.toBe('unknown');
        offset += parsed.length;
      }
    }
  });

  it('wraps a text line longer than the paper instead of letting the printer break words', () => {
    const document = {
      widthColumns: 32 as const,
      lines: [{ kind: 'text' as const, text: 'слово '.repeat(10).trim() }],
    };
    const bytes = encodeReceipt(document, { ...options, widthColumns: 32 }).flatMap((c) => [...c]);
    expect(bytes.filter((byte) => byte === 0x0a)).toHaveLength(2);
  });
});

describe('field text cannot inject printer commands', () => {
  it('prints control bytes in data as "?" (a name with ESC i does not cut the paper)', () => {
    const data = goldenReceiptData({
      recipient: {
        kind: 'inmate',
        masked: 'Иванов И. И., 1985 г.р.',
        facilityName: 'ИК-2\x1b\x69\x1d\x56\x00 ок',
      },
    });
    const bytes = encodeReceipt(layoutReceipt(data, 42), options).flatMap((c) => [...c]);
    const cuts = bytes.filter(
      (byte, i) =>
        (byte === 0x1b && bytes[i + 1] === 0x69) || (byte === 0x1d && bytes[i + 1] === 0x56),
    );
    expect(cuts).toHaveLength(1); // only the real cut at the end
  });
});
