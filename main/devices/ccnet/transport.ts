/**
 * CCNET host transport: exactly one command in flight, its answer recognised by the shape the
 * command expects (ccnet.md §11: a response means what the outstanding command says), retries
 * on NAK and silence, bus-free time before every command, and the host ACK.
 *
 * Frames that arrive while no command waits, or that do not fit the command (a late answer to
 * an earlier, timed-out command), are strays: logged and dropped, never ACKed, so the device
 * repeats anything that mattered.
 */
import { err, ok, type Result } from '../../../common/result.ts';
import type { AcceptorError } from '../../../common/ports.ts';
import type { ByteLink } from '../../../protocol/link.ts';
import { commandNames, Reply } from '../../../protocol/ccnet/codes.ts';
import {
  encodeCommand,
  encodeFrame,
  type Frame,
  FrameDecoder,
  toHex,
} from '../../../protocol/ccnet/frame.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

/** What answer a command expects; a data answer is accepted only if `fits` says so. */
export type Expect = { kind: 'ack' } | { kind: 'data'; fits: (payload: Uint8Array) => boolean };

export type TransportOptions = {
  responseTimeoutMs: number;
  retriesMax: number;
  busFreeMs: number;
  interFrameTimeoutMs: number;
  log: Log;
  now: () => number;
};

const INBOX_MAX = 16;

export class CcnetTransport {
  readonly #link: ByteLink;
  readonly #options: TransportOptions;
  readonly #decoder: FrameDecoder;
  readonly #inbox: Frame[] = [];
  #onFrame: (() => void) | null = null;
  #busQuietSinceMs = 0;
  #expireTimer: NodeJS.Timeout | null = null;
  #closedReason: string | null = null;
  /** Time of the last frame with a valid CRC: the device is alive. */
  lastAnswerAtMs: number;

