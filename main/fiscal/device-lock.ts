/**
 * One conversation with the fiscal registrar at a time. A serial ККТ answers one command after
 * another; two workers interleaving their commands (the receipt queue opening a receipt while
 * the shift keeper sends a Z report) would each see the other's state. Every use of the port
 * goes through `run`, in the order asked.
 */
export type DeviceLock = {
  run<T>(work: () => Promise<T>): Promise<T>;
};

export function createDeviceLock(): DeviceLock {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      const result = tail.then(work);
      // The next one waits for this one to settle, whether it failed or not.
      tail = result.then(
        () => undefined,
        () => undefined,
      );
      return result;
    },
  };
}
