/**
 * Name normalisation shared by the central inmate search and the kiosk's offline roster cache.
 * Pure: both sides must compute the same key for the same typed name, or an offline lookup and
 * an online one would disagree about who the recipient is.
 */

/** Keys of a US layout and the Cyrillic letters on the same keys of ЙЦУКЕН, position by position. */
const QWERTY_KEYS = 'qwertyuiop[]asdfghjkl;\'zxcvbnm,.`{}:"<>~';
const JCUKEN_KEYS = 'йцукенгшщзхъфывапролджэячсмитьбюёхъжэбюё';
const QWERTY_TO_JCUKEN: ReadonlyMap<string, string> = new Map(
  [...QWERTY_KEYS].map((key, index) => [key, JCUKEN_KEYS[index]!]),
);

/** Latin letters that look like Cyrillic ones: mixed into a Cyrillic word they are homoglyphs. */
const LOOKALIKE_LATIN = 'abcehkmoptxy';
const LOOKALIKE_CYRILLIC = 'авсенкмортху';
const HOMOGLYPHS: ReadonlyMap<string, string> = new Map(
  [...LOOKALIKE_LATIN].map((key, index) => [key, LOOKALIKE_CYRILLIC[index]!]),
);

const CYRILLIC = /[а-яё]/;
const LATIN = /[a-z]/;
/** Longest name part we look at; anything longer is cut (bounds every loop below). */
export const NAME_PART_CHARS_MAX = 64;

/**
 * Repairs one word typed with the wrong layout or with Latin look-alikes, lower-cased.
 * All-Latin word → read it as keys on ЙЦУКЕН ("bdfyjd" → "иванов"); a Cyrillic word with a few
 * Latin letters → those are look-alikes ("иванoв" with a Latin o → "иванов").
 */
function repairWord(word: string): string {
  if (!LATIN.test(word)) return word;
  if (!CYRILLIC.test(word)) {
    let out = '';
    for (const char of word) out += QWERTY_TO_JCUKEN.get(char) ?? char;
    return out;
  }
  let out = '';
  for (const char of word) out += HOMOGLYPHS.get(char) ?? char;
  return out;
}

/**
 * The search key of one name part: lower case, ё → е, wrong layout repaired, and everything
 * that is not a Cyrillic letter dropped (spaces, hyphens, apostrophes, dots, digits), so that
 * «Петров-Водкин», «петров водкин» and «ПЕТРОВВОДКИН» share one key.
 */
export function nameKey(raw: string): string {
  const lowered = raw
    .normalize('NFC')
    .slice(0, NAME_PART_CHARS_MAX * 2)
    .toLowerCase();
  let repaired = '';
  for (const word of lowered.split(/[\s\-‐‑–—]+/u)) repaired += repairWord(word);
  return repaired
    .replaceAll('ё', 'е')
    .replace(/[^а-я]/g, '')
    .slice(0, NAME_PART_CHARS_MAX);
}

/**
 * Latin → Cyrillic by sound, longest sequence first: Russian passport spellings (Shcherbakov,
 * Yuriy, Fyodor, Tsoy, Khasanov) and Uzbek Latin (o‘, g‘, x, q, j), because a visitor who
 * writes the name in Latin letters means the sound, not the keys of a ЙЦУКЕН keyboard.
 */
