import { assert } from '../../common/assert.ts';

/** A source of uniform numbers in [0, 1). Injected so the sender and the simulator replay. */
export type Random = () => number;

export type BackoffOptions = {
  retryDelayMsBase: number;
  retryDelayMsCap: number;
};

/**
 * Capped exponential backoff with FULL jitter (AWS, "Exponential Backoff And Jitter"):
 * sleep = random(0, min(cap, base · 2^attempt)). Full jitter spreads a fleet of kiosks that
 * lost central at the same moment, so they do not all come back in the same second.
 * `attempt` counts failures so far, starting at 0 for the first retry.
 */
export function fullJitterDelayMs(
  attempt: number,
  options: BackoffOptions,
  random: Random,
): number {
  assert(Number.isSafeInteger(attempt) && attempt >= 0, 'backoff: attempt');
  assert(options.retryDelayMsBase > 0, 'backoff: base');
  assert(options.retryDelayMsCap >= options.retryDelayMsBase, 'backoff: cap >= base');
  // 2^31 is far past any cap; bounding the exponent keeps the product finite.
  const exponent = Math.min(attempt, 31);
  const ceilingMs = Math.min(options.retryDelayMsCap, options.retryDelayMsBase * 2 ** exponent);
  const draw = random();
  assert(draw >= 0 && draw < 1, 'backoff: random() in [0, 1)');
  return Math.floor(draw * ceilingMs);
}
