import { assert } from '../../../common/assert.ts';
import { classifyReplyByte } from './status.ts';

export type ReplyLog = { warn(fields: object, message: string): void };

type Waiter = { resolve: (byte: number | null) => void; timer: NodeJS.Timeout };
type FrameWaiter = {
  resolve: (frame: Uint8Array | null) => void;
  timer: NodeJS.Timeout;
  bytes: number[];
};

/** Custom printers answer DLE EOT 20 with `10 0F b3 b4 b5 b6` (docs/protocols/escpos.md §7). */
export const CUSTOM_STATUS_FRAME_BYTES = 6;

/** Bound on bytes we ignore in a row before we stop logging each one (noise on a bad cable). */
const UNEXPECTED_LOG_COUNT_MAX = 16;

/**
 * Sorts bytes from the printer into real-time status replies, GS r replies, ASB blocks and
 * XON/XOFF, so no reply is taken for another (docs/protocols/escpos.md §6). At most one request of
 * each kind is in flight: the driver serialises its requests.
 */
export class ReplyReader {
  #realtime: Waiter | null = null;
  #plain: Waiter | null = null;
  #frame: FrameWaiter | null = null;
  #asbBytesLeft = 0;
  #xoff = false;
  #xonWaiters: Array<() => void> = [];
  #closed = false;
  #unexpectedCount = 0;
  /** Set after a real-time request timed out: until it resolves, real-time bytes are late ones. */
  #quietUntilSettled: Promise<void> | null = null;
  readonly #log: ReplyLog;

  constructor(log: ReplyLog) {
    this.#log = log;
  }

  get closed(): boolean {
    return this.#closed;
  }

  feed(chunk: Uint8Array): void {
    for (const byte of chunk) this.#feedByte(byte);
  }

  #feedByte(byte: number): void {
    if (this.#frame !== null && (this.#frame.bytes.length > 0 || byte === 0x10)) {
      this.#feedFrame(this.#frame, byte);
      return;
    }
    if (this.#asbBytesLeft > 0) {
      this.#asbBytesLeft -= 1;
      return;
    }
    switch (classifyReplyByte(byte)) {
      case 'xon':
        this.#xoff = false;
        for (const wake of this.#xonWaiters.splice(0)) wake();
        return;
      case 'xoff':
        this.#xoff = true;
        return;
      case 'realtime':
        if (this.#quietUntilSettled !== null) return; // a late reply to a timed-out request
        if (this.#realtime) {
          this.#settle('realtime', byte);
          return;
        }
        this.#unexpected(byte, 'real-time status without a request');
        return;
      case 'plain-status':
        if (this.#plain) {
          this.#settle('plain', byte);
          return;
        }
        this.#unexpected(byte, 'status byte without a request');
        return;
      case 'asb-start':
        // Automatic Status Back enabled by a DIP switch: 4 bytes we did not ask for; skip them.
        this.#asbBytesLeft = 3;
        return;
      case 'unknown':
        this.#unexpected(byte, 'unrecognised byte from printer');
        return;
    }
  }

  #unexpected(byte: number, message: string): void {
    this.#unexpectedCount += 1;
    if (this.#unexpectedCount <= UNEXPECTED_LOG_COUNT_MAX) this.#log.warn({ byte }, message);
  }

  #feedFrame(frame: FrameWaiter, byte: number): void {
    frame.bytes.push(byte);
    if (frame.bytes.length === 2 && byte !== 0x0f) {
      this.#unexpected(byte, 'not a Custom full-status frame');
      frame.bytes.length = 0;
      return;
    }
    if (frame.bytes.length < CUSTOM_STATUS_FRAME_BYTES) return;
    this.#frame = null;
    clearTimeout(frame.timer);
    frame.resolve(Uint8Array.from(frame.bytes));
  }

  /** Registers for the next Custom full-status frame; call BEFORE writing DLE EOT 20. */
  expectCustomFrame(timeoutMs: number): Promise<Uint8Array | null> {
    assert(this.#frame === null, 'reply-reader: full-status request already in flight');
    if (this.#closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#frame = null;
        resolve(null);
      }, timeoutMs);
      this.#frame = { resolve, timer, bytes: [] };
    });
  }

  /** Registers for the next real-time reply; call BEFORE writing the request. */
  expectRealtime(timeoutMs: number): Promise<number | null> {
    return this.#expect('realtime', timeoutMs);
  }

  /** Registers for the next GS r reply; call BEFORE writing the request. */
  expectPlain(timeoutMs: number): Promise<number | null> {
    return this.#expect('plain', timeoutMs);
  }

  #expect(kind: 'realtime' | 'plain', timeoutMs: number): Promise<number | null> {
    assert(this.#slot(kind) === null, `reply-reader: ${kind} request already in flight`);
    if (this.#closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#settle(kind, null, timeoutMs), timeoutMs);
      const waiter = { resolve, timer };
      if (kind === 'realtime') this.#realtime = waiter;
      else this.#plain = waiter;
    });
  }

  #slot(kind: 'realtime' | 'plain'): Waiter | null {
    return kind === 'realtime' ? this.#realtime : this.#plain;
  }

  /**
   * Waits out the quiet window after a timed-out real-time request. Replies carry no request
   * number, so a reply arriving late would otherwise be taken as the answer to the next request.
   */
  async quiet(): Promise<void> {
    if (this.#quietUntilSettled !== null) await this.#quietUntilSettled;
  }

  #startQuietWindow(windowMs: number): void {
    if (this.#quietUntilSettled !== null) return;
    this.#quietUntilSettled = new Promise((resolve) => {
      setTimeout(() => {
        this.#quietUntilSettled = null;
        resolve();
      }, windowMs);
    });
  }

  #settle(kind: 'realtime' | 'plain', byte: number | null, timedOutMs = 0): void {
    const waiter = this.#slot(kind);
    if (!waiter) return;
    if (kind === 'realtime' && timedOutMs > 0) this.#startQuietWindow(timedOutMs);
    if (kind === 'realtime') this.#realtime = null;
    else this.#plain = null;
    clearTimeout(waiter.timer);
    waiter.resolve(byte);
  }

  /** Resolves true when the printer accepts data (no XOFF pending), false on timeout/close. */
  waitWritable(timeoutMs: number): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    if (!this.#xoff) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve(!this.#closed);
      };
      const timer = setTimeout(() => {
        this.#xonWaiters = this.#xonWaiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      this.#xonWaiters.push(wake);
    });
  }

  /** Gives up on pending requests (their write failed): each resolves with null. */
  cancelPending(): void {
    this.#settle('realtime', null);
    this.#settle('plain', null);
    const frame = this.#frame;
    this.#frame = null;
    if (frame) {
      clearTimeout(frame.timer);
      frame.resolve(null);
    }
  }

  close(): void {
    this.#closed = true;
    this.cancelPending();
    for (const wake of this.#xonWaiters.splice(0)) wake();
  }
}
