import { assert } from '../../common/assert.ts';

export type Rgb = readonly [number, number, number];

/** A small RGBA raster: just what drawing a paper strip needs. */
export class Raster {
  readonly width: number;
  readonly height: number;
  readonly data: Buffer;

  constructor(width: number, height: number, background: Rgb) {
    assert(width > 0 && height > 0 && width * height <= 40_000_000, 'raster: size');
    this.width = width;
    this.height = height;
    this.data = Buffer.alloc(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  fillRect(x0: number, y0: number, w: number, h: number, color: Rgb): void {
    const xStart = Math.max(0, Math.floor(x0));
    const yStart = Math.max(0, Math.floor(y0));
    const xEnd = Math.min(this.width, Math.floor(x0 + w));
    const yEnd = Math.min(this.height, Math.floor(y0 + h));
    for (let y = yStart; y < yEnd; y += 1) {
      for (let x = xStart; x < xEnd; x += 1) this.#put(x, y, color, 255);
    }
  }

  /** Blends `color` over the pixel with coverage 0..255. */
  blend(x: number, y: number, color: Rgb, coverage: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || coverage <= 0) return;
    this.#put(x, y, color, Math.min(255, coverage));
  }

  #put(x: number, y: number, color: Rgb, coverage: number): void {
    const offset = (y * this.width + x) * 4;
    const alpha = coverage / 255;
    for (let channel = 0; channel < 3; channel += 1) {
      const old = this.data[offset + channel] ?? 0;
      this.data[offset + channel] = Math.round(old + ((color[channel] ?? 0) - old) * alpha);
    }
    this.data[offset + 3] = 255;
  }
}
