/**
 * The app's icon, drawn as a PNG at build time: the brand blue field with a white wallet (a
 * rounded card and its clasp), inside the central 80 % so it survives a "maskable" crop.
 */
import { PNG } from 'pngjs';

const BRAND = [0x0b, 0x4f, 0x8a] as const;
const WHITE = [0xff, 0xff, 0xff] as const;

function insideRoundedRect(
  x: number,
  y: number,
  box: { left: number; top: number; right: number; bottom: number; radius: number },
): boolean {
  if (x < box.left || x > box.right || y < box.top || y > box.bottom) return false;
  const cx = Math.min(Math.max(x, box.left + box.radius), box.right - box.radius);
  const cy = Math.min(Math.max(y, box.top + box.radius), box.bottom - box.radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= box.radius ** 2;
}

export function iconPng(size: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const unit = size / 100;
  const body = {
    left: 22 * unit,
    top: 30 * unit,
    right: 78 * unit,
    bottom: 72 * unit,
    radius: 6 * unit,
  };
  const clasp = {
    left: 56 * unit,
    top: 44 * unit,
    right: 82 * unit,
    bottom: 58 * unit,
    radius: 4 * unit,
  };
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const onClasp = insideRoundedRect(x, y, clasp);
      const dot = (x - 66 * unit) ** 2 + (y - 51 * unit) ** 2 <= (3 * unit) ** 2;
      const white = (insideRoundedRect(x, y, body) && !onClasp) || (onClasp && !dot);
      const colour = white ? WHITE : BRAND;
      const offset = (y * size + x) * 4;
      png.data[offset] = colour[0];
      png.data[offset + 1] = colour[1];
      png.data[offset + 2] = colour[2];
      png.data[offset + 3] = 0xff;
    }
  }
  return PNG.sync.write(png);
}
