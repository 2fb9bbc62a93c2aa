import { describe, expect, it } from 'vitest';
import {
  LETTER_PAGE_CHARS,
  LETTER_PAGE_KOPECKS,
  letterQuote,
  REPLY_BLANK_KOPECKS,
} from './letter.ts';

describe('letterQuote', () => {
  it('prices a page at 30 ₽ and a reply blank at 25 ₽', () => {
    expect([LETTER_PAGE_KOPECKS, REPLY_BLANK_KOPECKS]).toEqual([3_000, 2_500]);
  });

  it('charges per started page plus reply blanks, at least one page', () => {
    expect(letterQuote('', 0)).toEqual({ pages: 1, priceKopecks: 3_000 });
    expect(letterQuote('а', 0)).toEqual({ pages: 1, priceKopecks: 3_000 });
    expect(letterQuote('а'.repeat(LETTER_PAGE_CHARS), 0)).toEqual({
      pages: 1,
      priceKopecks: 3_000,
    });
    expect(letterQuote('а'.repeat(LETTER_PAGE_CHARS + 1), 2)).toEqual({
      pages: 2,
      priceKopecks: 2 * 3_000 + 2 * 2_500,
    });
    expect(letterQuote('я'.repeat(9_000), 5)).toEqual({
      pages: 5,
      priceKopecks: 5 * 3_000 + 5 * 2_500,
    });
  });
});
