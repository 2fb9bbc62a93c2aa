import { describe, expect, it } from 'vitest';
import type { Language } from '../../../common/contract.ts';
import { type AccountKey, accountRu } from './catalogues/account-ru.ts';
import { catalogues } from './i18n.ts';
import type { Message } from './plural.ts';

/**
 * The account area's words in each language: translated, not copied from Russian, and in the
 * language's own alphabet. (i18n.test.ts checks keys and placeholders for the whole catalogue.)
 */
const others = ['en', 'uz', 'tg', 'ky'] as const satisfies readonly Language[];
const accountKeys = Object.keys(accountRu) as AccountKey[];

/**
 * Keys where the same text as Russian is the right translation (Kyrgyz writes «сумма» and
 * «профиль» as Russian does). Everything else equal to Russian is a copy nobody translated.
 */
const sameAsRussian: Record<(typeof others)[number], readonly AccountKey[]> = {
  en: [],
  uz: [],
  tg: [],
  ky: ['acc.amount', 'acc.profile'],
};

const texts = (message: Message) =>
  typeof message === 'string' ? [message] : Object.values(message);
const accountTexts = (language: Language) =>
  accountKeys.flatMap((key) => texts(catalogues[language][key]).map((text) => [key, text]));

/** The words of a text without its {placeholders} and the SMS abbreviation kept in Latin. */
const words = (text: string) => text.replace(/\{\w+\}/g, '').replace(/\bSMS\b/g, '');

describe('account words', () => {
  it('are all there: more than 80 keys, none empty in any language', () => {
    expect(accountKeys.length).toBeGreaterThan(80);
    for (const language of ['ru', ...others] as const) {
      for (const [key, text] of accountTexts(language)) {
        expect(text?.trim(), `${language} ${key}`).not.toBe('');
      }
    }
  });

  it('no text is the Russian copied, except the listed keys', () => {
    for (const language of others) {
      for (const key of accountKeys) {
        const allowed = sameAsRussian[language].includes(key);
        if (!allowed)
          expect(catalogues[language][key], `${language} ${key}`).not.toBe(accountRu[key]);
      }
    }
    // The allow-list holds only keys that really are the same, so it cannot hide a new copy.
    for (const language of others) {
      for (const key of sameAsRussian[language]) {
        expect(catalogues[language][key], `${language} ${key}`).toBe(accountRu[key]);
      }
    }
  });

  it('Uzbek is Latin with oʻ and gʻ written with U+02BB, not apostrophes', () => {
    for (const [key, text] of accountTexts('uz')) {
      expect(text, key).not.toMatch(/[\u0400-\u04ff]/);
      expect(text, key).not.toMatch(/['‘’`]/);
    }
    expect(catalogues.uz['acc.track']).toContain('O\u02bbtkazma');
  });

  it('Tajik and Kyrgyz are Cyrillic, each with its own letters only', () => {
    for (const [key, text = ''] of accountTexts('tg')) {
      expect(words(text), `tg ${key}`).not.toMatch(/[A-Za-z]/);
      expect(text, `tg ${key}`).not.toMatch(/[өүң]/i);
    }
    for (const [key, text = ''] of accountTexts('ky')) {
      expect(words(text), `ky ${key}`).not.toMatch(/[A-Za-z]/);
      expect(text, `ky ${key}`).not.toMatch(/[ҳҷқғӣӯ]/i);
    }
  });
});
