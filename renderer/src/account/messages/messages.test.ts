import { describe, expect, it } from 'vitest';
import { type AccountMessageKey, translateAccount } from '../account-messages.ts';
import { en } from './en.ts';
import { ky } from './ky.ts';
import { tg } from './tg.ts';
import { uz } from './uz.ts';

const languages = { en, uz, tg, ky } as const;

/**
 * Keys where the same text as Russian is the right translation (Kyrgyz writes «сумма» and
 * «профиль» as Russian does). Everything else equal to Russian is a copy nobody translated.
 */
const sameAsRussian: Record<keyof typeof languages, readonly AccountMessageKey[]> = {
  en: [],
  uz: [],
  tg: [],
  ky: ['acc.amount', 'acc.profile'],
};

/**
 * The keys of `ru`, read from the source: account-messages.ts does not export `ru`, and
 * renderer/ may not import node:fs, so the text comes in through Vite's `?raw` import.
 */
async function russianKeys(): Promise<AccountMessageKey[]> {
  const specifier = '../account-messages.ts?raw';
  const source = String(((await import(specifier)) as { default: unknown }).default);
  const start = source.indexOf('const ru = {');
  const end = source.indexOf('} as const;', start);
  expect(start, 'account-messages.ts declares `const ru = {`').toBeGreaterThanOrEqual(0);
  expect(end, '`ru` ends with `} as const;`').toBeGreaterThan(start);
  const block = source.slice(start, end);
  return [...block.matchAll(/^\s*'(acc\.[^']+)':/gm)].map((m) => m[1] as AccountMessageKey);
}

const placeholders = (text: string) =>
  [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

/** The words of a text without its {placeholders} and the SMS abbreviation kept in Latin. */
const words = (text: string) => text.replace(/\{\w+\}/g, '').replace(/\bSMS\b/g, '');

describe('account messages', () => {
  it('reads the Russian keys (and each one translates in Russian)', async () => {
    const keys = await russianKeys();
    expect(keys.length).toBeGreaterThan(80);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(translateAccount('ru', key), key).not.toBe('');
  });

  it('every language has exactly the keys of Russian', async () => {
    const keys = (await russianKeys()).sort();
    for (const [language, messages] of Object.entries(languages)) {
      expect(Object.keys(messages).sort(), language).toEqual(keys);
    }
  });

  it('no text is empty and each keeps the Russian {placeholders}', async () => {
    for (const key of await russianKeys()) {
      const russian = translateAccount('ru', key);
      for (const [language, messages] of Object.entries(languages)) {
        const text = messages[key];
        expect(text.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(russian));
      }
    }
  });

  it('no text is the Russian copied, except the listed keys', async () => {
    for (const key of await russianKeys()) {
      const russian = translateAccount('ru', key);
      for (const [language, messages] of Object.entries(languages)) {
        const allowed = sameAsRussian[language as keyof typeof languages].includes(key);
        if (!allowed) expect(messages[key], `${language} ${key}`).not.toBe(russian);
      }
    }
    // The allow-list holds only keys that really are the same, so it cannot hide a new copy.
    for (const [language, keys] of Object.entries(sameAsRussian)) {
      for (const key of keys) {
        const messages = languages[language as keyof typeof languages];
        expect(messages[key], `${language} ${key}`).toBe(translateAccount('ru', key));
      }
    }
  });

  it('Uzbek is Latin with oʻ and gʻ written with U+02BB, not apostrophes', () => {
    for (const [key, text] of Object.entries(uz)) {
      expect(text, key).not.toMatch(/[\u0400-\u04ff]/);
      expect(text, key).not.toMatch(/['‘’`]/);
    }
    expect(uz['acc.track']).toContain('O\u02bbtkazma');
  });

  it('Tajik and Kyrgyz are Cyrillic, each with its own letters only', () => {
    for (const [key, text] of Object.entries(tg)) {
      expect(words(text), `tg ${key}`).not.toMatch(/[A-Za-z]/);
      expect(text, `tg ${key}`).not.toMatch(/[өүң]/i);
    }
    for (const [key, text] of Object.entries(ky)) {
      expect(words(text), `ky ${key}`).not.toMatch(/[A-Za-z]/);
      expect(text, `ky ${key}`).not.toMatch(/[ҳҷқғӣӯ]/i);
    }
  });
});
