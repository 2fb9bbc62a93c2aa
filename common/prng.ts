/**
 * The one seeded PRNG (mulberry32): small, fast and the same on every machine, so a seed
 * replays exactly: demo data (a demo inmate has the same name and ref everywhere), emulator
 * fault injection, retry jitter in tests, the crash and simulation schedules, the benches.
 * Not for secrets: tokens and keys come from node:crypto.
 */
import { assert } from './assert.ts';

/** Uniform numbers in [0, 1). */
export type Random = () => number;

export type Rng = {
  /** Uniform in [0, 1). */
  next: Random;
  /** Uniform integer in [0, bound). */
  int(bound: number): number;
  /** Uniform integer in [minimum, maximum], both included. */
  intBetween(minimum: number, maximum: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
};

const TWO_TO_32 = 4_294_967_296;

export function seededRandom(seed: number): Random {
  assert(Number.isSafeInteger(seed), 'rng: seed must be an integer');
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_TO_32;
  };
}

/** seededRandom with the draws callers need; each draws one number from the sequence. */
export function createRng(seed: number): Rng {
  const next = seededRandom(seed);
  const int = (bound: number): number => {
    assert(Number.isSafeInteger(bound) && bound > 0, 'rng: bound must be a positive integer');
    return Math.floor(next() * bound);
  };
  return {
    next,
    int,
    intBetween: (minimum, maximum) => {
      assert(maximum >= minimum, 'rng: maximum below minimum');
      return minimum + int(maximum - minimum + 1);
    },
    pick: <T>(items: readonly T[]): T => {
      assert(items.length > 0, 'rng: pick from an empty list');
      return items[int(items.length)]!;
    },
    chance: (probability) => next() < probability,
  };
}
