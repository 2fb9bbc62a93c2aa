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

/** "1 234,50 руб." style without Intl, for receipts (CP866 has no ₽ sign). */
export function formatRublesPlain(value: Kopecks): string {
  const whole = Math.floor(value / KOPECKS_PER_RUBLE);
  const part = value % KOPECKS_PER_RUBLE;
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${grouped},${String(part).padStart(2, '0')}`;
}
