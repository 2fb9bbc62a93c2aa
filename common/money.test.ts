import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  commissionKopecks,
  formatRublesPlain,
  type Kopecks,
  kopecks,
  rubles,
  subtractKopecks,
  sumKopecks,
} from './money.ts';

/** Banknotes the kiosk takes, in rubles. */
const NOTE_RUBLES = [10, 50, 100, 200, 500, 1_000, 2_000, 5_000] as const;

/** Cash a session accepts: a pile of notes, or any kopeck amount (a top-up, a recovered sum). */
const acceptedKopecks: fc.Arbitrary<Kopecks> = fc.oneof(
  fc
    .array(fc.constantFrom(...NOTE_RUBLES), { maxLength: 40 })
    .map((notes) => sumKopecks(notes.map(rubles))),
  fc.integer({ min: 0, max: 60_000_000 }).map(kopecks),
);
/** Any rate the payment contract allows (0–100 %) and any minimum an operator may set. */
const rateBasisPoints = fc.integer({ min: 0, max: 10_000 });
const minimumKopecks = fc.integer({ min: 0, max: 100_000 }).map(kopecks);

/**
 * The commission rule written out independently, in exact integers: the rate rounded half up to
 * a kopeck, at least the minimum, never more than what was accepted, nothing on nothing.
 */
function referenceCommission(accepted: number, rate: number, minimum: number): number {
  if (accepted === 0) return 0;
  const product = BigInt(accepted) * BigInt(rate);
  const whole = product / 10_000n;
  const roundsUp = (product % 10_000n) * 2n >= 10_000n;
  const proportional = Number(roundsUp ? whole + 1n : whole);
  return Math.min(Math.max(proportional, minimum), accepted);
}

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

  it('splits every accepted amount into credited + commission, whole non-negative kopecks', () => {
    fc.assert(
      fc.property(acceptedKopecks, rateBasisPoints, minimumKopecks, (accepted, rate, minimum) => {
        const commission = commissionKopecks(accepted, rate, minimum);
        // The same split the deposit view and the journal make.
        const credited = subtractKopecks(accepted, commission);
        for (const part of [commission, credited]) {
          expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
        }
        expect(credited + commission).toBe(accepted);
        expect(commission).toBe(referenceCommission(accepted, rate, minimum));
      }),
    );
  });

  it('never credits less when more cash is accepted', () => {
    fc.assert(
      fc.property(
        acceptedKopecks,
        fc.integer({ min: 1, max: 500_000 }),
        rateBasisPoints,
        minimumKopecks,
        (accepted, extra, rate, minimum) => {
          const more = kopecks(accepted + extra);
          const credited = accepted - commissionKopecks(accepted, rate, minimum);
          const creditedMore = more - commissionKopecks(more, rate, minimum);
          expect(creditedMore).toBeGreaterThanOrEqual(credited);
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
