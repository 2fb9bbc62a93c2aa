/**
 * Runs async jobs one after another in call order. The ФР takes one command at a time and a
 * receipt is a sequence of commands, so both the link and the driver's operations queue here:
 * a second caller waits for the first to finish instead of interleaving bytes or commands.
 */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #length = 0;

  /** Jobs waiting or running. */
  get length(): number {
    return this.#length;
  }

  run<T>(job: () => Promise<T>): Promise<T> {
    this.#length += 1;
    const result = this.#tail.then(job, job);
    this.#tail = result.then(
      () => this.#done(),
      () => this.#done(),
    );
    return result;
  }

  #done(): void {
    this.#length -= 1;
  }
}
