import { describe, expect, it } from 'vitest';
import { LanguageSchema } from '../../../common/contract.ts';
import { type PaymentKey, ru } from './catalogues/ru.ts';
import { catalogues, type MessageKey, translate } from './i18n.ts';
import type { Message } from './plural.ts';

/**
 * The words a payer decides on: the terms screen's money lines must never read as the "no fee"
 * line, and a banknote is called a banknote, not "money". These are the mistakes a review against
 * the Russian found; the checks keep them from coming back when a line is reworded.
 */
const languages = LanguageSchema.options;
const texts = (message: Message) =>
  typeof message === 'string' ? [message] : Object.values(message);

/** Case and trailing punctuation do not make two lines say something different. */
const normalise = (text: string) =>
  text
    .toLocaleLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.!…\s]+$/u, '')
    .trim();

/** Commission rule (with and without a minimum), no-change rule, credited amount. */
const moneyLines: { key: MessageKey; params: Record<string, string> }[] = [
  { key: 'terms.commissionRule', params: { rate: '2,5', min: '50 ₽' } },
  { key: 'terms.commissionRate', params: { rate: '2,5' } },
  { key: 'terms.noChange', params: {} },
  { key: 'terms.example', params: { amount: '1 000 ₽', credited: '975 ₽' } },
];

describe('terms screen money lines', () => {
  it.each(languages)('in %s are not the "no fee" line and do not use its words', (language) => {
    const noFee = normalise(translate(language, 'terms.commissionNone'));
    expect(noFee.length).toBeGreaterThan(0);
    for (const { key, params } of moneyLines) {
      const line = normalise(translate(language, key, params));
      expect(line, `${language} ${key}`).not.toBe(noFee);
      expect(line, `${language} ${key}`).not.toContain(noFee);
    }
  });
});

/** «купюра» in any case form, but not «купюроприёмник» (the acceptor is a money-taking device). */
const banknoteInRussian = /(?<!\p{L})купюр[аыуеой]*(?!\p{L})/iu;
const banknoteKeys = (Object.keys(ru) as PaymentKey[]).filter((key) =>
  texts(ru[key]).some((text) => banknoteInRussian.test(text)),
);

/** Each language's word for "money" (as a word stem) and for a banknote. */
const wordsFor = {
  uz: { money: /(?<!\p{L})pul/iu, banknote: /kupyura/iu },
  tg: { money: /(?<!\p{L})пул/iu, banknote: /купюра/iu },
  ky: { money: /(?<!\p{L})акча/iu, banknote: /купюра/iu },
} as const;

describe('a banknote is a banknote', () => {
  it('the Russian lines about a banknote are found (so the check below is not empty)', () => {
    expect(banknoteKeys).toEqual(
      expect.arrayContaining(['deposit.notes', 'deposit.insertFirst', 'reject.other', 'note.alt']),
    );
    expect(banknoteKeys).not.toContain('deposit.starting');
  });

  it.each(Object.keys(wordsFor) as (keyof typeof wordsFor)[])(
    'in %s, where the Russian says «купюра», the line says banknote and not money',
    (language) => {
      const { money, banknote } = wordsFor[language];
      for (const key of banknoteKeys) {
        for (const text of texts(catalogues[language][key])) {
          expect(text, `${language} ${key}`).not.toMatch(money);
          expect(text, `${language} ${key}`).toMatch(banknote);
        }
      }
    },
  );

  it('counts banknotes with the banknote word in every language', () => {
    expect(translate('uz', 'deposit.notes', { count: 3 })).toBe('3 ta kupyura');
    expect(translate('tg', 'deposit.notes', { count: 3 })).toBe('3 купюра');
    expect(translate('ky', 'deposit.notes', { count: 3 })).toBe('3 купюра');
  });
});

describe('names and agencies', () => {
  it('the name hint says what the Russian says: no alphabet, which the ABC key would contradict', () => {
    for (const language of languages) {
      expect(translate(language, 'name.hint'), language).not.toMatch(/russian|rus |русӣ|орус/iu);
    }
  });

  it('Uzbek keeps the agency name FSIN, as the other languages keep ФСИН', () => {
    expect(translate('uz', 'app.tagline')).toContain('FSIN');
    for (const language of ['ru', 'tg', 'ky'] as const) {
      expect(translate(language, 'app.tagline'), language).toContain('ФСИН');
    }
  });
});
