/**
 * Shtrih-M standard low level (docs/protocols/shtrih.md §2): `STX | LEN | message | LRC` where the
 * message is the command code (1 byte, or 2 bytes `FF xx`) plus its data, LEN counts the message
 * bytes and LRC is the XOR of LEN and every message byte. Outside a frame single bytes are
 * control characters: ENQ polls, ACK and NAK confirm.
 *
 * The decoder is pure and event based: it is fed whatever chunks the UART delivers and reports
 * control bytes, complete frames (with the LRC verdict, because the receiver must answer a bad
 * one with NAK) and skipped garbage. Timing (the byte timeout that abandons a partial frame)
 * belongs to the caller, who calls `abandon()`.
 */
import { assert } from '../../common/assert.ts';

export const STX = 0x02;
export const ENQ = 0x05;
export const ACK = 0x06;
export const NAK = 0x15;

/** LEN is one byte and a message is at least its command code. */
export const MESSAGE_BYTES_MIN = 1;
export const MESSAGE_BYTES_MAX = 255;

export function lrc(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let sum = 0;
  for (let index = start; index < end; index++) sum ^= bytes[index]!;
  return sum;
}

/** STX, LEN, message, LRC: the LRC covers LEN and the message. */
export function encodeFrame(message: Uint8Array): Uint8Array {
  assert(
    message.length >= MESSAGE_BYTES_MIN && message.length <= MESSAGE_BYTES_MAX,
    `shtrih encodeFrame: message of ${message.length} bytes`,
  );
  const frame = new Uint8Array(message.length + 3);
  frame[0] = STX;
  frame[1] = message.length;
  frame.set(message, 2);
  frame[frame.length - 1] = lrc(frame, 1, frame.length - 1);
  return frame;
}

export type ControlByte = typeof ENQ | typeof ACK | typeof NAK;

export type FrameEvent =
  | { kind: 'control'; byte: ControlByte }
  | {
      kind: 'frame';
      /** Command code + data, as counted by LEN. */
      message: Uint8Array;
      lrcOk: boolean;
      /** The whole frame as received, for logs. */
      bytes: Uint8Array;
    }
  /** Bytes that were neither a control byte nor part of a frame (noise, RNDIS `FF`, LEN 0). */
  | { kind: 'garbage'; bytes: Uint8Array };

type State =
  | { kind: 'idle' }
  | { kind: 'length' }
  | { kind: 'body'; frame: Uint8Array; filled: number };

/**
 * Stream → events. Between frames, ENQ/ACK/NAK are control bytes, STX starts a frame and any
 * other byte is garbage. Inside a frame every byte is data: LEN says how many follow. LEN 0 is
 * impossible, so the STX was noise: the decoder reports it as garbage and looks for the next STX.
 */
export class FrameStreamDecoder {
  #state: State = { kind: 'idle' };
  #garbage: number[] = [];

  /** True while a frame has started and is not complete (the byte timeout is running). */
  get inFrame(): boolean {
    return this.#state.kind !== 'idle';
  }

  push(chunk: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = [];
    for (const byte of chunk) this.#byte(byte, events);
    this.#flushGarbage(events);
    return events;
  }

  /** The byte timeout ran out inside a frame: what was read of it is garbage. */
  abandon(): FrameEvent[] {
    const state = this.#state;
    const events: FrameEvent[] = [];
    if (state.kind === 'length') this.#garbage.push(STX);
    if (state.kind === 'body') this.#garbage.push(...state.frame.subarray(0, state.filled));
    this.#state = { kind: 'idle' };
    this.#flushGarbage(events);
    return events;
  }

  #byte(byte: number, events: FrameEvent[]): void {
    const state = this.#state;
    if (state.kind === 'idle') {
      if (byte === STX) {
        this.#flushGarbage(events);
        this.#state = { kind: 'length' };
      } else if (byte === ENQ || byte === ACK || byte === NAK) {
        this.#flushGarbage(events);
        events.push({ kind: 'control', byte });
      } else {
        this.#garbage.push(byte);
      }
      return;
    }
    if (state.kind === 'length') {
      if (byte === 0) {
        this.#garbage.push(STX, byte);
        this.#state = { kind: 'idle' };
        return;
      }
      const frame = new Uint8Array(byte + 3);
      frame[0] = STX;
      frame[1] = byte;
      this.#state = { kind: 'body', frame, filled: 2 };
      return;
    }
    state.frame[state.filled] = byte;
    state.filled += 1;
    if (state.filled < state.frame.length) return;
    const frame = state.frame;
    this.#state = { kind: 'idle' };
    events.push({
      kind: 'frame',
      message: frame.slice(2, frame.length - 1),
      lrcOk: lrc(frame, 1, frame.length - 1) === frame[frame.length - 1],
      bytes: frame,
    });
  }

  #flushGarbage(events: FrameEvent[]): void {
    if (this.#garbage.length === 0) return;
    events.push({ kind: 'garbage', bytes: Uint8Array.from(this.#garbage) });
    this.#garbage = [];
  }
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  assert(/^([0-9a-fA-F]{2})*$/.test(clean), `fromHex: not hex: ${text}`);
  const bytes = new Uint8Array(clean.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = Number.parseInt(clean.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}
