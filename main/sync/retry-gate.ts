import type { Logger } from '../log.ts';
import { fullJitterDelayMs, type Random } from './backoff.ts';
import { type CentralFailure, describeFailure } from './central-failure.ts';
import { type BreakerState, createCircuitBreaker } from './circuit-breaker.ts';

export type RetryGateOptions = {
  retryDelayMsBase: number;
  retryDelayMsCap: number;
  breakerFailuresToOpen: number;
  breakerCoolDownMs: number;
  breakerCoolDownMsCap: number;
};

/**
 * When the outbox may talk to central: the circuit breaker plus a full-jitter backoff after
 * each failed request (honouring central's Retry-After within the cap). Holds no rows; the
 * sender asks it before each request and tells it how the request went.
 */
export type RetryGate = {
  /** Nothing may be sent before this time, or null when a request may go now. */
  heldUntil(nowMs: number): number | null;
  /** Admits a request (the single probe when half-open). */
  admits(nowMs: number): boolean;
  probing(): boolean;
  breaker(): BreakerState['kind'];
  /** Central did not answer usefully: returns when the rows should be tried again. */
  failed(failure: CentralFailure, nowMs: number): number;
  /** Central answered (even with a refusal): it is alive. */
  answered(): void;
  /** Backoff of one row central answered with a transient per-item error. */
  rowRetryAtMs(attempts: number, nowMs: number): number;
};

export function createRetryGate(deps: {
  options: RetryGateOptions;
  random: Random;
  log: Pick<Logger, 'warn' | 'error'>;
}): RetryGate {
  const { options } = deps;
  const backoff = {
    retryDelayMsBase: options.retryDelayMsBase,
    retryDelayMsCap: options.retryDelayMsCap,
  };
  const breaker = createCircuitBreaker({
    failuresToOpen: options.breakerFailuresToOpen,
    coolDownMs: options.breakerCoolDownMs,
    coolDownMsCap: options.breakerCoolDownMsCap,
  });
  const waitMsMax = Math.max(options.retryDelayMsCap, options.breakerCoolDownMsCap);
  let failureStreak = 0;
  let backoffUntilMs = 0;

  const heldUntil = (nowMs: number): number | null => {
    const state = breaker.state();
    const breakerUntil = state.kind === 'open' ? state.untilMs : 0;
    const until = Math.max(backoffUntilMs, breakerUntil);
    // Further ahead than any wait we set: the wall clock went back. Do not wait out the jump.
    if (until - nowMs > waitMsMax) {
      backoffUntilMs = Math.min(backoffUntilMs, nowMs);
      return null;
    }
    return until > nowMs ? until : null;
  };

  return {
    heldUntil,
    admits: (nowMs) => breaker.admits(nowMs),
    probing: () => breaker.state().kind !== 'closed',
    breaker: () => breaker.state().kind,
    failed(failure, nowMs) {
      breaker.recordFailure(nowMs);
      failureStreak += 1;
      const jitteredMs = fullJitterDelayMs(failureStreak - 1, backoff, deps.random);
      // Central's own Retry-After wins over our guess, within our cap.
      const askedMs = failure.kind === 'http' ? (failure.retryAfterMs ?? 0) : 0;
      backoffUntilMs = nowMs + Math.min(options.retryDelayMsCap, Math.max(jitteredMs, askedMs));
      // A refused signature is not the network: the operator must look (clock, enrolment).
      const level = failure.kind === 'http' && failure.status === 401 ? 'error' : 'warn';
      deps.log[level](
        { failure: describeFailure(failure), failureStreak, backoffUntilMs },
        'outbox: central did not take the request',
      );
      return Math.max(backoffUntilMs, heldUntil(nowMs) ?? 0);
    },
    answered() {
      breaker.recordSuccess();
      failureStreak = 0;
      backoffUntilMs = 0;
    },
    rowRetryAtMs: (attempts, nowMs) => nowMs + fullJitterDelayMs(attempts, backoff, deps.random),
  };
}
