import { describe, expect, it } from 'vitest';
import { PASSWORD_CHARS_MAX, PASSWORD_CHARS_MIN, passwordProblem } from './password.ts';

describe('passwordProblem', () => {
  it('accepts eight characters or more with a letter and a digit, Cyrillic and spaces too', () => {
    expect(passwordProblem('Зима 2026 года', '+79001234567')).toBeNull();
    expect(passwordProblem('Осень 2028', null)).toBeNull();
    expect(passwordProblem('correct horse 1', null)).toBeNull();
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
    expect(passwordProblem('Кот 900123456 лес', '+79001234567')).toBeNull();
    expect(passwordProblem('Кот 9001234567 лес', null)).toBeNull();
  });

  it('refuses common passwords and patterns from a maintained list, not a hand-made one', () => {
    for (const common of ['password1', 'qwerty123', 'P@ssw0rd1', 'abcdefg1', 'iloveyou1']) {
      expect(passwordProblem(common, null), common).toBe('common');
    }
    expect(passwordProblem('q1w2e3r4t5', null)).toBe('common');
    expect(passwordProblem('Moscow2024', null)).toBe('common');
  });

  it('takes well under a second on the longest password it accepts', () => {
    const longest = `${'Зимний лес 2026 '.repeat(8)}`.slice(0, PASSWORD_CHARS_MAX);
    const startedMs = performance.now();
    expect(passwordProblem(longest, '+79001234567')).toBeNull();
    expect(performance.now() - startedMs).toBeLessThan(1_000);
  });
});
