import { describe, expect, it } from 'vitest';
import {
  applyKey,
  decadesOf,
  filterItems,
  formatPhone,
  searchKey,
  yearRange,
} from './text-entry.ts';

describe('applyKey', () => {
  it('types, erases and bounds the length', () => {
    let text = '';
    for (const char of 'ИВАНОВ') text = applyKey(text, { kind: 'char', char });
    expect(text).toBe('ИВАНОВ');
    expect(applyKey(text, { kind: 'erase' })).toBe('ИВАНО');
    expect(applyKey('', { kind: 'erase' })).toBe('');
    expect(applyKey('АБВ', { kind: 'char', char: 'Г' }, 3)).toBe('АБВ');
  });

  it('allows one hyphen or space between parts, never leading or doubled', () => {
    expect(applyKey('', { kind: 'char', char: '-' })).toBe('');
    expect(applyKey('ХОЖ', { kind: 'char', char: '-' })).toBe('ХОЖ-');
    expect(applyKey('ХОЖ-', { kind: 'char', char: '-' })).toBe('ХОЖ-');
    expect(applyKey('ХОЖ-', { kind: 'char', char: ' ' })).toBe('ХОЖ-');
    expect(applyKey('АЛИ', { kind: 'char', char: ' ' })).toBe('АЛИ ');
  });
});

describe('filterItems', () => {
  const items = [
    { id: '1', title: 'СИЗО-1', subtitle: 'ФКУ СИЗО-1 УФСИН России по Владимирской области' },
    { id: '2', title: 'ИК-2', subtitle: 'ФКУ ИК-2 УФСИН России по Владимирской области' },
    { id: '3', title: 'Орёл', subtitle: '' },
  ];

  it('ignores case, ё/е, spaces and dashes', () => {
    expect(filterItems(items, 'сизо 1').map((item) => item.id)).toEqual(['1']);
    expect(filterItems(items, 'ИК2').map((item) => item.id)).toEqual(['2']);
    expect(filterItems(items, 'ОРЕЛ').map((item) => item.id)).toEqual(['3']);
    expect(filterItems(items, '').length).toBe(3);
    expect(searchKey('Сизо‑1')).toBe('сизо1');
  });
});

describe('year picker', () => {
  it('offers ages 14 to 90 grouped by decade', () => {
    const range = yearRange(2026);
    expect(range).toEqual({ first: 1936, last: 2012 });
    expect(decadesOf(range)).toEqual([1930, 1940, 1950, 1960, 1970, 1980, 1990, 2000, 2010]);
  });
});

describe('formatPhone', () => {
  it('shows the digits typed so far in the Russian format', () => {
    expect(formatPhone('9123456789')).toBe('+7 (912) 345-67-89');
    expect(formatPhone('91')).toBe('+7 (91_) ___-__-__');
  });
});
