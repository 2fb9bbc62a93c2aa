/**
 * Pure rules of the payer's text entry: keys into a field, list search, year picker bounds and
 * the phone display. Kept apart from the components so they are unit-tested in Node.
 */
export type KeyboardKey = { kind: 'char'; char: string } | { kind: 'erase' } | { kind: 'next' };

/** Applies a key to a field's text: bounded length, no leading or doubled spaces or hyphens. */
export function applyKey(text: string, key: KeyboardKey, lengthMax = 60): string {
  if (key.kind === 'erase') return text.slice(0, -1);
  if (key.kind !== 'char') return text;
  if (text.length >= lengthMax) return text;
  const separator = key.char === ' ' || key.char === '-';
  if (separator && (text.length === 0 || /[ -]$/.test(text))) return text;
  return text + key.char;
}

export type ListItem = { id: string; title: string; subtitle?: string };

/** Case-, ё- and spacing-insensitive: «сизо 1», «СИЗО-1» and «Сизо‑1» all find СИЗО-1. */
export function searchKey(text: string): string {
  return text
    .toLowerCase()
    .replaceAll('ё', 'е')
    .replace(/[\s\-‐‑–—]+/g, '');
}

export function filterItems(items: readonly ListItem[], query: string): ListItem[] {
  const needle = searchKey(query);
  if (needle === '') return [...items];
  return items.filter((item) => searchKey(`${item.title} ${item.subtitle ?? ''}`).includes(needle));
}

/** Inmates are 14 to about 90 years old; the picker offers nothing outside that. */
const ageYearsMin = 14;
const ageYearsMax = 90;

export function yearRange(currentYear: number): { first: number; last: number } {
  return { first: currentYear - ageYearsMax, last: currentYear - ageYearsMin };
}

export function decadesOf(range: { first: number; last: number }): number[] {
  const decades: number[] = [];
  for (let decade = range.first - (range.first % 10); decade <= range.last; decade += 10) {
    decades.push(decade);
  }
  return decades;
}

export const phoneDigits = 10;

/** «+7 (912) 345-67-89» as the digits come in. */
export function formatPhone(digits: string): string {
  const d = digits.padEnd(phoneDigits, '_');
  return `+7 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8, 10)}`;
}
