/**
 * The device end of the Shtrih-M standard low level (docs/protocols/shtrih-emulator.md, "Link"):
 *
 * - ENQ: NAK when idle; ACK when an answer is being prepared (it follows) or is held unconfirmed
 *   (it is sent again after the ACK).
 * - A frame with a good LRC: ACK, execute, answer; a bad LRC: NAK. Bytes outside a frame that
 *   are not control bytes are ignored; a frame that stops for longer than the byte timeout is
 *   dropped.
 * - The host's ACK confirms the held answer; its NAK leaves it held until the next ENQ. The
 *   device never resends on its own.
 * - A command is executed once: the same frame arriving again while its answer is still
 *   unconfirmed (the host missed our ACK) is answered from the held answer, not run again. Once
 *   the host has confirmed an answer, or sends a different frame, the next frame is new.
 *
 * Wire faults (drop the ACK, corrupt the LRC, hold the answer back, 0xFF after the host's ACK,
 * silence) are switched here; the fiscal faults live in the emulator.
 */
import type { ByteLink } from '../../protocol/link.ts';
import {
  ACK,
  encodeFrame,
  type FrameEvent,
  FrameStreamDecoder,
  NAK,
} from '../../protocol/shtrih/frame.ts';

export type LinkFaults = {
  /** The ACKs of the next N good command frames are not sent (the answer still is). */
  dropAcks: number;
  /** The next N answer frames go out with a wrong LRC (the held copy stays right). */
  corruptReplies: number;
  /** Every answer is held back this long after the ACK; ENQ meanwhile gets ACK. */
  replyDelayMs: number;
  /** A 0xFF byte follows each host ACK of an answer, as over RNDIS. */
  trailingFf: boolean;
};

export const NO_LINK_FAULTS: LinkFaults = {
  dropAcks: 0,
  corruptReplies: 0,
  replyDelayMs: 0,
  trailingFf: false,
};

export type LinkEvent =
  | { kind: 'command'; message: Uint8Array }
  | { kind: 'repeat'; message: Uint8Array }
  | { kind: 'bad-lrc' }
  | { kind: 'garbage'; bytes: number }
  | { kind: 'timeout' };

export type DeviceLinkOptions = {
  byteTimeoutMs: number;
  /** Runs the command message (code + payload) and returns the answer message. */
  execute: (message: Uint8Array) => Uint8Array;
  onEvent?: (event: LinkEvent) => void;
};

type Held = { command: Uint8Array; frame: Uint8Array; ready: boolean };

export class DeviceLink {
  readonly #link: ByteLink;
  readonly #options: DeviceLinkOptions;
  #decoder = new FrameStreamDecoder();
  #byteTimer: NodeJS.Timeout | null = null;
  #held: Held | null = null;
  #faults: LinkFaults = { ...NO_LINK_FAULTS };
  #silent = false;
  /** Set by a power cut armed for "after the next command": executes, then dies unanswered. */
  #dieAfterNextCommand: (() => void) | null = null;
  /** Bumped by every power cut: a delayed answer of an older generation is never sent. */
  #generation = 0;
  #writes: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(link: ByteLink, options: DeviceLinkOptions) {
    this.#link = link;
    this.#options = options;
    link.setDataListener((chunk) => this.#onBytes(chunk));
    link.setCloseListener(() => this.stop());
  }

  get faults(): LinkFaults {
    return { ...this.#faults };
  }

  setFaults(patch: Partial<LinkFaults>): void {
    this.#faults = { ...this.#faults, ...patch };
  }

  get silent(): boolean {
    return this.#silent;
  }

  /** Power: off loses the held answer and any half-read frame; on starts clean. */
  setPower(on: boolean): void {
    if (!on) this.#reset();
    this.#silent = !on;
  }

  /** The next command runs, then the power fails before its answer leaves. */
  dieAfterNextCommand(onDeath: () => void): void {
    this.#dieAfterNextCommand = onDeath;
  }

  /** Whether an answer is held unconfirmed (for the panel and tests). */
  holdsAnswer(): boolean {
    return this.#held !== null;
  }

  stop(): void {
    this.#closed = true;
    this.#reset();
    this.#link.setDataListener(() => {});
  }

  #reset(): void {
    this.#generation += 1;
    this.#held = null;
    this.#decoder = new FrameStreamDecoder();
    this.#clearByteTimer();
  }

