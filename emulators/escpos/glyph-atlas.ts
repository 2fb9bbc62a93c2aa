import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { assert } from '../../common/assert.ts';
import { cp866PrintableCharacters } from '../../protocol/escpos/cp866.ts';

/**
 * Glyphs of the receipt font: PT Mono rasterised once into a grey atlas (12×24 dots per cell,
 * the size of Epson font A) by build-glyph-atlas.ts and committed, so rendering a receipt PNG
 * needs no browser and no font engine at test time.
 */
export const GLYPH_WIDTH = 12;
export const GLYPH_HEIGHT = 24;
export const ATLAS_COLUMNS = 16;
export const ATLAS_URL = new URL('../../assets/fonts/receipt-glyphs-12x24.png', import.meta.url);

export type GlyphAtlas = {
  /** Ink coverage 0..255 of the glyph's GLYPH_WIDTH × GLYPH_HEIGHT cell, row-major. */
  glyph(char: string): Uint8Array | null;
};

let cached: GlyphAtlas | null = null;

export function loadGlyphAtlas(): GlyphAtlas {
  if (cached) return cached;
  const png = PNG.sync.read(readFileSync(ATLAS_URL));
  const chars = cp866PrintableCharacters();
  const rows = Math.ceil(chars.length / ATLAS_COLUMNS);
  assert(png.width === ATLAS_COLUMNS * GLYPH_WIDTH, 'glyph atlas: width');
  assert(png.height === rows * GLYPH_HEIGHT, 'glyph atlas: height');
  const glyphs = new Map<string, Uint8Array>();
  for (const [index, char] of chars.entries()) {
    const cellX = (index % ATLAS_COLUMNS) * GLYPH_WIDTH;
    const cellY = Math.floor(index / ATLAS_COLUMNS) * GLYPH_HEIGHT;
    const coverage = new Uint8Array(GLYPH_WIDTH * GLYPH_HEIGHT);
    for (let y = 0; y < GLYPH_HEIGHT; y += 1) {
      for (let x = 0; x < GLYPH_WIDTH; x += 1) {
        // Black ink on white: coverage is the inverted red channel.
        const offset = ((cellY + y) * png.width + cellX + x) * 4;
        coverage[y * GLYPH_WIDTH + x] = 255 - (png.data[offset] ?? 255);
      }
    }
    glyphs.set(char, coverage);
  }
  cached = { glyph: (char) => glyphs.get(char) ?? null };
  return cached;
}
