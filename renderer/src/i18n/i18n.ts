import type { Language } from '../../../common/contract.ts';
import { accountEn } from './catalogues/account-en.ts';
import { accountKy } from './catalogues/account-ky.ts';
import { accountRu } from './catalogues/account-ru.ts';
import { accountTg } from './catalogues/account-tg.ts';
import { accountUz } from './catalogues/account-uz.ts';
import { en } from './catalogues/en.ts';
import { fiscalEn } from './catalogues/fiscal-en.ts';
import { fiscalKy } from './catalogues/fiscal-ky.ts';
import { fiscalRu } from './catalogues/fiscal-ru.ts';
import { fiscalTg } from './catalogues/fiscal-tg.ts';
import { fiscalUz } from './catalogues/fiscal-uz.ts';
import { ky } from './catalogues/ky.ts';
import { ru } from './catalogues/ru.ts';
import { tg } from './catalogues/tg.ts';
import { uz } from './catalogues/uz.ts';
import { type Message, selectPlural } from './plural.ts';

/**
 * One catalogue per language for every payer-facing screen: the payment journey (ru.ts, …), the
 * account area (account-ru.ts, …) and the fiscal receipt (fiscal-ru.ts, …) are written in
 * separate files and merged here.
 */
export const reference = { ...ru, ...accountRu, ...fiscalRu };
export type MessageKey = keyof typeof reference;
export type Catalogue = Record<MessageKey, Message>;

export const catalogues: Record<Language, Catalogue> = {
  ru: reference,
  en: { ...en, ...accountEn, ...fiscalEn },
  uz: { ...uz, ...accountUz, ...fiscalUz },
  tg: { ...tg, ...accountTg, ...fiscalTg },
  ky: { ...ky, ...accountKy, ...fiscalKy },
};

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
  return formatMessage(catalogues[language][key], language, params);
}

/**
 * One message of any catalogue (payer or operator, i18n/operator.ts) in its language: the plural
 * form chosen by `count`, the placeholders filled.
 */
export function formatMessage(message: Message, language: Language, params: Params = {}): string {
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
  return Object.hasOwn(reference, key) ? (key as MessageKey) : fallback;
}
