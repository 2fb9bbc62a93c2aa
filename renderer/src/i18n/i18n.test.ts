import { describe, expect, it } from 'vitest';
import { LanguageSchema } from '../../../common/contract.ts';
import { catalogues, keyFor, languageNames, translate } from './i18n.ts';
import { operatorCatalogues, translateOperator } from './operator.ts';
import type { Message } from './plural.ts';
import { pluralCategory } from './plural.ts';

const placeholders = (message: Message) => {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return [
    ...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))),
  ].sort();
};

/** The payer catalogue (five languages) and the operator catalogue (Russian, English). */
const allCatalogues: [string, Record<string, Record<string, Message>>][] = [
  ['payer', catalogues],
  ['operator', operatorCatalogues],
];

describe('catalogues', () => {
  it('every language has every key with the same placeholders as Russian', () => {
    for (const [name, byLanguage] of allCatalogues) {
      const reference = byLanguage.ru ?? {};
      for (const [language, catalogue] of Object.entries(byLanguage)) {
        const where = `${name} ${language}`;
        expect(Object.keys(catalogue).sort(), where).toEqual(Object.keys(reference).sort());
        for (const [key, message] of Object.entries(reference)) {
          const translated = catalogue[key] ?? '';
          expect(placeholders(translated), `${where} ${key}`).toEqual(placeholders(message));
          expect(typeof translated === 'string', `${where} ${key} plural`).toBe(
            typeof message === 'string',
          );
        }
      }
    }
  });

  it('the payer catalogue has all five kiosk languages, the operator one Russian and English', () => {
    expect(Object.keys(catalogues).sort()).toEqual([...LanguageSchema.options].sort());
    expect(Object.keys(operatorCatalogues).sort()).toEqual(['en', 'ru']);
  });

  it('Russian plural messages have every Russian plural form', () => {
    for (const [name, byLanguage] of allCatalogues) {
      for (const [key, message] of Object.entries(byLanguage.ru ?? {})) {
        if (typeof message === 'string') continue;
        for (const form of ['one', 'few', 'many', 'other'] as const) {
          expect(message[form], `${name} ${key}.${form}`).toBeTruthy();
        }
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

  it('counts operator banknotes and files by the same plural rules', () => {
    const notes = (count: number) => translateOperator('ru', 'count.notes', { count });
    expect([1, 2, 5, 21, 11].map(notes)).toEqual([
      '1 купюра',
      '2 купюры',
      '5 купюр',
      '21 купюра',
      '11 купюр',
    ]);
    expect(translateOperator('ru', 'count.files', { count: 3 })).toBe('3 файла');
    expect(translateOperator('en', 'count.notes', { count: 1 })).toBe('1 banknote');
    expect(translateOperator('en', 'count.notes', { count: 2 })).toBe('2 banknotes');
  });

  it('fills operator placeholders, nested counts included', () => {
    const files = translateOperator('ru', 'count.files', { count: 7 });
    expect(translateOperator('ru', 'svc.logs.exported', { folder: '/media/usb/k1', files })).toBe(
      'Выгружено в /media/usb/k1: 7 файлов.',
    );
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('ru', 'home.terminal', { id: '77010042' })).toBe('Терминал № 77010042');
    expect(translate('ru', 'home.terminal')).toBe('Терминал № {id}');
  });

  it('falls back to `other` where ICU has no plural rules (Tajik on some builds)', () => {
    expect(['one', 'other']).toContain(pluralCategory('tg', 1));
    expect(translate('tg', 'deposit.notes', { count: 1 })).toBe('1 купюра');
  });

  it('maps codes from main to catalogue keys with a fallback', () => {
    expect(keyFor('reject', 'over-limit', 'reject.other')).toBe('reject.over-limit');
    expect(keyFor('reject', 'laser-sensor-dirty', 'reject.other')).toBe('reject.other');
    expect(keyFor('crediting', null, 'crediting.other')).toBe('crediting.other');
  });
});
