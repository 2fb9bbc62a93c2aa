import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.ts';

describe('createRateLimiter', () => {
  it('allows a burst, then refuses with the wait until the next token', () => {
    const limiter = createRateLimiter({ burst: 2, refillPerMinute: 60 });
    expect(limiter.take('a', 0)).toEqual({ ok: true });
    expect(limiter.take('a', 0)).toEqual({ ok: true });
    expect(limiter.take('a', 0)).toEqual({ ok: false, retryAfterMs: 1_000 });
    expect(limiter.take('a', 500)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(limiter.take('a', 1_000)).toEqual({ ok: true });
  });

  it('keeps callers apart and never refills above the burst', () => {
    const limiter = createRateLimiter({ burst: 1, refillPerMinute: 60 });
    expect(limiter.take('a', 0).ok).toBe(true);
    expect(limiter.take('b', 0).ok).toBe(true);
    expect(limiter.take('a', 3_600_000).ok).toBe(true);
    expect(limiter.take('a', 3_600_000).ok).toBe(false);
  });
});
