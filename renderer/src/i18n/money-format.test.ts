import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LanguageSchema } from '../../../common/contract.ts';
import { formatKopecks, formatRublesPlain, kopecks } from '../../../common/money.ts';
import {
  formatAmount,
  formatBasisPoints,
  formatOperatorRubles,
  formatRubles,
  formatRublesForInput,
  parseRubles,
} from './money-format.ts';

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

describe('one formatter for every place money is written', () => {
  it('writes receipts, operator screens and payer screens from the same digits', () => {
    expect(formatRublesPlain(kopecks(150_050))).toBe('1 500,50');
    expect(formatOperatorRubles(150_000)).toBe('1 500,00 ₽');
    expect(plain(formatRubles(150_000, 'ru'))).toBe('1 500 ₽');
    expect(formatRublesForInput(150_050)).toBe('1500,50');
    expect(formatKopecks(7, { group: '.', decimal: '/', kopecks: 'always' })).toBe('0/07');
  });
});

/** Amounts an operator may type: up to nine digits of whole rubles. */
const typedKopecks = fc.integer({ min: 0, max: 999_999_999_99 });

describe('parseRubles (what an operator types)', () => {
  it('reads whole rubles, kopecks with a comma or a point, and grouped thousands', () => {
    expect(parseRubles('1500')).toBe(150_000);
    expect(parseRubles(' 1 500 ')).toBe(150_000);
    expect(parseRubles('1\u00a0500,5')).toBe(150_050);
    expect(parseRubles('1500.05')).toBe(150_005);
    expect(parseRubles('0,01')).toBe(1);
    expect(parseRubles('15 000 ₽')).toBe(1_500_000);
    expect(parseRubles('999999999,99')).toBe(99_999_999_999);
  });

  it('refuses what is not an amount of kopecks', () => {
    for (const text of [
      '',
      ' ',
      '-5',
      '+5',
      '1e3',
      '0x10',
      'NaN',
      'Infinity',
      '1,234',
      '1.5.0',
      ',5',
      '5,',
      '1 50',
      '15 00 000',
      '1000000000',
      '12 345 678 901',
      'сто',
      '10 руб',
    ]) {
      expect(parseRubles(text), JSON.stringify(text)).toBeNull();
    }
  });

  it('round-trips everything the screens write: parse(format(k)) = k', () => {
    fc.assert(
      fc.property(typedKopecks, (value) => {
        expect(parseRubles(formatRublesForInput(value))).toBe(value);
        expect(parseRubles(formatOperatorRubles(value))).toBe(value);
        expect(parseRubles(formatAmount(value, 'ru'))).toBe(value);
        expect(parseRubles(formatRubles(value, 'tg'))).toBe(value);
      }),
    );
  });

  it('gives only integer kopecks, never a float, for any text at all', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const value = parseRubles(text);
        if (value !== null) expect(Number.isSafeInteger(value) && value >= 0).toBe(true);
      }),
    );
    fc.assert(
      fc.property(
        fc
          .double({ noNaN: true, min: 0, max: 1e6 })
          .map(String)
          .filter((text) => /\.\d{3}|e/.test(text)),
        (text) => {
          // A float with more than two decimals is not an amount: refused, not rounded.
          expect(parseRubles(text)).toBeNull();
        },
      ),
    );
  });
});