  constructor(link: ByteLink, options: TransportOptions) {
    this.#link = link;
    this.#options = options;
    this.lastAnswerAtMs = options.now();
    this.#decoder = new FrameDecoder({
      interFrameTimeoutMs: options.interFrameTimeoutMs,
      onDiscard: (reason, bytes) =>
        options.log('debug', 'ccnet: discarded bytes', { reason, bytes: toHex(bytes) }),
    });
    link.setDataListener((chunk) => this.#receive(chunk));
    link.setCloseListener((reason) => {
      this.#closedReason = reason;
      options.log('warn', 'ccnet: link closed', { reason });
      this.#onFrame?.();
    });
  }

  get closed(): boolean {
    return this.#closedReason !== null;
  }

  /**
   * Sends one command and waits for its answer: `null` for ACK, the payload for data.
   * The caller ACKs data answers itself (some only after the money is persisted).
   */
  async transact(
    command: number,
    data: Uint8Array,
    expect: Expect,
  ): Promise<Result<Uint8Array | null, AcceptorError>> {
    const name = commandNames[command] ?? `0x${command.toString(16)}`;
    const frame = encodeCommand(command, data);
    for (let attempt = 0; attempt <= this.#options.retriesMax; attempt++) {
      if (this.#closedReason !== null) return err({ kind: 'closed' });
      await this.#waitBusFree();
      this.#dropStrays();
      try {
        await this.#link.write(frame);
      } catch (error) {
        return err({ kind: 'io', message: error instanceof Error ? error.message : String(error) });
      }
      const answer = await this.#awaitAnswer(expect);
      if (answer === null) {
        this.#options.log('debug', 'ccnet: no answer', { command: name, attempt });
        await this.#drainLateAnswers();
        continue;
      }
      const single = answer.length === 1 ? answer[0] : undefined;
      if (single === Reply.nak) {
        this.#options.log('debug', 'ccnet: NAK', { command: name, attempt });
        continue;
      }
      if (single === Reply.illegal) {
        this.#options.log('info', 'ccnet: ILLEGAL COMMAND', { command: name, attempt });
        return err({ kind: 'illegal-command', command: name });
      }
      if (expect.kind === 'ack') return ok(null);
      return ok(answer);
    }
    if (this.#closedReason !== null) return err({ kind: 'closed' });
    return err({ kind: 'timeout', command: name });
  }

  /** Host ACK of a data answer: at once, no bus-free wait (the device allows 10 ms). */
  async ack(): Promise<Result<void, AcceptorError>> {
    if (this.#closedReason !== null) return err({ kind: 'closed' });
    try {
      await this.#link.write(encodeFrame(Uint8Array.of(Reply.ack)));
    } catch (error) {
      return err({ kind: 'io', message: error instanceof Error ? error.message : String(error) });
    }
    this.#busQuietSinceMs = this.#options.now();
    return ok(undefined);
  }

  async close(): Promise<void> {
    if (this.#expireTimer) clearTimeout(this.#expireTimer);
    this.#closedReason ??= 'closed by host';
    this.#onFrame?.();
    await this.#link.close();
  }

  #receive(chunk: Uint8Array): void {
    const nowMs = this.#options.now();
    this.#busQuietSinceMs = nowMs;
    const frames = this.#decoder.push(chunk, nowMs);
    this.#accept(frames);
    if (this.#expireTimer) clearTimeout(this.#expireTimer);
    if (this.#decoder.pendingByteCount > 0) {
      // A partial frame that never completes must not hide the frames behind it.
      this.#expireTimer = setTimeout(() => {
        this.#accept(this.#decoder.expire(this.#options.now()));
      }, this.#options.interFrameTimeoutMs + 1);
    }
  }

  #accept(frames: Frame[]): void {
    if (frames.length === 0) return;
    this.lastAnswerAtMs = this.#options.now();
    for (const frame of frames) {
      if (this.#inbox.length >= INBOX_MAX) this.#inbox.shift();
      this.#inbox.push(frame);
    }
    this.#onFrame?.();
  }

  #dropStrays(): void {
    for (const frame of this.#inbox.splice(0)) {
      this.#options.log('debug', 'ccnet: stray frame dropped', { bytes: toHex(frame.bytes) });
    }
  }

  /** The first frame that fits `expect` (or is NAK/ILLEGAL), or null after the timeout. */
  #awaitAnswer(expect: Expect): Promise<Uint8Array | null> {
    return new Promise((resolve) => {
      const finish = (answer: Uint8Array | null) => {
        clearTimeout(timer);
        this.#onFrame = null;
        resolve(answer);
      };
      const check = () => {
        if (this.#closedReason !== null) return finish(null);
        for (let frame = this.#inbox.shift(); frame; frame = this.#inbox.shift()) {
          if (fits(frame.payload, expect)) return finish(frame.payload);
          this.#options.log('debug', 'ccnet: unexpected frame', { bytes: toHex(frame.bytes) });
        }
      };
      const timer = setTimeout(() => finish(null), this.#options.responseTimeoutMs);
      this.#onFrame = check;
      check();
    });
  }

  /**
   * After a timeout the answer may still be on its way. Taken as the answer to the retry, it
   * would be ACKed in place of the retry's own answer — and the device, seeing an ACK, would
   * drop a `81` the host never read. So wait until the line has been quiet for a response
   * timeout and throw away whatever came; the device repeats what was not ACKed.
   */
  async #drainLateAnswers(): Promise<void> {
    const timedOutAtMs = this.#options.now();
    const quietMs = this.#options.responseTimeoutMs;
    // Bounded: a device that never stops talking costs at most 8 rounds.
    for (let round = 0; round < 8; round++) {
      const quietSinceMs = Math.max(this.#busQuietSinceMs, timedOutAtMs);
      const waitMs = quietSinceMs + quietMs - this.#options.now();
      if (waitMs <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
    this.#dropStrays();
  }

  async #waitBusFree(): Promise<void> {
    const waitMs = this.#busQuietSinceMs + this.#options.busFreeMs - this.#options.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

function fits(payload: Uint8Array, expect: Expect): boolean {
  if (payload.length === 1 && (payload[0] === Reply.nak || payload[0] === Reply.illegal)) {
    return true;
  }
  if (expect.kind === 'ack') return payload.length === 1 && payload[0] === Reply.ack;
  if (payload.length === 1 && payload[0] === Reply.ack) return false;
  return expect.fits(payload);
}
