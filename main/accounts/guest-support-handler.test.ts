import { describe, expect, it } from 'vitest';
import { normaliseContact, normaliseTransferRef } from './guest-support-handler.ts';

describe('the contact and transfer code of support without an account', () => {
  it('reads a Russian mobile number in the ways people type it', () => {
    for (const typed of ['+7 916 765-43-21', '8 (916) 765 43 21', '9167654321', '79167654321']) {
      expect(normaliseContact(typed), typed).toBe('+79167654321');
    }
  });

  it('keeps an e-mail as typed and refuses what is neither', () => {
    expect(normaliseContact(' payer@example.org ')).toBe('payer@example.org');
    for (const typed of ['12345', '+1 212 555 0101', 'payer@', 'звонить вечером']) {
      expect(normaliseContact(typed), typed).toBeNull();
    }
  });

  it('takes a code without spaces, nothing as none, and refuses other characters', () => {
    expect(normaliseTransferRef('7F3A 9C21')).toBe('7F3A9C21');
    expect(normaliseTransferRef('  ')).toBeNull();
    expect(normaliseTransferRef(null)).toBeNull();
    expect(normaliseTransferRef('№ 1!')).toBeUndefined();
  });
});
