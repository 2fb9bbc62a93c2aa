/**
 * The emulator's transmit side: answers leave in order (a UART cannot reorder), each one
 * possibly dropped, corrupted, delayed or split into chunks according to its OutgoingPlan.
 */
import type { ByteLink } from '../../protocol/link.ts';
import type { OutgoingPlan } from './faults.ts';

/** Gap between the chunks of a split answer: enough to land in separate reads. */
const SPLIT_GAP_MS = 2;
/** Answers waiting to be written; more means the host is flooding us, so shed the oldest. */
const PENDING_MAX = 64;

export class FaultyWire {
  readonly #link: ByteLink;
  readonly #pending: (OutgoingPlan & { onTransmit: () => void })[] = [];
  #busy = false;
  #stopped = false;

  constructor(link: ByteLink) {
    this.#link = link;
  }

  /**
   * `onTransmit` runs when the answer actually starts down the line (after any delay): that is
   * the answer a host ACK arriving from then on refers to. A dropped answer "went out" at once.
   */
  send(plan: OutgoingPlan, onTransmit: () => void): void {
    if (this.#stopped) return;
    if (plan.drop) {
      onTransmit();
      return;
    }
    if (this.#pending.length >= PENDING_MAX) this.#pending.shift();
    this.#pending.push({ ...plan, onTransmit });
    if (!this.#busy) void this.#pump();
  }

  stop(): void {
    this.#stopped = true;
    this.#pending.length = 0;
  }

  async #pump(): Promise<void> {
    this.#busy = true;
    try {
      for (let plan = this.#pending.shift(); plan; plan = this.#pending.shift()) {
        if (plan.delayMs > 0) await sleep(plan.delayMs);
        if (this.#stopped) return;
        plan.onTransmit();
        let start = 0;
        for (const end of plan.chunkEnds) {
          if (this.#stopped) return;
          if (start > 0) await sleep(SPLIT_GAP_MS);
          await this.#link.write(plan.bytes.subarray(start, end));
          start = end;
        }
      }
    } catch {
      // The host side went away; a device just stops talking.
      this.#stopped = true;
    } finally {
      this.#busy = false;
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
