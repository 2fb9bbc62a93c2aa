/**
 * Token buckets keyed by caller (terminal id, IP). In memory on purpose: a restart that
 * forgets them only lets a caller start afresh, and the map is bounded.
 */
import { assert } from '../common/assert.ts';

export type RateLimit = { burst: number; refillPerMinute: number };

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

const BUCKETS_MAX = 10_000;

export type RateLimiter = {
  take(key: string, nowMs: number): Take;
  /** What take() would answer, without spending a token. */
  peek(key: string, nowMs: number): Take;
};

export function createRateLimiter(limit: RateLimit): RateLimiter {
  assert(limit.burst >= 1 && limit.refillPerMinute > 0, 'rate limit: burst and refill');
  const msPerToken = 60_000 / limit.refillPerMinute;
  const buckets = new Map<string, { tokens: number; updatedMs: number }>();
  const refusal = (tokens: number): Take => ({
    ok: false,
    retryAfterMs: Math.ceil((1 - tokens) * msPerToken),
  });
  return {
    peek(key, nowMs) {
      const bucket = buckets.get(key);
      if (bucket === undefined) return { ok: true };
      const refilled = Math.max(0, (nowMs - bucket.updatedMs) / msPerToken);
      const tokens = Math.min(limit.burst, bucket.tokens + refilled);
      return tokens >= 1 ? { ok: true } : refusal(tokens);
    },
    take(key, nowMs) {
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        // Forget the oldest caller rather than grow without bound.
        if (buckets.size >= BUCKETS_MAX) buckets.delete(buckets.keys().next().value!);
        bucket = { tokens: limit.burst, updatedMs: nowMs };
        buckets.set(key, bucket);
      }
      const refilled = (nowMs - bucket.updatedMs) / msPerToken;
      bucket.tokens = Math.min(limit.burst, bucket.tokens + Math.max(0, refilled));
      bucket.updatedMs = nowMs;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { ok: true };
      }
      return refusal(bucket.tokens);
    },
  };
}
