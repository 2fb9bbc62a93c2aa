import { assert } from '../../../common/assert.ts';
import type { Language } from '../../../common/contract.ts';
import {
  formatKopecks,
  KOPECKS_PER_RUBLE,
  type Kopecks,
  kopecks,
  type MoneyStyle,
  plainStyle,
} from '../../../common/money.ts';

/**
 * The renderer's money: every amount on a screen is written by common/money.ts `formatKopecks`
 * in one of the styles below, and every amount an operator types is read by `parseRubles`.
 *
 * Numbers are written the same way in Russian, Uzbek, Tajik and Kyrgyz (a non-breaking space
 * between groups, a comma before kopecks); English groups with commas. The styles are written
 * out rather than asked of Intl: Chromium builds ship no number data for uz, tg and ky.
 */
const payerStyle: Record<Language, MoneyStyle> = {
  ru: { group: '\u00a0', decimal: ',', kopecks: 'when-any' },
  en: { group: ',', decimal: '.', kopecks: 'when-any' },
  uz: { group: '\u00a0', decimal: ',', kopecks: 'when-any' },
  tg: { group: '\u00a0', decimal: ',', kopecks: 'when-any' },
  ky: { group: '\u00a0', decimal: ',', kopecks: 'when-any' },
};

/** Kopecks are shown only when there are some: «15 000», «150,50». */
export function formatAmount(value: number, language: Language): string {
  return formatKopecks(value, payerStyle[language]);
}

/** Amount with the ruble sign, which stays after the number in every kiosk language. */
export function formatRubles(value: number, language: Language): string {
  return `${formatAmount(value, language)}\u00a0₽`;
}

/** Operator screens (Russian, as on the printed reports): «1 500,00 ₽», kopecks always. */
export function formatOperatorRubles(value: number): string {
  return `${formatKopecks(value, plainStyle)} ₽`;
}

/** An amount put into a field for the operator to edit: «15000», «150,50» (reads back as is). */
export function formatRublesForInput(value: number): string {
  return formatKopecks(value, { group: '', decimal: ',', kopecks: 'when-any' });
}

/** Basis points as a percentage without floats: 150 → «1,5», 200 → «2». */
export function formatBasisPoints(basisPoints: number, language: Language): string {
  assert(Number.isSafeInteger(basisPoints) && basisPoints >= 0, 'formatBasisPoints: integer');
  const fraction = basisPoints % 100;
  const whole = (basisPoints - fraction) / 100;
  if (fraction === 0) return String(whole);
  const digits = String(fraction).padStart(2, '0').replace(/0$/, '');
  return `${whole}${payerStyle[language].decimal}${digits}`;
}

/** The most an operator types: nine digits of whole rubles (far above any kiosk limit). */
export const TYPED_RUBLES_DIGITS_MAX = 9;

const typedAmount = new RegExp(
  String.raw`^(\d{1,${TYPED_RUBLES_DIGITS_MAX}}|\d{1,3}(?:[ \u00a0\u202f]\d{3}){1,2})` +
    String.raw`(?:[,.](\d{1,2}))?(?:\s*₽)?$`,
);

/**
 * Rubles as an operator types them → integer kopecks, or null when it is not an amount:
 * «1500», «1 500», «1500,5», «1500.50», «1 500,00 ₽». Groups of three only, at most two digits
 * of kopecks; no sign, exponent or other characters. Integer arithmetic: no float is made.
 */
export function parseRubles(text: string): Kopecks | null {
  const match = typedAmount.exec(text.trim());
  if (match === null) return null;
  const whole = Number((match[1] ?? '').replace(/\D/g, ''));
  const part = Number((match[2] ?? '').padEnd(2, '0'));
  return kopecks(whole * KOPECKS_PER_RUBLE + part);
}
