import { describe, expect, it } from 'vitest';
import { LanguageSchema } from '../../../common/contract.ts';
import {
  firstLayout,
  type KeyboardLayout,
  type KeyboardMode,
  keyboardRows,
  ROW_KEYS_MAX,
} from './layout.ts';

const languages = LanguageSchema.options;
const modes: KeyboardMode[] = ['name', 'search', 'text'];
const layouts: KeyboardLayout[] = ['cyrillic', 'latin'];
const keys = (mode: KeyboardMode, layout: KeyboardLayout, language = 'ru' as const) =>
  keyboardRows(mode, layout, language).flat().join('');

describe('the on-screen keyboard', () => {
  it('has ЙЦУКЕН with Ё and a hyphen, and QWERTY, for names in capitals', () => {
    expect(keys('name', 'cyrillic')).toBe('ЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮЁ-');
    expect(keys('name', 'latin')).toBe('QWERTYUIOPASDFGHJKLZXCVBNM-');
    expect(keys('name', 'cyrillic')).not.toMatch(/\d/);
  });

  it('has digits for a facility search («ИК-2»)', () => {
    expect(keys('search', 'cyrillic')).toMatch(/^1234567890ЙЦУКЕН/);
  });

  it('has digits, e-mail marks and the punctuation a letter needs in every text layout', () => {
    for (const layout of layouts) {
      for (const mark of ',!?.-1234567890') expect(keys('text', layout)).toContain(mark);
    }
    expect(keys('text', 'latin')).toContain('@');
  });

  it('adds the letters of the visitor language that Russian and Latin lack', () => {
    for (const letter of 'ғӣқӯҳҷ') {
      expect(keyboardRows('text', 'cyrillic', 'tg').flat()).toContain(letter);
    }
    for (const letter of 'ңөү') {
      expect(keyboardRows('text', 'cyrillic', 'ky').flat()).toContain(letter);
    }
    expect(keyboardRows('text', 'latin', 'uz').flat()).toContain('ʻ');
    expect(keys('text', 'cyrillic')).not.toMatch(/[ғӣқӯҳҷңөү]/u);
    // Each on its own alphabet: no Tajik letters among the Latin keys.
    expect(keyboardRows('text', 'latin', 'tg').flat().join('')).not.toMatch(/[ғӣқӯҳҷ]/u);
  });

  it('opens names in Cyrillic, and text in the layout of the visitor language', () => {
    expect(firstLayout('name', 'uz')).toBe('cyrillic');
    expect(firstLayout('text', 'uz')).toBe('latin');
    expect(firstLayout('text', 'tg')).toBe('cyrillic');
  });

  it('has no key twice, and no row wider than the width keeps keys ≥ 72 px for', () => {
    for (const language of languages) {
      for (const mode of modes) {
        for (const layout of layouts) {
          const rows = keyboardRows(mode, layout, language);
          const all = rows.flat();
          expect(new Set(all).size, `${mode}/${layout}/${language}`).toBe(all.length);
          for (const row of rows) expect(row.length).toBeLessThanOrEqual(ROW_KEYS_MAX);
        }
      }
    }
  });
});
