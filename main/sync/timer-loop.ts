import { assert } from '../../common/assert.ts';

/** Calls `callback` once after `delayMs`; returns the cancel. Injected by tests. */
export type SetTimer = (callback: () => void, delayMs: number) => () => void;

/** A setTimeout that does not keep the process alive: a background loop never blocks exit. */
export const unrefTimer: SetTimer = (callback, delayMs) => {
  const handle = setTimeout(callback, delayMs);
  handle.unref();
  return () => clearTimeout(handle);
};

export type TimerLoop<T> = {
  /** Runs at once, then again after each run's delay, until stop(). A second start is a no-op. */
  start(): void;
  /** No run is started after this; resolves when the run in flight (if any) has settled. */
  stop(): Promise<void>;
  /**
   * One run now — or the run already in flight, never two at once. While the loop is started
   * the next run is scheduled from this one's end.
   */
  runNow(): Promise<T>;
  /** While started and idle: run on the next tick instead of waiting out the delay. */
  wake(): void;
  isRunning(): boolean;
};

export type TimerLoopOptions<T> = {
  run: () => Promise<T>;
  /** Delay from the end of one run to the start of the next. */
  intervalMs: number;
  /** Overrides intervalMs from the run's result (e.g. "more to send: go again at once"). */
  nextDelayMs?: (result: T) => number;
  /** A run that threw while the loop was started; the loop goes on after errorDelayMs. */
  onError: (error: unknown) => void;
  errorDelayMs?: number;
  setTimer?: SetTimer;
};

/**
 * The background loop of the sync pieces (outbox sender, heartbeat, roster refresh): one
 * timer, runs that never overlap, timers that never keep the process alive.
 */
export function createTimerLoop<T>(options: TimerLoopOptions<T>): TimerLoop<T> {
  assert(Number.isFinite(options.intervalMs) && options.intervalMs >= 0, 'timer loop: interval');
  const setTimer = options.setTimer ?? unrefTimer;
  const errorDelayMs = options.errorDelayMs ?? options.intervalMs;
  let started = false;
  let cancelTimer: (() => void) | null = null;
  let running: Promise<T> | null = null;

  const schedule = (delayMs: number) => {
    cancelTimer?.();
    cancelTimer = null;
    if (!started) return;
    cancelTimer = setTimer(
      () => {
        cancelTimer = null;
        // The failure reaches onError through the run's own settle handler.
        if (started) runNow().catch(() => undefined);
      },
      Math.max(0, delayMs),
    );
  };

  const afterRun = (result: { ok: true; value: T } | { ok: false; error: unknown }) => {
    if (!started) return;
    if (result.ok) {
      schedule(options.nextDelayMs?.(result.value) ?? options.intervalMs);
    } else {
      options.onError(result.error);
      schedule(errorDelayMs);
    }
  };

  const runNow = (): Promise<T> => {
    if (running !== null) return running;
    let current: Promise<T>;
    try {
      current = options.run();
    } catch (error) {
      current = Promise.reject(error);
    }
    const tracked = current.finally(() => {
      running = null;
    });
    running = tracked;
    tracked.then(
      (value) => afterRun({ ok: true, value }),
      (error: unknown) => afterRun({ ok: false, error }),
    );
    return tracked;
  };

  return {
    start() {
      if (started) return;
      started = true;
      // A run already in flight schedules the next one when it ends.
      if (running === null) schedule(0);
    },
    async stop() {
      started = false;
      cancelTimer?.();
      cancelTimer = null;
      if (running !== null) await running.then(noop, noop);
    },
    runNow,
    wake() {
      if (started && running === null) schedule(0);
    },
    isRunning: () => running !== null,
  };
}

function noop(): void {}
