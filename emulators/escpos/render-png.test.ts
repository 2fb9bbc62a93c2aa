import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { DecodedReceipt } from './decoded-receipt.ts';
import { GLYPH_WIDTH } from './glyph-atlas.ts';
import { renderReceiptPng } from './render-png.ts';

const receipt = (patch: Partial<DecodedReceipt>): DecodedReceipt => ({
  sequence: 1,
  widthColumns: 32,
  lines: [
    {
      kind: 'text',
      text: 'Ёж',
      align: 'left',
      bold: false,
      widthMultiplier: 1,
      heightMultiplier: 1,
    },
  ],
  cut: 'partial',
  interrupted: null,
  codeTables: [17],
  unknownCommands: [],
  ...patch,
});

const inkPixels = (png: Buffer, x0: number, y0: number, w: number, h: number): number => {
  const image = PNG.sync.read(png);
  let dark = 0;
  for (let y = y0; y < y0 + h; y += 1) {
    for (let x = x0; x < x0 + w; x += 1) {
      if ((image.data[(y * image.width + x) * 4] ?? 255) < 128) dark += 1;
    }
  }
  return dark;
};

describe('renderReceiptPng', () => {
  it('draws a strip one dot per pixel: 12 dots per column plus margins', () => {
    const image = PNG.sync.read(renderReceiptPng(receipt({})));
    expect(image.width).toBe(32 * GLYPH_WIDTH + 2 * 16 + 2 * 28);
  });

  it('puts ink where the glyphs are, and more of it for bold', () => {
    const x = 28 + 16;
    const y = 28 + 24;
    const regular = inkPixels(renderReceiptPng(receipt({})), x, y, 24, 30);
    const boldLine = receipt({
      lines: [
        {
          kind: 'text',
          text: 'Ёж',
          align: 'left',
          bold: true,
          widthMultiplier: 1,
          heightMultiplier: 1,
        },
      ],
    });
    expect(regular).toBeGreaterThan(20);
    expect(inkPixels(renderReceiptPng(boldLine), x, y, 24, 30)).toBeGreaterThan(regular);
  });

  it('renders an interrupted receipt with its warning under the torn edge', () => {
    const cut = PNG.sync.read(renderReceiptPng(receipt({})));
    const torn = PNG.sync.read(renderReceiptPng(receipt({ cut: null, interrupted: 'paper-out' })));
    expect(torn.height).toBeGreaterThan(cut.height);
    let red = 0;
    for (let offset = 0; offset < torn.data.length; offset += 4) {
      if ((torn.data[offset] ?? 0) > 150 && (torn.data[offset + 1] ?? 255) < 90) red += 1;
    }
    expect(red).toBeGreaterThan(50);
  });
});
