import { describe, expect, it } from 'vitest';
import { ffdPhone } from './fiscal-phone.ts';

describe('ffdPhone', () => {
  it.each([
    ['8 800 250-61-14', '+78002506114'],
    ['+7 495 215-38-60', '+74952153860'],
    ['7 (495) 609-17-42', '+74956091742'],
    ['(495) 609-17-42', '+74956091742'],
    ['+998 71 123-45-67', '+998711234567'],
  ])('%s → %s', (written, expected) => {
    expect(ffdPhone(written)).toBe(expected);
  });
});
