import type { Language } from '../../../common/contract.ts';

/** A message with plural forms, chosen by Intl.PluralRules; `other` is always present. */
export type PluralMessage = {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
};
export type Message = string | PluralMessage;

/** BCP 47 tags for Intl: Uzbek is written in Latin script on the kiosk. */
export const intlLocale: Record<Language, string> = {
  ru: 'ru-RU',
  en: 'en-GB',
  uz: 'uz-Latn-UZ',
  tg: 'tg-TJ',
  ky: 'ky-KG',
};

const rules = new Map<Language, Intl.PluralRules | null>();

/**
 * Some ICU builds have no plural data for Tajik (Node 20 does not): then `other` is used, which
 * is right for Tajik, Uzbek and Kyrgyz anyway — a noun after a numeral stays singular.
 */
export function pluralCategory(language: Language, count: number): Intl.LDMLPluralRule {
  let rule = rules.get(language);
  if (rule === undefined) {
    const locale = intlLocale[language];
    rule =
      Intl.PluralRules.supportedLocalesOf([locale]).length > 0
        ? new Intl.PluralRules(locale)
        : null;
    rules.set(language, rule);
  }
  return rule === null ? 'other' : rule.select(count);
}

export function selectPlural(message: PluralMessage, language: Language, count: number): string {
  return message[pluralCategory(language, count)] ?? message.other;
}
