/**
 * Ordered event delivery to the one listener of a BillAcceptorPort: one event at a time, each
 * awaiting the previous one, so the listener sees the device's order. A money event counts as
 * delivered only when the listener's promise resolved (it has persisted it).
 */
import type { AcceptorEvent } from '../../../common/ports.ts';
import type { Log } from './transport.ts';

export class EventDelivery {
  readonly #log: Log;
  #listener: ((event: AcceptorEvent) => Promise<void>) | null = null;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(log: Log) {
    this.#log = log;
  }

  setListener(listener: (event: AcceptorEvent) => Promise<void>): void {
    this.#listener = listener;
  }

  /** Queues the event; resolves true once the listener resolved for it, false if it threw. */
  deliver(event: AcceptorEvent): Promise<boolean> {
    const run = async (): Promise<boolean> => {
      const listener = this.#listener;
      if (!listener) {
        // Nobody can persist a credit: refuse it, so the device keeps it unacknowledged.
        const isMoney = event.kind === 'stacked' || event.kind === 'returned';
        if (isMoney) this.#log('error', 'ccnet: no listener for money event', { event });
        return !isMoney;
      }
      try {
        await listener(event);
        return true;
      } catch (error) {
        this.#log('error', 'ccnet: listener failed', { event, error: String(error) });
        return false;
      }
    };
    const delivered = this.#tail.then(run);
    this.#tail = delivered;
    return delivered;
  }

  /** Resolves when everything queued so far has been delivered. */
  drained(): Promise<unknown> {
    return this.#tail;
  }
}

/** True when `done` resolved true within `waitMs`; false if it failed or is still running. */
export async function settledWithin(done: Promise<boolean>, waitMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const slow = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), waitMs);
  });
  const delivered = await Promise.race([done, slow]);
  clearTimeout(timer);
  return delivered;
}
