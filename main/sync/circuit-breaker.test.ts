import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from './circuit-breaker.ts';

const options = { failuresToOpen: 3, coolDownMs: 1_000, coolDownMsCap: 3_000 };

describe('circuit breaker', () => {
  it('opens after N consecutive failures, not after N scattered ones', () => {
    const breaker = createCircuitBreaker(options);
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    breaker.recordSuccess();
    breaker.recordFailure(0);
    breaker.recordFailure(0);
    expect(breaker.state().kind).toBe('closed');
    breaker.recordFailure(10);
    expect(breaker.state()).toEqual({ kind: 'open', untilMs: 1_010, openings: 1 });
    expect(breaker.admits(1_009)).toBe(false);
  });

  it('admits exactly one probe after the cool-down; success closes it', () => {
    const breaker = createCircuitBreaker(options);
    for (let i = 0; i < 3; i += 1) breaker.recordFailure(0);
    expect(breaker.admits(1_000)).toBe(true);
    expect(breaker.state().kind).toBe('half-open');
    expect(breaker.admits(1_001)).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state()).toEqual({ kind: 'closed', consecutiveFailures: 0 });
    expect(breaker.admits(1_002)).toBe(true);
  });

  it('a failed probe reopens it for a doubled cool-down, capped', () => {
    const breaker = createCircuitBreaker(options);
    for (let i = 0; i < 3; i += 1) breaker.recordFailure(0);
    expect(breaker.admits(1_000)).toBe(true);
    breaker.recordFailure(1_000);
    expect(breaker.state()).toEqual({ kind: 'open', untilMs: 3_000, openings: 2 });
    expect(breaker.admits(3_000)).toBe(true);
    breaker.recordFailure(3_000);
    expect(breaker.state()).toEqual({ kind: 'open', untilMs: 6_000, openings: 3 });
  });

  it('does not wait out a wall clock that jumped back past the longest cool-down', () => {
    const breaker = createCircuitBreaker(options);
    for (let i = 0; i < 3; i += 1) breaker.recordFailure(10_000_000);
    expect(breaker.admits(10_000_500)).toBe(false);
    expect(breaker.admits(1_000)).toBe(true);
  });
});
