import { describe, expect, it } from 'vitest';
import { createTimerLoop, type SetTimer, unrefTimer } from './timer-loop.ts';

/** Timers under the test's hand: `fire()` runs the due ones, `pending` shows what waits. */
function manualTimers() {
  const pending: Array<{ callback: () => void; delayMs: number; cancelled: boolean }> = [];
  const setTimer: SetTimer = (callback, delayMs) => {
    const entry = { callback, delayMs, cancelled: false };
    pending.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };
  const live = () => pending.filter((entry) => !entry.cancelled);
  return {
    setTimer,
    live,
    fire() {
      const due = live();
      for (const entry of due) entry.cancelled = true;
      for (const entry of due) entry.callback();
      return due.map((entry) => entry.delayMs);
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('timer loop', () => {
  it('runs at once on start, then after each run’s delay, until stopped', async () => {
    const timers = manualTimers();
    let runs = 0;
    const loop = createTimerLoop({
      run: async () => ++runs,
      intervalMs: 1_000,
      nextDelayMs: (count) => (count === 1 ? 0 : 1_000),
      onError: () => undefined,
      setTimer: timers.setTimer,
    });
    loop.start();
    loop.start();
    expect(timers.fire()).toEqual([0]);
    await settle();
    expect(runs).toBe(1);
    expect(timers.fire()).toEqual([0]);
    await settle();
    expect(runs).toBe(2);
    expect(timers.live().map((entry) => entry.delayMs)).toEqual([1_000]);
    await loop.stop();
    expect(timers.live()).toEqual([]);
    expect(runs).toBe(2);
  });

  it('never overlaps runs: runNow during a run shares it', async () => {
    const timers = manualTimers();
    const gate = deferred<string>();
    let started = 0;
    const loop = createTimerLoop({
      run: () => {
        started += 1;
        return gate.promise;
      },
      intervalMs: 5_000,
      onError: () => undefined,
      setTimer: timers.setTimer,
    });
    loop.start();
    timers.fire();
    const manual = loop.runNow();
    expect(loop.isRunning()).toBe(true);
    loop.wake();
    expect(timers.live()).toEqual([]);
    gate.resolve('done');
    expect(await manual).toBe('done');
    expect(started).toBe(1);
    await settle();
    expect(timers.live().map((entry) => entry.delayMs)).toEqual([5_000]);
    await loop.stop();
  });

  it('a failed run goes to onError and the loop carries on after errorDelayMs', async () => {
    const timers = manualTimers();
    const errors: unknown[] = [];
    let fail = true;
    const loop = createTimerLoop({
      run: async () => {
        if (fail) throw new Error('disk busy');
        return 'ok';
      },
      intervalMs: 1_000,
      errorDelayMs: 7_000,
      onError: (error) => errors.push(error),
      setTimer: timers.setTimer,
    });
    loop.start();
    timers.fire();
    await settle();
    expect(errors).toHaveLength(1);
    expect(timers.live().map((entry) => entry.delayMs)).toEqual([7_000]);
    fail = false;
    timers.fire();
    await settle();
    expect(errors).toHaveLength(1);
    expect(timers.live().map((entry) => entry.delayMs)).toEqual([1_000]);
    await loop.stop();
  });

  it('stopped: runNow still runs once and schedules nothing; stop waits for the run', async () => {
    const timers = manualTimers();
    const gate = deferred<number>();
    const loop = createTimerLoop({
      run: () => gate.promise,
      intervalMs: 1_000,
      onError: () => undefined,
      setTimer: timers.setTimer,
    });
    loop.start();
    timers.fire();
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).toBe(false);
    gate.resolve(1);
    await stopping;
    expect(timers.live()).toEqual([]);
    expect(await loop.runNow()).toBe(1);
    await settle();
    expect(timers.live()).toEqual([]);
  });

  it('wake() brings the next run forward while idle', async () => {
    const timers = manualTimers();
    const loop = createTimerLoop({
      run: async () => undefined,
      intervalMs: 60_000,
      onError: () => undefined,
      setTimer: timers.setTimer,
    });
    loop.wake();
    expect(timers.live()).toEqual([]);
    loop.start();
    timers.fire();
    await settle();
    expect(timers.live().map((entry) => entry.delayMs)).toEqual([60_000]);
    loop.wake();
    expect(timers.live().map((entry) => entry.delayMs)).toEqual([0]);
    await loop.stop();
  });

  it('its real timer does not keep the process alive', () => {
    const timeouts = () =>
      process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timeouts();
    const held = setTimeout(() => undefined, 60_000);
    const cancel = unrefTimer(() => undefined, 60_000);
    try {
      // Only the ordinary timer counts among what holds the event loop open.
      expect(timeouts()).toBe(before + 1);
    } finally {
      clearTimeout(held);
      cancel();
    }
  });
});
