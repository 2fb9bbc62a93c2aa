import { describe, expect, it } from 'vitest';
import { nameKey } from '../common/names.ts';
import { matchScore } from './search.ts';

const keys = (surname: string, name: string, patronymic = '') => ({
  surname: nameKey(surname),
  name: nameKey(name),
  patronymic: nameKey(patronymic),
});
const ivanov = keys('Иванов', 'Иван', 'Иванович');

describe('matchScore', () => {
  it('scores an exact match 0 and counts wrong letters otherwise', () => {
    expect(matchScore(keys('Иванов', 'Иван', 'Иванович'), ivanov)).toBe(0);
    expect(matchScore(keys('Ивонов', 'Иван'), ivanov)).toBe(1);
    expect(matchScore(keys('Ивонов', 'Ивна'), ivanov)).toBe(2);
  });

  it('takes a patronymic prefix as a full match', () => {
    expect(matchScore(keys('Иванов', 'Иван', 'Ив'), ivanov)).toBe(0);
    expect(matchScore(keys('Иванов', 'Иван', 'Петр'), ivanov)).toBeNull();
  });

  it('lets someone without a patronymic match, one step lower', () => {
    const karimov = keys('Каримов', 'Рустам');
    expect(matchScore(keys('Каримов', 'Рустам', 'Рустамович'), karimov)).toBe(1);
  });

  it('refuses a part beyond its typo budget, and more than three typos in all', () => {
    expect(matchScore(keys('Петров', 'Иван'), ivanov)).toBeNull();
    expect(matchScore(keys('Иванов', 'Ия'), ivanov)).toBeNull();
    const long = keys('Александров', 'Константин', 'Владимирович');
    expect(matchScore(keys('Алексондрав', 'Канстантин', 'Владимирович'), long)).toBe(3);
    expect(matchScore(keys('Алексондрав', 'Канстантен', 'Владимирович'), long)).toBeNull();
  });
});
