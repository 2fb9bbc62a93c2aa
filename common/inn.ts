/**
 * ИНН, the taxpayer number of the payment agent printed on every receipt: 10 digits for a legal
 * entity, 12 for an individual entrepreneur, the last one or two being check digits (a weighted
 * sum mod 11 mod 10), so a mistyped digit is caught at the wizard and not by the tax office.
 */
import { assert } from './assert.ts';

const WEIGHTS_10 = [2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const WEIGHTS_12_FIRST = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;
const WEIGHTS_12_SECOND = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8] as const;

function checkDigit(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < weights.length; index += 1) {
    sum += (weights[index] ?? 0) * (digits[index] ?? 0);
  }
  return (sum % 11) % 10;
}

export function isValidInn(inn: string): boolean {
  if (!/^\d{10}$|^\d{12}$/.test(inn)) return false;
  const digits = [...inn].map(Number);
  if (digits.length === 10) return checkDigit(digits, WEIGHTS_10) === digits[9];
  return (
    checkDigit(digits, WEIGHTS_12_FIRST) === digits[10] &&
    checkDigit(digits, WEIGHTS_12_SECOND) === digits[11]
  );
}

/** A legal entity's 10-digit ИНН from its first nine digits (demo data needs valid ones). */
export function innWithCheckDigit(nineDigits: string): string {
  assert(/^\d{9}$/.test(nineDigits), 'inn: nine digits expected');
  return `${nineDigits}${checkDigit([...nineDigits].map(Number), WEIGHTS_10)}`;
}
