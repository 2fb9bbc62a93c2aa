import { assert } from './assert.ts';

/**
 * The recipient as payers see it on the confirmation screen and the receipt:
 * «Иванов И. И., 1985 г.р.». Only the surname is shown whole; given name and patronymic shrink
 * to initials, so a receipt left in the lobby does not carry an inmate's full name.
 * A hyphenated given name keeps both initials («Анна-Мария» → «А.-М.»).
 */
export function maskRecipient(
  surname: string,
  name: string,
  patronymic: string | null,
  birthYear: number,
): string {
  assert(Number.isSafeInteger(birthYear), 'maskRecipient: birth year must be an integer');
  const cleanSurname = collapse(surname);
  assert(cleanSurname !== '', 'maskRecipient: surname is empty');
  const initials = [name, patronymic ?? '']
    .map(initialsOf)
    .filter((initial) => initial !== '')
    .join(' ');
  const who = initials === '' ? cleanSurname : `${cleanSurname} ${initials}`;
  return `${who}, ${birthYear} г.р.`;
}

function collapse(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

function initialsOf(part: string): string {
  const clean = collapse(part);
  if (clean === '') return '';
  return clean
    .split(/[\s-]+/u)
    .filter((piece) => piece !== '')
    .map((piece) => `${[...piece][0]?.toLocaleUpperCase('ru-RU') ?? ''}.`)
    .join('-');
}
