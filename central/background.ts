/**
 * Central's timed jobs (pruning, the demo facility's credit sweep) run against the database:
 * one at a time per name (a slow run is not stacked on by the next tick), a failure logged
 * instead of crashing the process, and close() waits for the jobs in flight before the
 * database is closed under them.
 */
import type { FastifyBaseLogger } from 'fastify';

export type Background = {
  run(name: string, job: () => Promise<unknown>): void;
  /** Settles when no job is running. */
  idle(): Promise<void>;
};

export function createBackground(log: FastifyBaseLogger): Background {
  const running = new Map<string, Promise<void>>();
  return {
    run(name, job) {
      if (running.has(name)) return;
      const done = job()
        .then(() => undefined)
        .catch((error: unknown) => {
          const errorType = error instanceof Error ? error.name : typeof error;
          log.error({ job: name, errorType }, 'background job failed');
        })
        .finally(() => running.delete(name));
      running.set(name, done);
    },
    async idle() {
      await Promise.all(running.values());
    },
  };
}
