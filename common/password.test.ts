import { describe, expect, it } from 'vitest';
import { PASSWORD_CHARS_MAX, PASSWORD_CHARS_MIN, passwordProblem } from './password.ts';

describe('passwordProblem', () => {
  it('accepts eight characters or more with a letter and a digit, Cyrillic and spaces too', () => {
    expect(passwordProblem('Зима 2026 года', '+79001234567')).toBeNull();
    expect(passwordProblem('abcdefg1', null)).toBeNull();
    expect(passwordProblem(`${'a'.repeat(PASSWORD_CHARS_MAX - 1)}1`, null)).toBeNull();
  });

  it('names the first thing wrong', () => {
    expect(PASSWORD_CHARS_MIN).toBe(8);
    expect(passwordProblem('short1', null)).toBe('too-short');
    expect(passwordProblem('abcdef1', null)).toBe('too-short');
    expect(passwordProblem(`${'a'.repeat(PASSWORD_CHARS_MAX)}1`, null)).toBe('too-long');
    expect(passwordProblem('12345678', null)).toBe('no-letter');
    expect(passwordProblem('абвгдежз', null)).toBe('no-digit');
  });

  it('refuses the last ten digits of the phone, however they are spread', () => {
    expect(passwordProblem('a9001234567', '+79001234567')).toBe('has-phone');
    expect(passwordProblem('x 900-123-45-67', '8 (900) 123-45-67')).toBe('has-phone');
    expect(passwordProblem('a900123456', '+79001234567')).toBeNull();
    expect(passwordProblem('a9001234567', null)).toBeNull();
  });
});
