import { describe, expect, it } from 'vitest';
import { catalogues, errorKey, LANGUAGES, translate } from './i18n.ts';
import { ru } from './ru.ts';

describe("the payer app's catalogues", () => {
  it('every language says every line, keeping the placeholders of the Russian', () => {
    for (const language of LANGUAGES) {
      for (const [key, source] of Object.entries(ru)) {
        const line = catalogues[language][key as keyof typeof ru];
        const places = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(places(line), `${language} ${key}`).toEqual(places(source));
        if (key !== 'review.note') expect(line.trim(), `${language} ${key}`).not.toBe('');
      }
    }
  });

  it('the drafts say they await review; Russian and English do not', () => {
    expect(ru['review.note']).toBe('');
    expect(catalogues.en['review.note']).toBe('');
    for (const draft of ['uz', 'tg', 'ky'] as const) {
      expect(catalogues[draft]['review.note']).not.toBe('');
    }
  });

  it('Uzbek uses ʻ (U+02BB) in oʻ and gʻ; Tajik and Kyrgyz only their own letters', () => {
    for (const line of Object.values(catalogues.uz)) {
      expect(line, line).not.toMatch(/[og]['’‘`]/i);
    }
    for (const line of Object.values(catalogues.tg)) expect(line, line).not.toMatch(/[ңөүі]/i);
    for (const line of Object.values(catalogues.ky)) expect(line, line).not.toMatch(/[ҳҷӣӯқғ]/i);
  });

  it('fills placeholders and maps server errors, unknown ones to the generic line', () => {
    expect(translate('ru', 'home.hello', { name: 'Анна' })).toBe('Здравствуйте, Анна');
    expect(errorKey('weak-password:too-short')).toBe('error.weak-password');
    expect(errorKey('something-new')).toBe('error.generic');
  });
});
