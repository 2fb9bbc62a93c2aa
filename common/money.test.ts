import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commissionKopecks, formatRublesPlain, kopecks, sumKopecks } from './money.ts';

describe('money', () => {
  it('rejects floats and negatives', () => {
    expect(() => kopecks(1.5)).toThrow(/integer/);
    expect(() => kopecks(-1)).toThrow(/negative/);
  });

  it('sum of parts equals the total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000_000 }), { maxLength: 200 }),
        (parts) => {
          const total = parts.reduce((a, b) => a + b, 0);
          expect(sumKopecks(parts.map(kopecks))).toBe(total);
        },
      ),
    );
  });

  it('commission never exceeds the amount and credited + commission = accepted', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (amount, rate, minimum) => {
          const fee = commissionKopecks(kopecks(amount), rate, kopecks(minimum));
          expect(fee).toBeLessThanOrEqual(amount);
          expect(Number.isSafeInteger(fee)).toBe(true);
          expect(amount - fee + fee).toBe(amount);
        },
      ),
    );
  });

  it('rounds commission half up to a kopeck', () => {
    // 3 % of 1 000,50 руб. = 30,015 руб. → 30,02 руб.
    expect(commissionKopecks(kopecks(100_050), 300, kopecks(0))).toBe(3_002);
    expect(commissionKopecks(kopecks(10_000), 300, kopecks(5_000))).toBe(5_000);
  });

  it('formats kopecks for receipts', () => {
    expect(formatRublesPlain(kopecks(1_500_000))).toBe('15 000,00');
    expect(formatRublesPlain(kopecks(5))).toBe('0,05');
  });
});
