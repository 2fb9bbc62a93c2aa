import { assert } from './assert.ts';
import { maskedName } from './names.ts';

/**
 * The recipient as the receipt and the confirmation screen show it: «Иванов И. И., 1985 г.р.».
 * Builds on maskedName() so the name is masked the same way everywhere it is shown.
 */
export function maskRecipient(
  surname: string,
  name: string,
  patronymic: string | null,
  birthYear: number,
): string {
  assert(Number.isSafeInteger(birthYear), 'maskRecipient: birth year must be an integer');
  const masked = maskedName(surname, name, patronymic ?? '');
  assert(masked.trim() !== '', 'maskRecipient: empty name');
  return `${masked}, ${birthYear} г.р.`;
}
