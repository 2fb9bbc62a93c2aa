import { describe, expect, it } from 'vitest';
import { cp866PrintableCharacters, decodeCp866Byte, encodeCp866, toCp866Safe } from './cp866.ts';

describe('cp866', () => {
  it('encodes Cyrillic to the CP866 bytes of the code page table', () => {
    expect([...encodeCp866('АПРЯапряЁё№')]).toEqual([
      0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xaf, 0xe0, 0xef, 0xf0, 0xf1, 0xfc,
    ]);
  });

  it('round-trips every printable character (but no-break space, printed as a space)', () => {
    for (const char of cp866PrintableCharacters().filter((c) => c !== '\u00a0')) {
      const bytes = encodeCp866(char);
      expect(bytes).toHaveLength(1);
      expect(decodeCp866Byte(bytes[0] ?? 0)).toBe(char);
    }
  });

  it('replaces typography CP866 lacks and marks anything else with ?', () => {
    expect(toCp866Safe('«Сумма» — 100 ₽')).toBe('"Сумма" - 100 руб.');
    expect(toCp866Safe('Ґанна 😀')).toBe('?анна ?');
    expect(new TextDecoder().decode(encodeCp866('a\u0007b'))).toBe('a?b');
  });
});
