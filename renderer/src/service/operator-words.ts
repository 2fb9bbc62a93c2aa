import { assertNever } from '../../../common/assert.ts';
import type { JournalTransfer } from '../../../common/contract.ts';
import { type PluralMessage, selectPlural } from '../i18n/plural.ts';

/**
 * Words of service mode that change with a number or a state. Operators read Russian, so these
 * are Russian only, chosen by the same plural rules as the payer's catalogues.
 */
const count = (message: PluralMessage, value: number) =>
  selectPlural(message, 'ru', value).replace('{count}', String(value));

export const notesCount = (value: number) =>
  count(
    {
      one: '{count} купюра',
      few: '{count} купюры',
      many: '{count} купюр',
      other: '{count} купюры',
    },
    value,
  );

export const filesCount = (value: number) =>
  count(
    { one: '{count} файл', few: '{count} файла', many: '{count} файлов', other: '{count} файла' },
    value,
  );

export function receiptStateWords(state: JournalTransfer['receiptState']): string {
  switch (state) {
    case 'pending':
      return 'чек печатается';
    case 'printed':
      return 'чек напечатан';
    case 'unprinted':
      return 'чек не напечатан';
    default:
      return assertNever(state, 'receipt state');
  }
}
