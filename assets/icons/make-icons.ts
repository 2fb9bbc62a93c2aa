/**
 * Draws the app icon (assets/icons/icon.svg and the PNGs electron-builder takes: 512x512.png,
 * 256x256.png) from one shape list. Run: `node assets/icons/make-icons.ts`.
 * A banknote with a gold arrow going into it: "cash in", readable at 32 px.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];
type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; r: number; fill: Rgb }
  | { kind: 'circle'; cx: number; cy: number; r: number; fill: Rgb }
  | { kind: 'ring'; cx: number; cy: number; r: number; width: number; fill: Rgb }
  | { kind: 'triangle'; points: readonly [number, number][]; fill: Rgb };

const teal: Rgb = [14, 94, 111];
const white: Rgb = [255, 255, 255];
const gold: Rgb = [242, 193, 78];

/** In a 512×512 design space, painted in order. */
export const shapes: readonly Shape[] = [
  { kind: 'rect', x: 0, y: 0, w: 512, h: 512, r: 96, fill: teal },
  { kind: 'rect', x: 96, y: 232, w: 320, h: 184, r: 20, fill: white },
  { kind: 'ring', cx: 256, cy: 324, r: 52, width: 16, fill: teal },
  { kind: 'circle', cx: 140, cy: 270, r: 12, fill: teal },
  { kind: 'circle', cx: 372, cy: 378, r: 12, fill: teal },
  { kind: 'rect', x: 232, y: 72, w: 48, h: 96, r: 6, fill: gold },
  {
    kind: 'triangle',
    points: [
      [184, 160],
      [328, 160],
      [256, 224],
    ],
    fill: gold,
  },
];

function inside(shape: Shape, x: number, y: number): boolean {
  switch (shape.kind) {
    case 'rect': {
      const dx = Math.max(shape.x + shape.r - x, 0, x - (shape.x + shape.w - shape.r));
      const dy = Math.max(shape.y + shape.r - y, 0, y - (shape.y + shape.h - shape.r));
      const inBox =
        x >= shape.x && x <= shape.x + shape.w && y >= shape.y && y <= shape.y + shape.h;
      return inBox && dx * dx + dy * dy <= shape.r * shape.r;
    }
    case 'circle':
      return (x - shape.cx) ** 2 + (y - shape.cy) ** 2 <= shape.r ** 2;
    case 'ring': {
      const distance = Math.hypot(x - shape.cx, y - shape.cy);
      return Math.abs(distance - shape.r) <= shape.width / 2;
    }
    case 'triangle': {
      const [a, b, c] = shape.points as [[number, number], [number, number], [number, number]];
      const side = (p: [number, number], q: [number, number]) =>
        (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
      const s1 = side(a, b);
      const s2 = side(b, c);
      const s3 = side(c, a);
      return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
    }
  }
}

/** Renders with 4×4 supersampling; outside the background the icon is transparent. */
export function renderIcon(sizePx: number): PNG {
  const png = new PNG({ width: sizePx, height: sizePx });
  const scale = 512 / sizePx;
  const samples = 4;
  for (let py = 0; py < sizePx; py++) {
    for (let px = 0; px < sizePx; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) * scale;
          const y = (py + (sy + 0.5) / samples) * scale;
          let color: Rgb | null = null;
          for (const shape of shapes) if (inside(shape, x, y)) color = shape.fill;
          if (color === null) continue;
          sum[0]! += color[0];
          sum[1]! += color[1];
          sum[2]! += color[2];
          sum[3]! += 1;
        }
      }
      const covered = sum[3]!;
      const at = (py * sizePx + px) * 4;
      png.data[at] = covered ? Math.round(sum[0]! / covered) : 0;
      png.data[at + 1] = covered ? Math.round(sum[1]! / covered) : 0;
      png.data[at + 2] = covered ? Math.round(sum[2]! / covered) : 0;
      png.data[at + 3] = Math.round((covered / samples ** 2) * 255);
    }
  }
  return png;
}

const hex = (c: Rgb) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

function svgElement(shape: Shape): string {
  switch (shape.kind) {
    case 'rect':
      return `<rect x="${shape.x}" y="${shape.y}" width="${shape.w}" height="${shape.h}" rx="${shape.r}" fill="${hex(shape.fill)}"/>`;
    case 'circle':
      return `<circle cx="${shape.cx}" cy="${shape.cy}" r="${shape.r}" fill="${hex(shape.fill)}"/>`;
    case 'ring':
      return `<circle cx="${shape.cx}" cy="${shape.cy}" r="${shape.r}" fill="none" stroke="${hex(shape.fill)}" stroke-width="${shape.width}"/>`;
    case 'triangle':
      return `<polygon points="${shape.points.map((p) => p.join(',')).join(' ')}" fill="${hex(shape.fill)}"/>`;
  }
}

export function iconSvg(): string {
  const body = shapes.map(svgElement);
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">',
    '  <title>Kiosk</title>',
    ...body.map((line) => `  ${line}`),
    '</svg>',
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL('./', import.meta.url);
  writeFileSync(new URL('icon.svg', dir), iconSvg());
  for (const size of [512, 256]) {
    writeFileSync(new URL(`${size}x${size}.png`, dir), PNG.sync.write(renderIcon(size)));
  }
  console.log('wrote icon.svg, 512x512.png, 256x256.png');
}
