import { assert } from '../../../common/assert.ts';
import { isKopecks, KOPECKS_PER_RUBLE } from '../../../common/money.ts';
import type { Language } from '../../../common/contract.ts';

/** BCP 47 tags for Intl: Uzbek is written in Latin script on the kiosk. */
export const intlLocale: Record<Language, string> = {
  ru: 'ru-RU',
  en: 'en-GB',
  uz: 'uz-Latn-UZ',
  tg: 'tg-TJ',
  ky: 'ky-KG',
};

/**
 * Numbers are written the same way in Russian, Uzbek, Tajik and Kyrgyz (non-breaking space
 * between groups, comma before kopecks), and Chromium builds ship no number data for uz, tg
 * and ky (they come out as «1,500,000»). So those languages group numbers as Russian does:
 * the same digits on every runtime, and what Node's full ICU prints for them anyway.
 */
const numberLocale: Record<Language, string> = {
  ru: 'ru-RU',
  en: 'en-GB',
  uz: 'ru-RU',
  tg: 'ru-RU',
  ky: 'ru-RU',
};

const groupers = new Map<Language, Intl.NumberFormat>();
const separators = new Map<Language, string>();

function grouper(language: Language): Intl.NumberFormat {
  let format = groupers.get(language);
  if (!format) {
    format = new Intl.NumberFormat(numberLocale[language], {
      maximumFractionDigits: 0,
      useGrouping: true,
    });
    groupers.set(language, format);
  }
  return format;
}

/** The locale's decimal separator, read once from Intl (',' in ru, '.' in en). */
function decimalSeparator(language: Language): string {
  let separator = separators.get(language);
  if (separator === undefined) {
    const parts = new Intl.NumberFormat(numberLocale[language]).formatToParts(1.5);
    separator = parts.find((part) => part.type === 'decimal')?.value ?? ',';
    separators.set(language, separator);
  }
  return separator;
}

/**
 * Whole rubles and kopecks by integer arithmetic; Intl only groups the whole part (an integer,
 * so it is exact). Kopecks are shown only when there are some: «15 000 ₽», «150,50 ₽».
 */
export function formatAmount(value: number, language: Language): string {
  assert(isKopecks(value), `formatAmount: not kopecks: ${value}`);
  const part = value % KOPECKS_PER_RUBLE;
  const whole = (value - part) / KOPECKS_PER_RUBLE;
  const grouped = grouper(language).format(whole);
  if (part === 0) return grouped;
  return `${grouped}${decimalSeparator(language)}${String(part).padStart(2, '0')}`;
}

/** Amount with the ruble sign, which stays after the number in every kiosk language. */
export function formatRubles(value: number, language: Language): string {
  return `${formatAmount(value, language)}\u00a0₽`;
}

/** Basis points as a percentage without floats: 150 → «1,5», 200 → «2». */
export function formatBasisPoints(basisPoints: number, language: Language): string {
  assert(Number.isSafeInteger(basisPoints) && basisPoints >= 0, 'formatBasisPoints: integer');
  const fraction = basisPoints % 100;
  const whole = (basisPoints - fraction) / 100;
  if (fraction === 0) return String(whole);
  const digits = String(fraction).padStart(2, '0').replace(/0$/, '');
  return `${whole}${decimalSeparator(language)}${digits}`;
}
