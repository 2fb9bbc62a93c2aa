import { describe, expect, it } from 'vitest';
import { innWithCheckDigit, isValidInn } from './inn.ts';

describe('isValidInn', () => {
  it('accepts a company number (10 digits) only with its check digit', () => {
    expect(isValidInn('7707083893')).toBe(true);
    expect(isValidInn('7707083894')).toBe(false);
  });

  it('accepts an entrepreneur number (12 digits) only with both check digits', () => {
    expect(isValidInn('500100732259')).toBe(true);
    expect(isValidInn('500100732258')).toBe(false);
    expect(isValidInn('500100732269')).toBe(false);
  });

  it('completes nine digits with the check digit isValidInn expects', () => {
    // A known valid ИНН (ПАО Сбербанк).
    expect(innWithCheckDigit('770708389')).toBe('7707083893');
    for (const nine of ['000000000', '123456789', '999999999', '500100732']) {
      expect(isValidInn(innWithCheckDigit(nine))).toBe(true);
    }
    expect(() => innWithCheckDigit('77070838')).toThrow(/nine digits/);
  });

  it('refuses other lengths and anything but digits', () => {
    for (const inn of [
      '',
      '77070838',
      '77070838931',
      '7707O83893',
      ' 7707083893',
      '5001007322590',
    ]) {
      expect(isValidInn(inn)).toBe(false);
    }
  });
});
