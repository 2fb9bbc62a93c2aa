/**
 * CCNET framing: `02 | ADR | LNG | [CMD] | DATA | CRC16 (LSB first)`, CRC-16/KERMIT over everything
 * before the CRC. LNG counts the whole frame; LNG=00 means a long frame whose real length follows
 * as two bytes, MSB first (docs/protocols/ccnet.md §2).
 *
 * The decoder is pure (time is passed in) and length-driven: a UART delivers frames split and
 * merged arbitrarily, with line noise in between, so a candidate frame is accepted only when its
 * CRC matches; on any mismatch it slides one byte and searches for the next SYNC.
 */
import { assert } from '../../common/assert.ts';

export const SYNC = 0x02;
export const ADDRESS_BILL_VALIDATOR = 0x03;
/** SYNC + ADR + LNG + CRC(2): the smallest legal frame carries at least one byte more. */
export const FRAME_OVERHEAD_BYTES = 5;
export const FRAME_BYTES_MIN = 6;
/** Short frames: LNG is one byte. */
export const SHORT_FRAME_BYTES_MAX = 255;
/** The spec allows 65528-byte long frames; a bill validator never sends one. Guard memory. */
export const FRAME_BYTES_MAX_DEFAULT = 1024;
/** Spec: at most 5 ms between bytes of one frame; we allow a busy host much more. */
export const INTER_FRAME_TIMEOUT_MS_DEFAULT = 100;

export type Frame = {
  address: number;
  /** Everything between the length field(s) and the CRC: CMD + data, or response data. */
  payload: Uint8Array;
  /** The whole frame as received, for logs. */
  bytes: Uint8Array;
};

const CRC_TABLE = buildCrcTable();

function buildCrcTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
    table[byte] = crc;
  }
  return table;
}

/** CRC-16/KERMIT (reflected 0x1021 = 0x8408, init 0, no final XOR), as in CCNET spec p.9. */
export function crc16Kermit(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let index = start; index < end; index++) {
    crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ bytes[index]!) & 0xff]!;
  }
  return crc;
}

/**
 * Encodes one frame. `payload` is CMD + data for a command, or the data of a response (ACK is
 * `[0x00]`, NAK `[0xFF]`). Payloads that do not fit a short frame use the long form with the
 * length right after LNG=00 (the form a response uses; we never send long commands).
 */
export function encodeFrame(payload: Uint8Array, address = ADDRESS_BILL_VALIDATOR): Uint8Array {
  assert(payload.length >= 1, 'encodeFrame: empty payload');
  assert(address >= 1 && address <= 0x0f, `encodeFrame: bad address ${address}`);
  const shortBytes = payload.length + FRAME_OVERHEAD_BYTES;
  const isLong = shortBytes > SHORT_FRAME_BYTES_MAX;
  const frameBytes = isLong ? shortBytes + 2 : shortBytes;
  assert(frameBytes <= 0xfff8, 'encodeFrame: payload too long');
  const frame = new Uint8Array(frameBytes);
  frame[0] = SYNC;
  frame[1] = address;
  let offset = 3;
  if (isLong) {
    frame[2] = 0;
    frame[3] = frameBytes >>> 8;
    frame[4] = frameBytes & 0xff;
    offset = 5;
  } else {
    frame[2] = frameBytes;
  }
  frame.set(payload, offset);
  const crc = crc16Kermit(frame, 0, frameBytes - 2);
  frame[frameBytes - 2] = crc & 0xff;
  frame[frameBytes - 1] = crc >>> 8;
  return frame;
}

export function encodeCommand(
  command: number,
  data: Uint8Array = new Uint8Array(0),
  address = ADDRESS_BILL_VALIDATOR,
): Uint8Array {
  assert(command >= 0 && command <= 0xff, 'encodeCommand: command byte');
  const payload = new Uint8Array(1 + data.length);
  payload[0] = command;
  payload.set(data, 1);
  return encodeFrame(payload, address);
}

export type DiscardReason = 'garbage' | 'crc' | 'length' | 'address' | 'stale';

export type FrameDecoderOptions = {
  /** Frames for other addresses are treated as noise. */
  address?: number;
  frameBytesMax?: number;
  interFrameTimeoutMs?: number;
  /** Called for every run of discarded bytes (for logs and for a device's NAK). */
  onDiscard?: (reason: DiscardReason, bytes: Uint8Array) => void;
};

type Candidate =
  | { kind: 'need-more' }
  | { kind: 'invalid'; reason: DiscardReason }
  | { kind: 'frame'; frame: Frame; frameBytes: number };

/**
 * Stream → frames. `push(chunk, nowMs)` returns every complete frame the chunk finished.
 * A partial frame older than `interFrameTimeoutMs` is stale: call `expire(nowMs)` from a timer
 * (push does it too) and it is dropped one byte at a time, so a complete frame hidden behind a
 * false SYNC (a noise `02` with a large LNG) is still recovered.
 */
export class FrameDecoder {
  readonly #address: number;
  readonly #frameBytesMax: number;
  readonly #interFrameTimeoutMs: number;
  readonly #onDiscard: (reason: DiscardReason, bytes: Uint8Array) => void;
  #buffer = new Uint8Array(0);
  #lastByteAtMs = 0;
  discardedByteCount = 0;

