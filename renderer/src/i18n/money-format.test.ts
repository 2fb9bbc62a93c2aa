import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LanguageSchema } from '../../../common/contract.ts';
import { formatAmount, formatBasisPoints, formatRubles } from './money-format.ts';

const plain = (text: string) => text.replace(/[\u00a0\u202f\u2009]/g, ' ');
const languages = LanguageSchema.options;

describe('formatRubles', () => {
  it('groups whole rubles and hides zero kopecks in Russian', () => {
    expect(plain(formatRubles(1_500_000, 'ru'))).toBe('15 000 ₽');
    expect(plain(formatRubles(15_050, 'ru'))).toBe('150,50 ₽');
    expect(plain(formatRubles(5, 'ru'))).toBe('0,05 ₽');
    expect(plain(formatRubles(0, 'ru'))).toBe('0 ₽');
  });

  it('writes Uzbek, Tajik and Kyrgyz amounts as Russian does, whatever ICU data is present', () => {
    for (const language of ['uz', 'tg', 'ky'] as const) {
      expect(formatRubles(150_050, language)).toBe(formatRubles(150_050, 'ru'));
    }
    expect(formatAmount(150_050, 'uz')).toBe('1\u00a0500,50');
  });

  it('uses the English separators in English', () => {
    expect(formatAmount(123_456_789, 'en')).toBe('1,234,567.89');
  });

  it('keeps every kopeck for amounts beyond float-safe division', () => {
    // 2^53 - 1 kopecks: dividing by 100 as a float would round; integer split must not.
    expect(formatAmount(Number.MAX_SAFE_INTEGER, 'en')).toBe('90,071,992,547,409.91');
  });

  it('round-trips: the digits shown are exactly the kopecks given, in every language', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom(...languages),
        (value, language) => {
          // «0,05» → «005» → «5»: leading zeros come only from the whole part being 0.
          const digits = formatAmount(value, language)
            .replace(/\D/g, '')
            .replace(/^0+(?=\d)/, '');
          const expected = value % 100 === 0 ? String(value / 100) : String(value);
          expect(digits).toBe(expected);
        },
      ),
    );
  });

  it('refuses a non-integer amount as a bug', () => {
    expect(() => formatRubles(10.5, 'ru')).toThrow(/kopecks/);
    expect(() => formatRubles(-1, 'ru')).toThrow(/kopecks/);
  });
});

describe('formatBasisPoints', () => {
  it('shows basis points as a percentage without floats', () => {
    expect(formatBasisPoints(200, 'ru')).toBe('2');
    expect(formatBasisPoints(150, 'ru')).toBe('1,5');
    expect(formatBasisPoints(125, 'en')).toBe('1.25');
    expect(formatBasisPoints(5, 'ru')).toBe('0,05');
  });
});
