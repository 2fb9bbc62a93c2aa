import { assert } from '../../common/assert.ts';

/**
 * Wraps text to a column width on spaces. A single word longer than the width is the only
 * thing ever split, hard, at the width. When wrapping is needed, runs of whitespace collapse
 * to one space; an empty text gives one empty line, so a caller's line count stays predictable.
 */
export function wrapText(text: string, widthColumns: number): string[] {
  assert(Number.isInteger(widthColumns) && widthColumns >= 1, 'wrapText: width');
  // A line that already fits keeps its spacing: layout aligns columns with runs of spaces.
  if (!/[\n\r\t]/u.test(text) && columnsOf(text) <= widthColumns) return [text.trimEnd()];
  // Only ordinary spaces break: a no-break space (see wrapProse) keeps its neighbours together.
  const words = text.split(/[ \t\n\r]+/u).filter((word) => word.length > 0);
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const chars = [...word];
    if (chars.length > widthColumns) {
      if (current !== '') lines.push(current);
      const pieces = splitHard(chars, widthColumns);
      current = pieces.pop() ?? '';
      lines.push(...pieces);
      continue;
    }
    const candidate = current === '' ? word : `${current} ${word}`;
    if ([...candidate].length <= widthColumns) {
      current = candidate;
    } else {
      lines.push(current);
      current = word;
    }
  }
  lines.push(current);
  return lines;
}

function splitHard(chars: readonly string[], widthColumns: number): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < chars.length; start += widthColumns) {
    pieces.push(chars.slice(start, start + widthColumns).join(''));
  }
  return pieces;
}

/** Display width in columns: one per code point (receipts use only single-width characters). */
export function columnsOf(text: string): number {
  return [...text].length;
}

/**
 * One printed line as plain text on paper `widthColumns` wide: a double-width character takes
 * two columns, so it is shown followed by a space. Trailing spaces are dropped.
 */
export function placeOnPaper(
  text: string,
  align: 'left' | 'center' | 'right',
  widthMultiplier: number,
  widthColumns: number,
): string {
  const chars = [...text];
  const shown = widthMultiplier >= 2 ? chars.map((char) => `${char} `).join('') : text;
  const used = chars.length * Math.max(1, widthMultiplier);
  const free = Math.max(0, widthColumns - used);
  const indent = align === 'center' ? Math.floor(free / 2) : align === 'right' ? free : 0;
  return `${' '.repeat(indent)}${shown}`.trimEnd();
}

/**
 * Typography a receipt may receive that printer code pages (CP866) lack, with plain
 * equivalents; «руб.» instead of ₽ is the norm on receipts. Layout applies this BEFORE measuring,
 * so a replacement that changes length cannot push a line past the paper edge.
 */
const PLAIN_REPLACEMENTS: ReadonlyMap<string, string> = new Map([
  ['—', '-'],
  ['–', '-'],
  ['‑', '-'],
  ['−', '-'],
  ['«', '"'],
  ['»', '"'],
  ['„', '"'],
  ['“', '"'],
  ['”', '"'],
  ['‘', "'"],
  ['’', "'"],
  ['₽', 'руб.'],
  ['…', '...'],
  ['\u00a0', ' '],
  ['\u202f', ' '],
  ['\t', ' '],
  ['\n', ' '],
  ['\r', ' '],
]);

export function plainReceiptText(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) out += PLAIN_REPLACEMENTS.get(char) ?? char;
  return out;
}

const NBSP = '\u00a0';
/** «г.», «ул.», «д.», «А.» (an initial), «№»: Russian typography keeps them with the next word. */
const SHORT_WORD_BEFORE_SPACE = /(^|[ "(])([А-ЯЁа-яёA-Za-z]{1,3}\.|№) (?=\S)/gu;
/** «1985 г.р.», «100 руб.»: a number keeps its unit. */
const NUMBER_BEFORE_UNIT = /(\d) (?=г\.р\.|руб\.)/gu;

/**
 * Wraps running text the way a typesetter would: like wrapText, but an abbreviation, an
 * initial or «№» never ends a line («г. Москва», «А. Ф.», «№ 1» stay together when they fit).
 */
export function wrapProse(text: string, widthColumns: number): string[] {
  let glued = text.replace(NUMBER_BEFORE_UNIT, `$1${NBSP}`);
  // Twice: matches overlap in «А. Ф. Иванов» (the second initial starts where the first ended).
  for (let pass = 0; pass < 2; pass += 1) {
    glued = glued.replace(SHORT_WORD_BEFORE_SPACE, `$1$2${NBSP}`);
  }
  return wrapText(glued, widthColumns).map((line) => line.replaceAll(NBSP, ' '));
}
