import { describe, expect, it } from 'vitest';
import { fullJitterDelayMs, seededRandom } from './backoff.ts';

const options = { retryDelayMsBase: 1_000, retryDelayMsCap: 60_000 };

describe('fullJitterDelayMs', () => {
  it('draws uniformly below min(cap, base · 2^attempt)', () => {
    expect(fullJitterDelayMs(0, options, () => 0.5)).toBe(500);
    expect(fullJitterDelayMs(3, options, () => 0.5)).toBe(4_000);
    expect(fullJitterDelayMs(3, options, () => 0)).toBe(0);
    expect(fullJitterDelayMs(3, options, () => 0.999_999)).toBe(7_999);
  });

  it('never exceeds the cap, even for a huge attempt count', () => {
    expect(fullJitterDelayMs(10_000, options, () => 0.999_999)).toBe(59_999);
    expect(fullJitterDelayMs(6, options, () => 0.5)).toBe(30_000);
  });

  it('refuses a random source outside [0, 1)', () => {
    expect(() => fullJitterDelayMs(1, options, () => 1)).toThrow(/random/);
  });
});

describe('seededRandom', () => {
  it('repeats for one seed, differs across seeds, stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const fromA = Array.from({ length: 1_000 }, a);
    expect(Array.from({ length: 1_000 }, b)).toEqual(fromA);
    expect(Array.from({ length: 1_000 }, c)).not.toEqual(fromA);
    expect(fromA.every((value) => value >= 0 && value < 1)).toBe(true);
  });
});
