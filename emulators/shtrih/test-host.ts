/**
 * A bare host for the emulator's tests: it writes raw bytes on a memory link and reads what the
 * device sends back, byte for byte, so tests see the wire exactly (no driver in between).
 */
import { assert } from '../../common/assert.ts';
import { createMemoryLinkPair } from '../../protocol/memory-link.ts';
import type { ByteLink } from '../../protocol/link.ts';
import { ACK, ENQ, encodeFrame, NAK, STX } from '../../protocol/shtrih/frame.ts';
import type { ShtrihEmulator } from './emulator.ts';

/** Upper bound for a wait; the memory link delivers within a few macrotasks. */
const WAIT_LIMIT_MS = 3_000;

export class TestHost {
  readonly link: ByteLink;
  #received: number[] = [];

  constructor(link: ByteLink) {
    this.link = link;
    link.setDataListener((chunk) => this.#received.push(...chunk));
  }

  static attachedTo(emulator: ShtrihEmulator): TestHost {
    const [hostSide, deviceSide] = createMemoryLinkPair();
    emulator.attach(deviceSide);
    return new TestHost(hostSide);
  }

  async send(bytes: Uint8Array | readonly number[]): Promise<void> {
    await this.link.write(Uint8Array.from(bytes));
  }

  /** Waits for exactly `count` bytes and takes them. */
  async take(count: number): Promise<number[]> {
    await this.#waitUntil(() => this.#received.length >= count, `${count} bytes`);
    return this.#received.splice(0, count);
  }

  /** Lets the event loop run, then takes whatever arrived (possibly nothing). */
  async drain(): Promise<number[]> {
    await settle();
    return this.#received.splice(0);
  }

  /** Takes one whole frame (STX, LEN, message, LRC). */
  async takeFrame(): Promise<number[]> {
    const head = await this.take(2);
    assert(head[0] === STX, `expected STX, got ${head[0]}`);
    return [...head, ...(await this.take(head[1]! + 1))];
  }

  /** ENQ → NAK, command frame → ACK, answer frame → our ACK: the answer message. */
  async exchange(message: Uint8Array): Promise<Uint8Array> {
    await this.send([ENQ]);
    const idle = await this.take(1);
    assert(idle[0] === NAK, `ENQ answered ${idle[0]} instead of NAK`);
    await this.send(encodeFrame(message));
    const ack = await this.take(1);
    assert(ack[0] === ACK, `command answered ${ack[0]} instead of ACK`);
    const frame = await this.takeFrame();
    await this.send([ACK]);
    return Uint8Array.from(frame.slice(2, -1));
  }

  async #waitUntil(done: () => boolean, what: string): Promise<void> {
    const start = Date.now();
    while (!done()) {
      assert(Date.now() - start < WAIT_LIMIT_MS, `test host: no ${what} from the device`);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}

/** A few macrotasks: enough for the memory link and the device's write queue. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 10; round += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
