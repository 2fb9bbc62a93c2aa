import { describe, expect, it } from 'vitest';
import { fiscalUnavailableReasons, type Language } from '../../../common/contract.ts';
import { type FiscalKey, fiscalRu } from './catalogues/fiscal-ru.ts';
import { catalogues, type MessageKey } from './i18n.ts';

/**
 * The fiscal receipt's words: a text for every reason a fiscal terminal refuses cash, in every
 * payer language, translated (not the Russian copied) and in the language's own alphabet.
 */
const others = ['en', 'uz', 'tg', 'ky'] as const satisfies readonly Language[];
const keys = Object.keys(fiscalRu) as FiscalKey[];
const text = (language: Language, key: MessageKey) => String(catalogues[language][key]);

describe('fiscal words', () => {
  it('every fiscal unavailable reason has its status text in all five languages', () => {
    for (const reason of fiscalUnavailableReasons) {
      const key = `status.${reason}` as MessageKey;
      for (const language of ['ru', ...others] as const) {
        expect(Object.hasOwn(catalogues[language], key), `${language} ${key}`).toBe(true);
        expect(text(language, key).trim(), `${language} ${key}`).not.toBe('');
      }
    }
  });

  it('no translation is the Russian copied, but the receipt abbreviations in Cyrillic', () => {
    // ФД, ФП and ФН are what the paper receipt prints: Tajik and Kyrgyz readers see the same.
    const sameAsRussian = (language: Language, key: FiscalKey) =>
      (language === 'tg' || language === 'ky') && key === 'success.fiscal.requisites';
    for (const language of others) {
      for (const key of keys) {
        const expectation = expect(text(language, key), `${language} ${key}`);
        if (sameAsRussian(language, key)) expectation.toBe(fiscalRu[key]);
        else expectation.not.toBe(fiscalRu[key]);
      }
    }
  });

  it('Uzbek is Latin with U+02BB; Tajik and Kyrgyz use only their own Cyrillic letters', () => {
    const words = (value: string) => value.replace(/\{\w+\}/g, '');
    for (const key of keys) {
      expect(text('uz', key), key).not.toMatch(/[\u0400-\u04ff'‘’`]/);
      expect(words(text('tg', key)), key).not.toMatch(/[A-Za-zөүң]/i);
      expect(words(text('ky', key)), key).not.toMatch(/[A-Za-zҳҷқғӣӯ]/i);
    }
  });
});
