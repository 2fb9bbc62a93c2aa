import { assert } from '../../common/assert.ts';

/**
 * One loop we own: jobs (device events, payer commands) run strictly one after another, in
 * arrival order. Device callbacks only enqueue; the queue is bounded so a flood is a bug we see.
 */
export type WorkQueue = {
  run<T>(job: () => Promise<T>): Promise<T>;
  readonly length: number;
  /** Resolves when every job enqueued so far has finished. */
  drained(): Promise<void>;
};

export function createWorkQueue(lengthMax: number): WorkQueue {
  assert(Number.isSafeInteger(lengthMax) && lengthMax > 0, 'work queue: bound');
  let tail: Promise<unknown> = Promise.resolve();
  let length = 0;
  return {
    get length() {
      return length;
    },
    run<T>(job: () => Promise<T>): Promise<T> {
      assert(length < lengthMax, `work queue: more than ${lengthMax} jobs waiting`);
      length += 1;
      const result = tail.then(job).finally(() => {
        length -= 1;
      });
      // The chain continues whether a job fails or not; the caller sees the failure.
      tail = result.catch(() => undefined);
      return result;
    },
    drained() {
      return tail.then(() => undefined);
    },
  };
}
