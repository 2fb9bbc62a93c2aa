import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeOnPaper, plainReceiptText, wrapProse, wrapText } from './text-wrap.ts';

const word = fc.stringMatching(/^[а-яёА-ЯЁa-z0-9.,«»-]{1,60}$/u);
const sentence = fc.array(word, { minLength: 0, maxLength: 30 }).map((words) => words.join(' '));

describe('wrapText', () => {
  it('never produces a line wider than the width', () => {
    fc.assert(
      fc.property(sentence, fc.integer({ min: 1, max: 48 }), (text, width) => {
        for (const line of wrapText(text, width))
          expect([...line].length).toBeLessThanOrEqual(width);
      }),
    );
  });

  it('keeps every word whole and in order when no word is longer than the width', () => {
    fc.assert(
      fc.property(sentence, fc.integer({ min: 16, max: 48 }), (text, width) => {
        fc.pre(text.split(' ').every((w) => [...w].length <= width));
        const lines = wrapText(text, width);
        const rejoined = lines.flatMap((line) => line.split(' ').filter((w) => w !== ''));
        expect(rejoined).toEqual(text.split(' ').filter((w) => w !== ''));
      }),
    );
  });

  it('hard-splits only a single word longer than the width', () => {
    expect(wrapText('ИНН 0123456789012345678901234567890', 10)).toEqual([
      'ИНН',
      '0123456789',
      '0123456789',
      '0123456789',
      '0',
    ]);
  });

  it('wraps on spaces, not inside a hyphenated word', () => {
    expect(wrapText('Римская-Корсакова А. Ф., 1985 г.р.', 18)).toEqual([
      'Римская-Корсакова',
      'А. Ф., 1985 г.р.',
    ]);
  });

  it('keeps the spacing of a line that already fits', () => {
    expect(wrapText('Принято:     15,00', 20)).toEqual(['Принято:     15,00']);
  });

  it('gives one empty line for empty text', () => {
    expect(wrapText('', 32)).toEqual(['']);
  });
});

describe('placeOnPaper', () => {
  it('centres, right-aligns and spaces out double-width text', () => {
    expect(placeOnPaper('ab', 'center', 1, 10)).toBe('    ab');
    expect(placeOnPaper('ab', 'right', 1, 10)).toBe('        ab');
    expect(placeOnPaper('ab', 'center', 2, 10)).toBe('   a b');
  });
});

describe('plainReceiptText', () => {
  it('replaces typography a receipt code page lacks', () => {
    expect(plainReceiptText('«Передача» — 100 ₽')).toBe('"Передача" - 100 руб.');
  });
});

describe('wrapProse', () => {
  it('keeps abbreviations, initials and № with the next word', () => {
    expect(wrapProse('Римская-Корсакова А. Ф., 1985 г.р.', 20)).toEqual([
      'Римская-Корсакова',
      'А. Ф., 1985 г.р.',
    ]);
    expect(wrapProse('изолятор г. Москвы', 11)).toEqual(['изолятор', 'г. Москвы']);
    expect(wrapProse('Изолятор № 1', 10)).toEqual(['Изолятор', '№ 1']);
    expect(wrapProse('Семёнова А. Ф., 1985 г.р.', 20)).toEqual(['Семёнова А. Ф.,', '1985 г.р.']);
  });

  it('still fits the width when a glued pair is longer than a line', () => {
    for (const line of wrapProse('ул. Краснопролетарская', 10)) {
      expect([...line].length).toBeLessThanOrEqual(10);
    }
  });
});