  constructor(options: FrameDecoderOptions = {}) {
    this.#address = options.address ?? ADDRESS_BILL_VALIDATOR;
    this.#frameBytesMax = options.frameBytesMax ?? FRAME_BYTES_MAX_DEFAULT;
    this.#interFrameTimeoutMs = options.interFrameTimeoutMs ?? INTER_FRAME_TIMEOUT_MS_DEFAULT;
    this.#onDiscard = options.onDiscard ?? (() => {});
    assert(this.#frameBytesMax >= FRAME_BYTES_MIN, 'FrameDecoder: frameBytesMax');
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pendingByteCount(): number {
    return this.#buffer.length;
  }

  push(chunk: Uint8Array, nowMs: number): Frame[] {
    const frames = this.expire(nowMs);
    if (chunk.length === 0) return frames;
    const merged = new Uint8Array(this.#buffer.length + chunk.length);
    merged.set(this.#buffer, 0);
    merged.set(chunk, this.#buffer.length);
    this.#buffer = merged;
    this.#lastByteAtMs = nowMs;
    frames.push(...this.#extract());
    return frames;
  }

  /** Drops a partial frame that has been waiting longer than the inter-frame timeout. */
  expire(nowMs: number): Frame[] {
    const frames: Frame[] = [];
    if (this.#buffer.length === 0) return frames;
    if (nowMs - this.#lastByteAtMs < this.#interFrameTimeoutMs) return frames;
    // Bounded: every round removes at least one byte.
    for (let round = 0; this.#buffer.length > 0 && round < 0x10000; round++) {
      this.#drop(1, 'stale');
      frames.push(...this.#extract());
    }
    return frames;
  }

  reset(): void {
    if (this.#buffer.length > 0) this.#drop(this.#buffer.length, 'stale');
  }

  #extract(): Frame[] {
    const frames: Frame[] = [];
    // Bounded: each round either emits a frame, drops bytes, or stops.
    for (let round = 0; round < 0x10000; round++) {
      const syncAt = this.#buffer.indexOf(SYNC);
      if (syncAt < 0) {
        if (this.#buffer.length > 0) this.#drop(this.#buffer.length, 'garbage');
        return frames;
      }
      if (syncAt > 0) this.#drop(syncAt, 'garbage');
      const candidate = this.#candidate();
      if (candidate.kind === 'need-more') return frames;
      if (candidate.kind === 'invalid') {
        this.#drop(1, candidate.reason);
        continue;
      }
      frames.push(candidate.frame);
      this.#buffer = this.#buffer.slice(candidate.frameBytes);
    }
    return frames;
  }

  /** Examines the frame that starts at buffer[0] (a SYNC). */
  #candidate(): Candidate {
    const buffer = this.#buffer;
    if (buffer.length < 3) return { kind: 'need-more' };
    if (buffer[1] !== this.#address) return { kind: 'invalid', reason: 'address' };
    const shortLength = buffer[2]!;
    if (shortLength !== 0) {
      if (shortLength < FRAME_BYTES_MIN || shortLength > this.#frameBytesMax) {
        return { kind: 'invalid', reason: 'length' };
      }
      return this.#checked(shortLength, 3);
    }
    return this.#longCandidate();
  }

  /**
   * LNG=00: the real length sits right after LNG (responses), after CMD, or after SUBCMD
   * (commands). Try each position; only a matching CRC decides.
   */
  #longCandidate(): Candidate {
    let needMore = false;
    for (const lengthAt of [3, 4, 5]) {
      if (this.#buffer.length < lengthAt + 2) {
        needMore = true;
        continue;
      }
      const frameBytes = (this.#buffer[lengthAt]! << 8) | this.#buffer[lengthAt + 1]!;
      if (frameBytes < lengthAt + 2 + 3 || frameBytes > this.#frameBytesMax) continue;
      const result = this.#checked(frameBytes, lengthAt + 2, lengthAt);
      if (result.kind === 'frame') return result;
      if (result.kind === 'need-more') needMore = true;
    }
    return needMore ? { kind: 'need-more' } : { kind: 'invalid', reason: 'length' };
  }

  /** payloadAt: first payload byte; lengthAt: the two long-length bytes to leave out, if any. */
  #checked(frameBytes: number, payloadAt: number, lengthAt?: number): Candidate {
    const buffer = this.#buffer;
    if (buffer.length < frameBytes) return { kind: 'need-more' };
    const crc = crc16Kermit(buffer, 0, frameBytes - 2);
    const crcReceived = buffer[frameBytes - 2]! | (buffer[frameBytes - 1]! << 8);
    if (crc !== crcReceived) return { kind: 'invalid', reason: 'crc' };
    const bytes = buffer.slice(0, frameBytes);
    let payload = bytes.slice(payloadAt, frameBytes - 2);
    if (lengthAt !== undefined && lengthAt > 3) {
      // Length sat after CMD (and SUBCMD): payload is the bytes before it plus the bytes after.
      const head = bytes.slice(3, lengthAt);
      payload = new Uint8Array(head.length + payload.length);
      payload.set(head, 0);
      payload.set(bytes.slice(payloadAt, frameBytes - 2), head.length);
    }
    return { kind: 'frame', frame: { address: buffer[1]!, payload, bytes }, frameBytes };
  }

  #drop(count: number, reason: DiscardReason): void {
    const dropped = this.#buffer.slice(0, count);
    this.#buffer = this.#buffer.slice(count);
    this.discardedByteCount += count;
    this.#onDiscard(reason, dropped);
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
