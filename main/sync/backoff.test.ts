import { describe, expect, it } from 'vitest';
import { fullJitterDelayMs } from './backoff.ts';

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
