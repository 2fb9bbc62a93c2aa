import { describe, expect, it } from 'vitest';
import { createRng, seededRandom } from './prng.ts';

describe('seededRandom', () => {
  it('is mulberry32: the same numbers as ever for a seed (demo data and replays depend on it)', () => {
    const random = seededRandom(42);
    expect([random(), random(), random()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099,
    ]);
  });

  it('repeats for one seed, differs across seeds, stays in [0, 1)', () => {
    const fromA = Array.from({ length: 1_000 }, seededRandom(42));
    expect(Array.from({ length: 1_000 }, seededRandom(42))).toEqual(fromA);
    expect(Array.from({ length: 1_000 }, seededRandom(43))).not.toEqual(fromA);
    expect(fromA.every((value) => value >= 0 && value < 1)).toBe(true);
  });

  it('refuses a seed that is not an integer', () => {
    expect(() => seededRandom(1.5)).toThrow(/seed/);
    expect(() => seededRandom(Number.NaN)).toThrow(/seed/);
  });
});

describe('createRng', () => {
  it('draws one number of the same sequence per call', () => {
    const raw = seededRandom(7);
    const rng = createRng(7);
    const first = raw();
    expect(rng.next()).toBe(first);
    expect(rng.int(10)).toBe(Math.floor(raw() * 10));
    expect(rng.intBetween(3, 5)).toBe(3 + Math.floor(raw() * 3));
    expect(rng.pick(['a', 'b', 'c'])).toBe(['a', 'b', 'c'][Math.floor(raw() * 3)]);
    expect(rng.chance(0.5)).toBe(raw() < 0.5);
  });

  it('keeps integers in range, both ends of intBetween reachable', () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let index = 0; index < 1_000; index += 1) {
      const value = rng.intBetween(1, 3);
      expect(Number.isInteger(value) && value >= 1 && value <= 3).toBe(true);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });

  it('refuses an empty pick and a bound that is not a positive integer', () => {
    const rng = createRng(1);
    expect(() => rng.pick([])).toThrow(/empty/);
    expect(() => rng.int(0)).toThrow(/bound/);
    expect(() => rng.int(2.5)).toThrow(/bound/);
  });
});
