/**
 * The app's five languages. Russian is the source; English is the authors'; Uzbek, Tajik and
 * Kyrgyz are drafts no native speaker has reviewed yet (each says so on screen, review.note).
 */
import { createContext, useContext } from 'react';
import { en } from './en.ts';
import { ky } from './ky.ts';
import { type MessageKey, ru } from './ru.ts';
import { tg } from './tg.ts';
import { uz } from './uz.ts';

export type Language = 'ru' | 'en' | 'uz' | 'tg' | 'ky';
export type { MessageKey };

export const LANGUAGES: readonly Language[] = ['ru', 'en', 'uz', 'tg', 'ky'];

export const catalogues: Record<Language, Record<MessageKey, string>> = { ru, en, uz, tg, ky };

/** Each language in its own name: a visitor looks for their own. */
export const languageNames: Record<Language, string> = {
  ru: 'Русский',
  en: 'English',
  uz: 'Oʻzbekcha',
  tg: 'Тоҷикӣ',
  ky: 'Кыргызча',
};

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  return catalogues[language][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** A key for a server error code, when the catalogue has one. */
export function errorKey(code: string): MessageKey {
  const base = code.split(':')[0] ?? code;
  const key = `error.${base}`;
  return Object.hasOwn(ru, key) ? (key as MessageKey) : 'error.generic';
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export const I18nContext = createContext<{ language: Language; t: Translate }>({
  language: 'ru',
  t: (key, params) => translate('ru', key, params),
});

export const useT = () => useContext(I18nContext);
