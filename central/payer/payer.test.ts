import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword, normalisePhone } from './accounts.ts';

describe('normalisePhone', () => {
  it('accepts the usual spellings of a Russian mobile number', () => {
    for (const raw of ['+7 900 123-45-67', '8 (900) 123 45 67', '79001234567', '9001234567']) {
      expect(normalisePhone(raw)).toBe('+79001234567');
    }
  });

  it('refuses anything else', () => {
    for (const raw of ['', '123', '+1 202 555 0100', '+7900123456', '59001234567']) {
      expect(normalisePhone(raw)).toBeNull();
    }
  });
});

describe('password hashing', () => {
  it('verifies the right password only, with a salt per hash and scrypt parameters stored', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    expect(first).not.toBe(second);
    expect(first.startsWith('scrypt$15$8$1$')).toBe(true);
    expect(await checkPassword('correct horse', first)).toBe(true);
    expect(await checkPassword('correct horsE', first)).toBe(false);
    expect(await checkPassword('correct horse', 'md5$abc')).toBe(false);
  });
});
