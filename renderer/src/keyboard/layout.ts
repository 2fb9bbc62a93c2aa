import type { Language } from '../../../common/contract.ts';

/**
 * The rows of the one on-screen keyboard (the kiosk has no physical one), as plain data so they
 * are tested in Node. Rows are at most `ROW_KEYS_MAX` keys: that is what keeps every letter key
 * at least 72 px wide on a 1080 px portrait screen (keyboard.css divides the width by it).
 */
export const ROW_KEYS_MAX = 12;

/**
 * - `name`: a recipient's ФИО as it stands in documents: capitals, Ё, a hyphen for «Хож-Ахмед»,
 *   and Latin for a name written so in a foreign passport. No digits or punctuation.
 * - `search`: finding a region or facility: the name keys and digits («ИК-2», «СИЗО 1»).
 * - `text`: passwords, names, e-mail and letters in the account: digits, both cases,
 *   punctuation for sentences, and the visitor's own letters.
 */
export type KeyboardMode = 'name' | 'search' | 'text';
export type KeyboardLayout = 'cyrillic' | 'latin';

const digits = '1234567890';

const letters: Record<KeyboardLayout, readonly string[]> = {
  cyrillic: ['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбюё-'],
  latin: ['qwertyuiop', 'asdfghjkl', 'zxcvbnm-'],
};

/** What an e-mail address or a sentence needs beyond the letters, per layout. */
const textMarks: Record<KeyboardLayout, string> = { cyrillic: '.', latin: '@._' };

/** A letter needs sentences: commas, questions, quotes. */
const punctuation = ',!?:;()«»';

/**
 * Letters the visitor's language has beyond the Russian or Latin rows: Tajik and Kyrgyz are
 * written in Cyrillic with their own letters, Uzbek in Latin with the ʻ of oʻ and gʻ.
 */
const ownLetters: Partial<Record<Language, { layout: KeyboardLayout; letters: string }>> = {
  tg: { layout: 'cyrillic', letters: 'ғӣқӯҳҷ' },
  ky: { layout: 'cyrillic', letters: 'ңөү' },
  uz: { layout: 'latin', letters: 'ʻ' },
};

/** The layout a keyboard opens in: names are Cyrillic as in documents; text follows the visitor. */
export function firstLayout(mode: KeyboardMode, language: Language): KeyboardLayout {
  return mode === 'text' ? (ownLetters[language]?.layout ?? 'cyrillic') : 'cyrillic';
}

/** The character rows (without the control row: shift, layout, space, erase, next). */
export function keyboardRows(
  mode: KeyboardMode,
  layout: KeyboardLayout,
  language: Language,
): string[][] {
  const base = letters[layout];
  if (mode !== 'text') {
    const rows = base.map((row) => [...row.toUpperCase()]);
    return mode === 'search' ? [[...digits], ...rows] : rows;
  }
  const own = ownLetters[language];
  const last = base.length - 1;
  const rows = base.map((row, index) => [...row, ...(index === last ? textMarks[layout] : '')]);
  const extra = own !== undefined && own.layout === layout ? [[...own.letters]] : [];
  return [[...digits], ...rows, ...extra, [...punctuation]];
}

/** A character key as typed with shift on or off (ʻ and digits have no capitals). */
export function shifted(char: string, upper: boolean): string {
  return upper ? char.toUpperCase() : char;
}
