import { describe, expect, it } from 'vitest';
import { LanguageSchema } from '../../../common/contract.ts';
import { catalogues, keyFor, languageNames, reference as ru, translate } from './i18n.ts';
import type { Message } from './plural.ts';
import { pluralCategory } from './plural.ts';

const placeholders = (message: Message) => {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [
    ...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))),
  ].sort();
};

describe('catalogues', () => {
  it('every language has every key with the same placeholders as Russian', () => {
    for (const language of LanguageSchema.options) {
      const catalogue = catalogues[language];
      expect(Object.keys(catalogue).sort(), language).toEqual(Object.keys(ru).sort());
      for (const [key, message] of Object.entries(ru)) {
        const translated = catalogue[key as keyof typeof ru];
        expect(placeholders(translated), `${language} ${key}`).toEqual(placeholders(message));
        expect(typeof translated === 'string', `${language} ${key} plural`).toBe(
          typeof message === 'string',
        );
      }
    }
  });

  it('Russian plural messages have every Russian plural form', () => {
    for (const [key, message] of Object.entries(ru)) {
      if (typeof message === 'string') continue;
      for (const form of ['one', 'few', 'many', 'other'] as const) {
        expect(message[form], `${key}.${form}`).toBeTruthy();
      }
    }
  });

  it('offers each language in its own name', () => {
    expect(languageNames).toEqual({
      ru: 'Русский',
      en: 'English',
      uz: 'Oʻzbekcha',
      tg: 'Тоҷикӣ',
      ky: 'Кыргызча',
    });
  });
});

describe('translate', () => {
  it('chooses the Russian plural form by count', () => {
    expect(translate('ru', 'deposit.notes', { count: 1 })).toBe('1 купюра');
    expect(translate('ru', 'deposit.notes', { count: 3 })).toBe('3 купюры');
    expect(translate('ru', 'deposit.notes', { count: 5 })).toBe('5 купюр');
    expect(translate('ru', 'deposit.notes', { count: 21 })).toBe('21 купюра');
    expect(translate('ru', 'deposit.notes', { count: 11 })).toBe('11 купюр');
    expect(translate('en', 'deposit.notes', { count: 1 })).toBe('1 banknote');
    expect(translate('en', 'deposit.notes', { count: 2 })).toBe('2 banknotes');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('ru', 'home.terminal', { id: '77010042' })).toBe('Терминал № 77010042');
    expect(translate('ru', 'home.terminal')).toBe('Терминал № {id}');
  });

  it('falls back to `other` where ICU has no plural rules (Tajik on some builds)', () => {
    expect(['one', 'other']).toContain(pluralCategory('tg', 1));
    expect(translate('tg', 'deposit.notes', { count: 1 })).toBe('1 пул');
  });

  it('maps codes from main to catalogue keys with a fallback', () => {
    expect(keyFor('reject', 'over-limit', 'reject.other')).toBe('reject.over-limit');
    expect(keyFor('reject', 'laser-sensor-dirty', 'reject.other')).toBe('reject.other');
    expect(keyFor('crediting', null, 'crediting.other')).toBe('crediting.other');
  });
});