const TRANSLIT: ReadonlyArray<readonly [string, string]> = [
  ['shch', 'щ'],
  ['sch', 'щ'],
  ['yo', 'е'],
  ['yu', 'ю'],
  ['ya', 'я'],
  ['ye', 'е'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ts', 'ц'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ["o'", 'о'],
  ["g'", 'г'],
  ['a', 'а'],
  ['b', 'б'],
  ['c', 'ц'],
  ['d', 'д'],
  ['e', 'е'],
  ['f', 'ф'],
  ['g', 'г'],
  ['h', 'х'],
  ['i', 'и'],
  ['j', 'ж'],
  ['k', 'к'],
  ['l', 'л'],
  ['m', 'м'],
  ['n', 'н'],
  ['o', 'о'],
  ['p', 'п'],
  ['q', 'к'],
  ['r', 'р'],
  ['s', 'с'],
  ['t', 'т'],
  ['u', 'у'],
  ['v', 'в'],
  ['w', 'в'],
  ['x', 'х'],
  ['y', 'й'],
  ['z', 'з'],
];

function transliterateWord(word: string): string {
  let out = '';
  let index = 0;
  // Each step consumes at least one character, so the loop ends within word.length steps.
  while (index < word.length) {
    const rule = TRANSLIT.find(([latin]) => word.startsWith(latin, index));
    if (rule === undefined) {
      index += 1;
      continue;
    }
    // A word-initial e is э (Eduard, Ergashev); inside a word it is е.
    out += rule[0] === 'e' && index === 0 ? 'э' : rule[1];
    index += rule[0].length;
  }
  return out;
}

/**
 * The key of a name typed in Latin letters read by sound («Karimov» → «каримов»), or null when
 * the input has no Latin letters. Search tries it beside nameKey(), which reads Latin input as
 * keys of a wrong keyboard layout («Rfhbvjd» → «каримов»); the closer of the two wins.
 */
export function transliteratedKey(raw: string): string | null {
  const lowered = raw
    .normalize('NFC')
    .slice(0, NAME_PART_CHARS_MAX * 2)
    .toLowerCase();
  if (!LATIN.test(lowered) || CYRILLIC.test(lowered)) return null;
  const unified = lowered.replace(/[‘’ʻʼ`]/g, "'");
  let out = '';
  for (const word of unified.split(/[\s\-‐‑–—]+/u)) out += transliterateWord(word);
  return out.replace(/[^а-я]/g, '').slice(0, NAME_PART_CHARS_MAX);
}

/** Every key a typed name part may mean: the layout-repaired key, and the sound reading. */
export function nameKeyVariants(raw: string): string[] {
  const key = nameKey(raw);
  const sound = transliteratedKey(raw);
  return sound === null || sound === key ? [key] : [key, sound];
}

/** A name part as people write it: trimmed, single spaces, hyphen without spaces, capitalised. */
export function displayNamePart(raw: string): string {
  const compact = raw
    .normalize('NFC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*-\s*/g, '-');
  return compact
    .split(/([ -])/)
    .map((piece) =>
      piece.length > 0 ? piece[0]!.toUpperCase() + piece.slice(1).toLowerCase() : '',
    )
    .join('')
    .slice(0, NAME_PART_CHARS_MAX);
}

/** «Иванов И. И.»: the only form of a recipient's name shown to a payer or printed. */
export function maskedName(surname: string, name: string, patronymic: string): string {
  const initial = (part: string): string => {
    const first = part.trim()[0];
    return first === undefined ? '' : ` ${first.toUpperCase()}.`;
  };
  return `${displayNamePart(surname)}${initial(name)}${initial(patronymic)}`;
}

/** Three reusable rows: the search calls editDistance for every candidate, so no allocation. */
const ROW_WIDTH = NAME_PART_CHARS_MAX + 1;
const rowTwoBack = new Int32Array(ROW_WIDTH);
const rowBack = new Int32Array(ROW_WIDTH);
const rowNow = new Int32Array(ROW_WIDTH);

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition), bounded:
 * returns `bound + 1` as soon as the distance is known to exceed `bound`, so a search can
 * reject most candidates after a row or two. Compares UTF-16 code units, which is exact for
 * name keys (Cyrillic letters only); inputs are cut to NAME_PART_CHARS_MAX.
 */
export function editDistance(a: string, b: string, bound = NAME_PART_CHARS_MAX): number {
  const left = a.length > NAME_PART_CHARS_MAX ? a.slice(0, NAME_PART_CHARS_MAX) : a;
  const right = b.length > NAME_PART_CHARS_MAX ? b.slice(0, NAME_PART_CHARS_MAX) : b;
  if (Math.abs(left.length - right.length) > bound) return bound + 1;
  let twoBack = rowTwoBack;
  let back = rowBack;
  let now = rowNow;
  for (let j = 0; j <= right.length; j += 1) back[j] = j;
  for (let i = 1; i <= left.length; i += 1) {
    now[0] = i;
    let rowMin = i;
    const leftChar = left.charCodeAt(i - 1);
    for (let j = 1; j <= right.length; j += 1) {
      const rightChar = right.charCodeAt(j - 1);
      const cost = leftChar === rightChar ? 0 : 1;
      let best = Math.min(back[j]! + 1, now[j - 1]! + 1, back[j - 1]! + cost);
      if (
        i > 1 &&
        j > 1 &&
        leftChar === right.charCodeAt(j - 2) &&
        left.charCodeAt(i - 2) === rightChar
      ) {
        best = Math.min(best, twoBack[j - 2]! + 1);
      }
      now[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > bound) return bound + 1;
    const recycled = twoBack;
    twoBack = back;
    back = now;
    now = recycled;
  }
  const distance = back[right.length]!;
  return distance > bound ? bound + 1 : distance;
}

/**
 * How many wrong letters a typed name part may carry and still match: none for two letters
 * (too many people would match), one up to six, two from seven letters up. The year and the
 * facility must match exactly, which keeps even one typo in «Ана» from reaching strangers.
 */
export function typoBudget(key: string): number {
  if (key.length <= 2) return 0;
  if (key.length <= 6) return 1;
  return 2;
}