  #onBytes(chunk: Uint8Array): void {
    if (this.#closed || this.#silent) return;
    this.#clearByteTimer();
    for (const event of this.#decoder.push(chunk)) this.#onEvent(event);
    if (this.#decoder.inFrame) {
      this.#byteTimer = setTimeout(() => this.#onByteTimeout(), this.#options.byteTimeoutMs);
      this.#byteTimer.unref?.();
    }
  }

  #onByteTimeout(): void {
    this.#byteTimer = null;
    this.#decoder.abandon();
    this.#options.onEvent?.({ kind: 'timeout' });
  }

  #clearByteTimer(): void {
    if (this.#byteTimer) clearTimeout(this.#byteTimer);
    this.#byteTimer = null;
  }

  #onEvent(event: FrameEvent): void {
    if (this.#silent) return;
    switch (event.kind) {
      case 'garbage':
        this.#options.onEvent?.({ kind: 'garbage', bytes: event.bytes.length });
        return;
      case 'control':
        if (event.byte === ACK) this.#onHostAck();
        else if (event.byte === NAK)
          return; // the answer stays held until ENQ
        else this.#onEnq();
        return;
      case 'frame':
        if (!event.lrcOk) {
          this.#options.onEvent?.({ kind: 'bad-lrc' });
          this.#write(Uint8Array.of(NAK));
          return;
        }
        this.#onCommand(event.message);
    }
  }

  #onEnq(): void {
    const held = this.#held;
    if (held === null) {
      this.#write(Uint8Array.of(NAK));
      return;
    }
    this.#write(Uint8Array.of(ACK));
    // Still being prepared: the answer follows by itself when ready.
    if (held.ready) this.#write(this.#outgoing(held.frame));
  }

  #onHostAck(): void {
    if (this.#held === null || !this.#held.ready) return;
    this.#held = null;
    if (this.#faults.trailingFf) this.#write(Uint8Array.of(0xff));
  }

  #onCommand(message: Uint8Array): void {
    const held = this.#held;
    if (held !== null && sameBytes(held.command, message)) {
      this.#options.onEvent?.({ kind: 'repeat', message });
      this.#write(Uint8Array.of(ACK));
      if (held.ready) this.#write(this.#outgoing(held.frame));
      return;
    }
    // A command while another is still being prepared: the device is busy and stays mute.
    if (held !== null && !held.ready) return;
    if (this.#faults.dropAcks > 0) this.#faults.dropAcks -= 1;
    else this.#write(Uint8Array.of(ACK));
    this.#options.onEvent?.({ kind: 'command', message });
    const answer = this.#options.execute(message);
    const death = this.#dieAfterNextCommand;
    if (death) {
      // The ACK is already on its way; the power fails before the answer is ready.
      this.#dieAfterNextCommand = null;
      this.#silent = true;
      const generation = this.#generation;
      this.#writes = this.#writes.then(() => {
        if (generation === this.#generation) death();
      });
      return;
    }
    const next: Held = {
      command: Uint8Array.from(message),
      frame: encodeFrame(answer),
      ready: false,
    };
    this.#held = next;
    const delayMs = this.#faults.replyDelayMs;
    const generation = this.#generation;
    const release = () => {
      if (generation !== this.#generation || this.#held !== next) return;
      next.ready = true;
      this.#write(this.#outgoing(next.frame));
    };
    if (delayMs > 0) setTimeout(release, delayMs).unref?.();
    else release();
  }

  /** The frame as it goes out this time: maybe with a broken LRC. */
  #outgoing(frame: Uint8Array): Uint8Array {
    if (this.#faults.corruptReplies <= 0) return frame;
    this.#faults.corruptReplies -= 1;
    const broken = Uint8Array.from(frame);
    broken[broken.length - 1] = broken[broken.length - 1]! ^ 0x5a;
    return broken;
  }

  #write(bytes: Uint8Array): void {
    const generation = this.#generation;
    this.#writes = this.#writes.then(async () => {
      if (this.#closed || generation !== this.#generation) return;
      try {
        await this.#link.write(bytes);
      } catch {
        // The host side went away: a device just stops talking.
        this.#closed = true;
      }
    });
  }
}

function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && left.every((byte, index) => byte === right[index]);
}
