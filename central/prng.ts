/**
 * A small seeded PRNG (mulberry32): demo data must come out the same on every machine and
 * every run, so tests and screenshots can name a demo inmate and find him.
 */
import { assert } from '../common/assert.ts';

export type Rng = {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, bound). */
  int(bound: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
};

export function createRng(seed: number): Rng {
  assert(Number.isSafeInteger(seed), 'rng: seed must be an integer');
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (bound: number): number => {
    assert(Number.isSafeInteger(bound) && bound > 0, 'rng: bound must be a positive integer');
    return Math.floor(next() * bound);
  };
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      assert(items.length > 0, 'rng: pick from an empty list');
      return items[int(items.length)]!;
    },
    chance: (probability: number): boolean => next() < probability,
  };
}
