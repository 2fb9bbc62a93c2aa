/**
 * Regenerates assets/fonts/receipt-glyphs-12x24.png from the bundled PT Mono font with headless
 * Chromium. Run by hand when the font or the cell size changes:
 *   node emulators/escpos/build-glyph-atlas.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { chromium as playwright } from 'playwright-core';
import { cp866PrintableCharacters } from '../../protocol/escpos/cp866.ts';
import { ATLAS_COLUMNS, ATLAS_URL, GLYPH_HEIGHT, GLYPH_WIDTH } from './glyph-atlas.ts';

const FONT_SIZE_PX = 20; // PT Mono advance is 0.6 em: 20 px gives the 12-dot cell of font A

function fontFace(file: string, range: string): string {
  const bytes = readFileSync(new URL(`../../assets/fonts/${file}`, import.meta.url));
  return `@font-face { font-family: 'Receipt'; src: url(data:font/woff2;base64,${bytes.toString(
    'base64',
  )}) format('woff2'); unicode-range: ${range}; }`;
}

function page(chars: readonly string[]): string {
  const cells = chars
    .map((char, index) => {
      const x = (index % ATLAS_COLUMNS) * GLYPH_WIDTH;
      const y = Math.floor(index / ATLAS_COLUMNS) * GLYPH_HEIGHT;
      const escaped = `&#${char.codePointAt(0)};`;
      return `<span style="left:${x}px;top:${y}px">${escaped}</span>`;
    })
    .join('');
  const rows = Math.ceil(chars.length / ATLAS_COLUMNS);
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    ${fontFace('pt-mono-latin-400-normal.woff2', 'U+0000-00FF,U+2000-206F,U+2212')}
    ${fontFace('pt-mono-cyrillic-400-normal.woff2', 'U+0400-045F,U+2116')}
    html, body { margin: 0; background: #fff; }
    #atlas { position: relative; width: ${ATLAS_COLUMNS * GLYPH_WIDTH}px;
      height: ${rows * GLYPH_HEIGHT}px; background: #fff; }
    span { position: absolute; width: ${GLYPH_WIDTH}px; height: ${GLYPH_HEIGHT}px;
      font: ${FONT_SIZE_PX}px/${GLYPH_HEIGHT}px 'Receipt', monospace; color: #000;
      text-align: center; overflow: hidden; white-space: pre; }
  </style></head><body><div id="atlas">${cells}</div></body></html>`;
}

async function main(): Promise<void> {
  const chromium = (await import('@sparticuz/chromium')).default;
  const executablePath = await chromium.executablePath();
  const browser = await playwright.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--font-render-hinting=full',
    ],
  });
  try {
    const tab = await browser.newPage({ deviceScaleFactor: 1 });
    await tab.setContent(page(cp866PrintableCharacters()));
    await tab.evaluate(() => document.fonts.ready.then(() => undefined));
    const png = await tab.locator('#atlas').screenshot({ type: 'png' });
    writeFileSync(ATLAS_URL, png);
    console.log(`wrote ${ATLAS_URL.pathname} (${png.length} bytes)`);
  } finally {
    await browser.close();
  }
}

await main();
