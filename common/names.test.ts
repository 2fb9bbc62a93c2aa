import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayNamePart,
  editDistance,
  maskedName,
  nameKey,
  nameKeyVariants,
  transliteratedKey,
  typoBudget,
} from './names.ts';

describe('nameKey', () => {
  it('folds case and ё to е', () => {
    expect(nameKey('СЕМЁНОВ')).toBe('семенов');
    expect(nameKey('Семенов')).toBe('семенов');
    expect(nameKey('Артём')).toBe(nameKey('артем'));
  });

  it('treats decomposed Ё (Е + combining diaeresis) like Ё', () => {
    expect(nameKey('Короле\u0308в')).toBe('королев');
  });

  it('drops hyphens, spaces and punctuation so hyphenated surnames match however typed', () => {
    const expected = 'петровводкин';
    expect(nameKey('Петров-Водкин')).toBe(expected);
    expect(nameKey('  петров   водкин ')).toBe(expected);
    expect(nameKey('Петров – Водкин')).toBe(expected);
    expect(nameKey('ПЕТРОВВОДКИН')).toBe(expected);
  });

  it('reads an all-Latin word as keys pressed on a ЙЦУКЕН keyboard', () => {
    expect(nameKey('Bdfyjd')).toBe('иванов');
    expect(nameKey('Ctvtyjd')).toBe('семенов');
    expect(nameKey('Fhn`v')).toBe('артем');
    expect(nameKey('<jhbc')).toBe('борис');
    expect(nameKey('Fktrcfylhjdbx')).toBe('александрович');
  });

  it('replaces Latin look-alikes inside a Cyrillic word', () => {
    expect(nameKey('Иванoв')).toBe('иванов'); // Latin o
    expect(nameKey('Cидоров')).toBe('сидоров'); // Latin C
  });

  it('repairs each word of a multi-word input on its own', () => {
    expect(nameKey('Gtnhjd-Водкин')).toBe('петровводкин');
  });

  it('never returns anything but Cyrillic letters, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (raw) => {
        const key = nameKey(raw);
        expect(key).toMatch(/^[а-я]*$/);
        expect(key.length).toBeLessThanOrEqual(64);
        expect(nameKey(key)).toBe(key);
      }),
    );
  });
});

describe('transliteratedKey', () => {
  it('reads Russian passport spellings by sound', () => {
    expect(transliteratedKey('Shcherbakov')).toBe('щербаков');
    expect(transliteratedKey('Yuriy')).toBe('юрий');
    expect(transliteratedKey('Fyodorovich')).toBe('федорович');
    expect(transliteratedKey('Khasanov')).toBe('хасанов');
    expect(transliteratedKey('Tsoy')).toBe('цой');
    expect(transliteratedKey('Eduard')).toBe('эдуард');
    expect(transliteratedKey('Petrov-Vodkin')).toBe('петровводкин');
  });

  it('reads Uzbek Latin (o‘, g‘, x, q, j)', () => {
    expect(transliteratedKey('Xo‘jayev')).toBe('хожаев');
    expect(transliteratedKey("G'ulomov")).toBe('гуломов');
    expect(transliteratedKey('Qodirov')).toBe('кодиров');
    expect(transliteratedKey('Jasur')).toBe('жасур');
  });

  it('is null for Cyrillic or mixed input, where it would only guess', () => {
    expect(transliteratedKey('Иванов')).toBeNull();
    expect(transliteratedKey('Иванoв')).toBeNull();
  });
});

describe('nameKeyVariants', () => {
  it('offers both readings of Latin input and one key otherwise', () => {
    expect(nameKeyVariants('Karimov')).toEqual([nameKey('Karimov'), 'каримов']);
    expect(nameKeyVariants('Rfhbvjd')).toContain('каримов');
    expect(nameKeyVariants('Каримов')).toEqual(['каримов']);
  });
});

describe('displayNamePart and maskedName', () => {
  it('capitalises each part of a hyphenated surname and squeezes spaces', () => {
    expect(displayNamePart('  римский - корсаков ')).toBe('Римский-Корсаков');
  });

  it('masks to surname and initials', () => {
    expect(maskedName('иванов', 'Иван', 'Иванович')).toBe('Иванов И. И.');
    expect(maskedName('Каримов', 'Рустам', '')).toBe('Каримов Р.');
  });
});

describe('editDistance', () => {
  it('counts substitutions, insertions, deletions and adjacent transpositions as one', () => {
    expect(editDistance('иванов', 'иванов')).toBe(0);
    expect(editDistance('иванов', 'ивонов')).toBe(1);
    expect(editDistance('иванов', 'иванво')).toBe(1);
    expect(editDistance('иванов', 'иванова')).toBe(1);
    expect(editDistance('иванов', 'ванов')).toBe(1);
    expect(editDistance('иванов', 'ивнаво')).toBe(2);
    expect(editDistance('', 'абв')).toBe(3);
  });

  it('stops at the bound and reports bound + 1', () => {
    expect(editDistance('иванов', 'петров', 2)).toBe(3);
    expect(editDistance('а', 'абвгдеж', 2)).toBe(3);
  });

  it('is symmetric, zero only for equal strings, and at most the longer length', () => {
    const word = fc.string({ unit: fc.constantFrom(...'абвгдеиклмнор'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        const distance = editDistance(a, b);
        expect(editDistance(b, a)).toBe(distance);
        expect(distance === 0).toBe(a === b);
        expect(distance).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(distance).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });

  it('bounded and unbounded results agree whenever the distance is within the bound', () => {
    const word = fc.string({ unit: fc.constantFrom(...'абвгде'), maxLength: 10 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, bound) => {
        const exact = editDistance(a, b);
        const bounded = editDistance(a, b, bound);
        expect(bounded).toBe(exact <= bound ? exact : bound + 1);
      }),
    );
  });
});

describe('typoBudget', () => {
  it('allows no typo in two letters, one in short parts, two in long', () => {
    expect(typoBudget('ли')).toBe(0);
    expect(typoBudget('ана')).toBe(1);
    expect(typoBudget('петров')).toBe(1);
    expect(typoBudget('александров')).toBe(2);
  });
});
