/**
 * Draws assets/images/banknote-*.svg: stylised, clearly not real money (flat colours, no
 * portraits, no bank name), the denomination large, colours echoing the real series so payers
 * recognise them. Run: node assets/images/draw-banknotes.ts
 */
import { writeFileSync } from 'node:fs';
const notes: [number, string, string][] = [
  [10, '#b8860b', '#fff6d8'],
  [50, '#2f6f4f', '#e3f3ea'],
  [100, '#6b4f2a', '#f3ead9'],
  [200, '#2e7d6b', '#def2ec'],
  [500, '#6a3d8f', '#eee3f6'],
  [1000, '#1f6aa5', '#dcebf7'],
  [2000, '#1d4e89', '#dde6f3'],
  [5000, '#a3472a', '#f8e4dc'],
];
for (const [value, ink, paper] of notes) {
  const label = value.toLocaleString('ru-RU').replace(/\s/g, '\u2009');
  const size = value >= 1000 ? 72 : 104;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 150" role="img">
  <title>${value} ₽</title>
  <rect x="2" y="2" width="316" height="146" rx="14" fill="${paper}" stroke="${ink}" stroke-width="4"/>
  <rect x="14" y="14" width="292" height="122" rx="8" fill="none" stroke="${ink}" stroke-width="2" stroke-dasharray="6 5" opacity="0.55"/>
  <circle cx="276" cy="44" r="24" fill="${ink}" opacity="0.14"/>
  <text x="26" y="${value >= 1000 ? 116 : 122}" font-family="PT Sans, Arial, DejaVu Sans, Liberation Sans, sans-serif" font-weight="700" font-size="${size}" fill="${ink}">${label}</text>
  <path d="M272 60 V30 H280 a8 8 0 0 1 0 16 H266 M266 53 H282" fill="none" stroke="${ink}" stroke-width="5" stroke-linejoin="round"/>
</svg>
`;
  writeFileSync(new URL(`./banknote-${value}.svg`, import.meta.url), svg);
}
