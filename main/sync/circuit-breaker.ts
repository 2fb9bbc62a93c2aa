import { assert } from '../../common/assert.ts';

export type BreakerState =
  | { kind: 'closed'; consecutiveFailures: number }
  | { kind: 'open'; untilMs: number; openings: number }
  | { kind: 'half-open'; openings: number };

export type BreakerOptions = {
  /** Consecutive failed requests that open the breaker. */
  failuresToOpen: number;
  /** First cool-down; each reopening after a failed probe doubles it up to the cap. */
  coolDownMs: number;
  coolDownMsCap: number;
};

/**
 * closed → open after N consecutive failures → half-open after a cool-down, where exactly one
 * probe may go out → closed on success, open again (longer) on failure. While open nothing is
 * sent at all: a dead central costs the kiosk no requests, no sockets and no waiting.
 * Pure state transitions; the sender owns the clock.
 */
export type CircuitBreaker = {
  state(): BreakerState;
  /** May a request go out now? In half-open this admits the single probe. */
  admits(nowMs: number): boolean;
  recordSuccess(): void;
  recordFailure(nowMs: number): void;
};

export function createCircuitBreaker(options: BreakerOptions): CircuitBreaker {
  assert(Number.isSafeInteger(options.failuresToOpen) && options.failuresToOpen > 0, 'breaker');
  assert(options.coolDownMs > 0 && options.coolDownMsCap >= options.coolDownMs, 'breaker');
  let state: BreakerState = { kind: 'closed', consecutiveFailures: 0 };
  let probeOut = false;

  const open = (nowMs: number, openings: number) => {
    const coolDownMs = Math.min(
      options.coolDownMsCap,
      options.coolDownMs * 2 ** Math.min(openings - 1, 20),
    );
    state = { kind: 'open', untilMs: nowMs + coolDownMs, openings };
    probeOut = false;
  };

  return {
    state: () => state,
    admits(nowMs) {
      switch (state.kind) {
        case 'closed':
          return true;
        case 'open':
          // A cool-down longer than any we set means the clock went back: probe now.
          if (nowMs < state.untilMs && state.untilMs - nowMs <= options.coolDownMsCap) {
            return false;
          }
          state = { kind: 'half-open', openings: state.openings };
          probeOut = true;
          return true;
        case 'half-open':
          // One probe at a time: the answer to it decides, not a burst of parallel tries.
          if (probeOut) return false;
          probeOut = true;
          return true;
      }
    },
    recordSuccess() {
      state = { kind: 'closed', consecutiveFailures: 0 };
      probeOut = false;
    },
    recordFailure(nowMs) {
      switch (state.kind) {
        case 'closed': {
          const failures = state.consecutiveFailures + 1;
          if (failures >= options.failuresToOpen) open(nowMs, 1);
          else state = { kind: 'closed', consecutiveFailures: failures };
          return;
        }
        case 'half-open':
          open(nowMs, state.openings + 1);
          return;
        case 'open':
          // A request admitted before the breaker opened answered late: keep the longer wait.
          return;
      }
    },
  };
}
