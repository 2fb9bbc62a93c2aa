/**
 * Sleeping and waiting for the driver's loop: the loop sleeps until its next POLL unless a
 * command wakes it; API calls wait for a predicate checked after every loop turn.
 */
export class LoopSignals {
  readonly #observers = new Set<() => void>();
  #wake: (() => void) | null = null;

  /** Sleeps `ms`, or less if woken. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
    });
  }

  wake(): void {
    this.#wake?.();
  }

  /** Called by the loop after every turn. */
  turned(): void {
    for (const observer of this.#observers) observer();
  }

  /**
   * Resolves true once `predicate` holds after a loop turn, false after `timeoutMs` or as soon
   * as `alive()` turns false.
   */
  waitFor(predicate: () => boolean, timeoutMs: number, alive: () => boolean): Promise<boolean> {
    if (predicate()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timer);
        this.#observers.delete(observer);
        resolve(value);
      };
      const observer = () => {
        if (!alive()) finish(false);
        else if (predicate()) finish(true);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.#observers.add(observer);
    });
  }
}
