import { z } from 'zod';
import { assert } from '../../common/assert.ts';
import type { Logger } from '../log.ts';

/** A kiosk clock further than this from central's is shown to the operator. */
export const clockSkewMsWarn = 2 * 60_000;

const SEQUENCE_KEY = 'sync.sequence';
const SequenceSchema = z.object({ value: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

export type SettingsPort = {
  get<S extends z.ZodType>(
    key: string,
    schema: S,
  ): { ok: true; value: z.output<S> } | { ok: false; error: { kind: string } };
  set(key: string, value: unknown, atMs: number): void;
};

/**
 * A counter that only goes up, across restarts: central orders a kiosk's reports by it even
 * when the kiosk's wall clock jumps back (NTP fix, dead RTC battery). Each value is written to
 * the ledger (synchronous=FULL) before it is handed out, so no value is ever issued twice.
 * A missing or unreadable setting starts from the wall clock in ms, which is above any value
 * an earlier run could have issued unless the clock was far ahead then.
 */
export type KioskSequence = { next(): number; last(): number };

export function createKioskSequence(deps: {
  settings: SettingsPort;
  now: () => number;
  log?: Pick<Logger, 'warn'>;
}): KioskSequence {
  const stored = deps.settings.get(SEQUENCE_KEY, SequenceSchema);
  let last: number;
  if (stored.ok) {
    last = stored.value.value;
  } else {
    last = Math.max(0, Math.floor(deps.now()));
    if (stored.error.kind !== 'missing') {
      deps.log?.warn({ error: stored.error }, 'sequence setting unreadable; restarting from clock');
    }
  }
  return {
    next() {
      const value = last + 1;
      assert(Number.isSafeInteger(value), 'sequence: overflow');
      deps.settings.set(SEQUENCE_KEY, { value }, Math.max(0, deps.now()));
      last = value;
      return value;
    },
    last: () => last,
  };
}

export type ClockSkew = {
  /** central − kiosk, estimated at the middle of the round trip; null before any answer. */
  skewMs: number | null;
  measuredAtMs: number | null;
  large: boolean;
};

/**
 * Central stamps each heartbeat with its own receive time; the kiosk compares it with the
 * middle of its send/answer interval. A round trip adds at most half its length of error,
 * which is far below the 2-minute threshold that matters.
 */
export function createSkewMonitor(deps: { log: Pick<Logger, 'warn' | 'info'> }) {
  let current: ClockSkew = { skewMs: null, measuredAtMs: null, large: false };
  return {
    observe(input: { sentAtMs: number; answeredAtMs: number; centralNowMs: number }): ClockSkew {
      const midpointMs = input.sentAtMs + (input.answeredAtMs - input.sentAtMs) / 2;
      const skewMs = Math.round(input.centralNowMs - midpointMs);
      const large = Math.abs(skewMs) > clockSkewMsWarn;
      if (large && !current.large) {
        deps.log.warn({ skewMs }, 'kiosk clock differs from central by more than 2 minutes');
      } else if (!large && current.large) {
        deps.log.info({ skewMs }, 'kiosk clock back in line with central');
      }
      current = { skewMs, measuredAtMs: input.answeredAtMs, large };
      return current;
    },
    current: () => current,
  };
}
export type SkewMonitor = ReturnType<typeof createSkewMonitor>;
