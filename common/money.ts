import { assert } from './assert.ts';

/** Money is integer kopecks everywhere. Never a float, never rubles in a variable. */
export type Kopecks = number & { readonly __brand: 'Kopecks' };

export const KOPECKS_PER_RUBLE = 100;

export function kopecks(value: number): Kopecks {
  assert(Number.isSafeInteger(value), `kopecks: not an integer: ${value}`);
  assert(value >= 0, `kopecks: negative: ${value}`);
  return value as Kopecks;
}

export function isKopecks(value: unknown): value is Kopecks {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function rubles(wholeRubles: number): Kopecks {
  assert(Number.isSafeInteger(wholeRubles), `rubles: not an integer: ${wholeRubles}`);
  return kopecks(wholeRubles * KOPECKS_PER_RUBLE);
}

export function addKopecks(a: Kopecks, b: Kopecks): Kopecks {
  return kopecks(a + b);
}

export function subtractKopecks(a: Kopecks, b: Kopecks): Kopecks {
  assert(a >= b, `subtractKopecks: ${a} < ${b}`);
  return kopecks(a - b);
}

export function sumKopecks(values: readonly Kopecks[]): Kopecks {
  let total = 0;
  for (const value of values) total += value;
  return kopecks(total);
}

/**
 * Commission in basis points (1 bp = 0.01 %) with a minimum, rounded half up to a kopeck.
 * Integer arithmetic only: amount * bp fits easily in a safe integer for any kiosk amount.
 */
export function commissionKopecks(
  amountKopecks: Kopecks,
  rateBasisPoints: number,
  minimumKopecks: Kopecks,
): Kopecks {
  assert(Number.isSafeInteger(rateBasisPoints) && rateBasisPoints >= 0, 'commission: rate');
  assert(rateBasisPoints <= 10_000, 'commission: rate above 100 %');
  if (amountKopecks === 0) return kopecks(0);
  const proportional = Math.floor((amountKopecks * rateBasisPoints + 5_000) / 10_000);
  const fee = Math.max(proportional, minimumKopecks);
  return kopecks(Math.min(fee, amountKopecks));
}

/**
 * How an amount is written: the separator between groups of three digits, the one before the
 * kopecks, and whether «,00» is shown. The receipt, the operator's screens and each payer
 * language are styles of the one formatter below.
 */
export type MoneyStyle = {
  readonly group: string;
  readonly decimal: string;
  readonly kopecks: 'always' | 'when-any';
};

/** Whole rubles and kopecks by integer arithmetic (no float division, no Intl). */
export function formatKopecks(value: number, style: MoneyStyle): string {
  assert(isKopecks(value), `formatKopecks: not kopecks: ${value}`);
  const part = value % KOPECKS_PER_RUBLE;
  const whole = (value - part) / KOPECKS_PER_RUBLE;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, style.group);
  if (part === 0 && style.kopecks === 'when-any') return grouped;
  return `${grouped}${style.decimal}${String(part).padStart(2, '0')}`;
}

/** "1 234,50" for receipts and SMS, with the word «руб.» after it (CP866 has no ₽ sign). */
export const plainStyle: MoneyStyle = { group: ' ', decimal: ',', kopecks: 'always' };

export function formatRublesPlain(value: Kopecks): string {
  return formatKopecks(value, plainStyle);
}
