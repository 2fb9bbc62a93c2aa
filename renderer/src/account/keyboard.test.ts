import { describe, expect, it } from 'vitest';
import { keyboardRows } from './account-ui.tsx';

const keys = (layout: 'ru' | 'en', language: 'ru' | 'en' | 'uz' | 'tg' | 'ky') =>
  keyboardRows(layout, language).join('');

describe('the account keyboard', () => {
  it('has the punctuation a letter needs in every layout', () => {
    for (const layout of ['ru', 'en'] as const) {
      for (const mark of [',', '!', '?', '.', '-']) expect(keys(layout, 'ru')).toContain(mark);
    }
  });

  it('adds the letters of the visitor language that Russian and Latin lack', () => {
    for (const letter of 'ғӣқӯҳҷ') expect(keys('ru', 'tg')).toContain(letter);
    for (const letter of 'ңөү') expect(keys('ru', 'ky')).toContain(letter);
    expect(keys('en', 'uz')).toContain('ʻ');
    expect(keys('ru', 'ru')).not.toMatch(/[ғӣқӯҳҷңөү]/u);
    // Each on its own alphabet: no Tajik letters among the Latin keys.
    expect(keys('en', 'tg')).not.toMatch(/[ғӣқӯҳҷ]/u);
  });

  it('has no key twice in a layout', () => {
    for (const language of ['ru', 'en', 'uz', 'tg', 'ky'] as const) {
      for (const layout of ['ru', 'en'] as const) {
        const all = [...keys(layout, language)];
        expect(new Set(all).size, `${layout}/${language}`).toBe(all.length);
      }
    }
  });
});
