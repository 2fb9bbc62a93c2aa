import type { Language } from '../../../common/contract.ts';
import { en } from './catalogues/en.ts';
import { ky } from './catalogues/ky.ts';
import { type Catalogue, type MessageKey, ru } from './catalogues/ru.ts';
import { tg } from './catalogues/tg.ts';
import { uz } from './catalogues/uz.ts';
import { selectPlural } from './plural.ts';

export type { MessageKey } from './catalogues/ru.ts';

export const catalogues: Record<Language, Catalogue> = { ru, en, uz, tg, ky };

/** Each language is offered in its own name and script: a visitor looks for their language. */
export const languageNames: Record<Language, string> = {
  ru: 'Русский',
  en: 'English',
  uz: 'Oʻzbekcha',
  tg: 'Тоҷикӣ',
  ky: 'Кыргызча',
};

export const defaultLanguage: Language = 'ru';

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** `{name}` placeholders; a plural message needs `count` in params. Unknown names stay visible. */
export function translate(language: Language, key: MessageKey, params: Params = {}): string {
  const message = catalogues[language][key];
  const count = params.count;
  const text =
    typeof message === 'string'
      ? message
      : selectPlural(message, language, typeof count === 'number' ? count : 0);
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** A catalogue key for a code from main (rejection reason, crediting time), with a fallback. */
export function keyFor(prefix: string, code: string | null, fallback: MessageKey): MessageKey {
  const key = `${prefix}.${code ?? ''}`;
  return Object.hasOwn(ru, key) ? (key as MessageKey) : fallback;
}
