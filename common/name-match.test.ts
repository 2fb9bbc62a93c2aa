import { describe, expect, it } from 'vitest';
import { nameKey } from './names.ts';
import { matchScore, queryVariants, rankMatches, SEARCH_RESULTS_MAX } from './name-match.ts';

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

describe('rankMatches', () => {
  type Person = { ref: string; keys: ReturnType<typeof keys> };
  const person = (ref: string, surname: string, name: string, patronymic = ''): Person => ({
    ref,
    keys: keys(surname, name, patronymic),
  });
  const rank = (query: { surname: string; name: string }, people: readonly Person[]) =>
    rankMatches(
      queryVariants(query),
      people,
      (candidate) => candidate.keys,
      (candidate) => candidate.ref,
    ).map(({ candidate, score }) => [candidate.ref, score]);

  it('puts fewer wrong letters first and leaves out who does not match', () => {
    const people = [
      person('i3', 'Каримов', 'Бахтияр'),
      person('i1', 'Каримов', 'Бахтиёр'),
      person('i2', 'Петров', 'Иван'),
    ];
    expect(rank({ surname: 'Каримов', name: 'Бахтияр' }, people)).toEqual([
      ['i3', 0],
      ['i1', 1],
    ]);
  });

  it('orders equals by ref, whatever order the caller holds them in', () => {
    const people = ['i5', 'i0', 'i9', 'i2', 'i7', 'i1', 'i8'].map((ref) =>
      person(ref, 'Каримов', 'Рустам'),
    );
    const expected = ['i0', 'i1', 'i2', 'i5', 'i7'].map((ref) => [ref, 0]);
    expect(rank({ surname: 'Каримов', name: 'Рустам' }, people)).toEqual(expected);
    expect(rank({ surname: 'Каримов', name: 'Рустам' }, [...people].reverse())).toEqual(expected);
    expect(expected).toHaveLength(SEARCH_RESULTS_MAX);
  });

  it('compares refs by code unit, not by the locale of the machine', () => {
    const people = ['ib', 'iB', 'i_', 'i9'].map((ref) => person(ref, 'Каримов', 'Рустам'));
    const refs = rank({ surname: 'Каримов', name: 'Рустам' }, people).map(([ref]) => ref);
    expect(refs).toEqual(['i9', 'iB', 'i_', 'ib']);
  });

  it('asks for the ref of matches only', () => {
    const asked: string[] = [];
    rankMatches(
      queryVariants({ surname: 'Иванов', name: 'Иван' }),
      [person('i1', 'Иванов', 'Иван'), person('i2', 'Петров', 'Пётр')],
      (candidate) => candidate.keys,
      (candidate) => {
        asked.push(candidate.ref);
        return candidate.ref;
      },
    );
    expect(asked).toEqual(['i1']);
  });
});
