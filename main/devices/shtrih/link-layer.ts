/**
 * Host side of the Shtrih-M link (docs/protocols/shtrih.md §2.2): one command at a time, ENQ
 * before every command to learn what the device holds, resend on NAK, NAK + ENQ to re-read a
 * garbled answer, and — the rule everything else serves — never a second copy of a command the
 * device may already have taken. Whenever that is unclear (no ACK, no answer), the host asks
 * with ENQ: ACK means the device has the command and holds or prepares its answer, NAK means it
 * is idle and a resend is safe.
 */
import { err, ok, type Result } from '../../../common/result.ts';
import type { ByteLink } from '../../../protocol/link.ts';
import {
  ACK,
  ENQ,
  encodeFrame,
  type FrameEvent,
  FrameStreamDecoder,
  NAK,
  toHex,
} from '../../../protocol/shtrih/frame.ts';
import { SerialQueue } from './serial-queue.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export type LinkError =
  /** Nothing answers, not even ENQ: the command was not delivered, or its fate is unknown. */
  | { kind: 'offline' }
  /** The device took the command (ACK) but its answer never came: it may have run. */
  | { kind: 'timeout' }
  | { kind: 'io'; message: string }
  | { kind: 'closed' };

export type LinkOptions = {
  /** How long to wait for ACK/NAK after a frame or ENQ (the device waits a byte timeout first). */
  ackTimeoutMs: number;
  /** Longest gap between two bytes of one frame. */
  byteTimeoutMs: number;
  /** ENQs without any answer before the device counts as offline. */
  enqAttemptsMax: number;
  /** Sends of one command the device refused with NAK. */
  sendAttemptsMax: number;
  /** Garbled answers re-read with NAK + ENQ. */
  answerRereadsMax: number;
  /** Times the answer timeout may start over while the device still says it is preparing. */
  answerWaitsMax: number;
  /** Old answers (to a command that timed out) read and thrown away before a new command. */
  staleAnswersMax: number;
  /** How long to wait for such an old answer. */
  staleAnswerTimeoutMs: number;
  log: Log;
};

type Inbound = Exclude<FrameEvent, { kind: 'garbage' }> | { kind: 'torn' };
type FrameIn = Extract<Inbound, { kind: 'frame' }>;
type Probe = { kind: 'idle' } | { kind: 'busy' } | { kind: 'silent' } | FrameIn;

const INBOX_MAX = 64;

export class ShtrihLinkLayer {
  readonly #link: ByteLink;
  readonly #options: LinkOptions;
  readonly #decoder = new FrameStreamDecoder();
  readonly #queue = new SerialQueue();
  readonly #inbox: Inbound[] = [];
  #wake: (() => void) | null = null;
  #byteTimer: NodeJS.Timeout | null = null;
  #closedReason: string | null = null;

  constructor(link: ByteLink, options: LinkOptions) {
    this.#link = link;
    this.#options = options;
    link.setDataListener((chunk) => this.#receive(chunk));
    link.setCloseListener((reason) => {
      this.#closedReason = reason;
      options.log('warn', 'shtrih: link closed', { reason });
      this.#wake?.();
    });
  }

  get closed(): boolean {
    return this.#closedReason !== null;
  }

  /** Sends one command message and resolves with the device's answer message. */
  transact(message: Uint8Array, answerTimeoutMs: number): Promise<Result<Uint8Array, LinkError>> {
    return this.#queue.run(() => this.#transact(message, answerTimeoutMs));
  }

  async close(): Promise<void> {
    this.#closedReason ??= 'closed by host';
    if (this.#byteTimer) clearTimeout(this.#byteTimer);
    this.#wake?.();
    await this.#link.close();
  }

  async #transact(
    message: Uint8Array,
    answerTimeoutMs: number,
  ): Promise<Result<Uint8Array, LinkError>> {
    if (this.#closedReason !== null) return err({ kind: 'closed' });
    const idle = await this.#becomeIdle();
    if (!idle.ok) return idle;
    const frame = encodeFrame(message);
    let refusals = 0;
    // Bounded: every round counts a refusal or returns.
    while (refusals < this.#options.sendAttemptsMax) {
      this.#inbox.length = 0;
      const sent = await this.#write(frame);
      if (!sent.ok) return sent;
      const reply = await this.#nextSignal(this.#options.ackTimeoutMs);
      if (reply !== null && reply.kind === 'frame') {
        // The ACK was lost on the way and the answer followed it.
        return this.#answerFrame(reply, answerTimeoutMs, 1);
      }
      if (reply !== null && isControl(reply, ACK)) return this.#readAnswer(answerTimeoutMs);
      if (reply !== null && isControl(reply, NAK)) {
        this.#options.log('debug', 'shtrih: NAK on command', { command: hex1(message) });
        refusals += 1;
        continue;
      }
      // No ACK: ask rather than resend, the device may have the command already.
      const probe = await this.#probeUntilHeard();
      if (probe.kind === 'busy') return this.#readAnswer(answerTimeoutMs);
      if (probe.kind === 'frame') return this.#answerFrame(probe, answerTimeoutMs, 1);
      if (probe.kind === 'silent') return this.#lost('offline');
      this.#options.log('debug', 'shtrih: command not taken, resending', {
        command: hex1(message),
      });
      refusals += 1;
    }
    return this.#lost('offline');
  }

  /** ENQ until the device says it is idle, reading and dropping answers it still held. */
  async #becomeIdle(): Promise<Result<void, LinkError>> {
    let silent = 0;
    let stale = 0;
    // Bounded by the two counters.
    while (silent < this.#options.enqAttemptsMax && stale <= this.#options.staleAnswersMax) {
      const probe = await this.#probe();
      if (probe.kind === 'idle') return ok(undefined);
      if (probe.kind === 'silent') {
        silent += 1;
        continue;
      }
      stale += 1;
      const frame =
        probe.kind === 'frame' ? probe : await this.#nextFrame(this.#options.staleAnswerTimeoutMs);
      if (frame?.kind === 'frame' && frame.lrcOk) {
        this.#options.log('info', 'shtrih: dropped an old answer', { bytes: toHex(frame.bytes) });
        const acked = await this.#write(Uint8Array.of(ACK));
        if (!acked.ok) return acked;
      } else if (frame !== null) {
        const naked = await this.#write(Uint8Array.of(NAK));
        if (!naked.ok) return naked;
      }
    }
    if (this.#closedReason !== null) return err({ kind: 'closed' });
    return err({ kind: 'offline' });
  }

  /** The command was taken: wait for its answer, asking with ENQ when it is late. */
  async #readAnswer(answerTimeoutMs: number): Promise<Result<Uint8Array, LinkError>> {
    for (let wait = 0; wait < this.#options.answerWaitsMax; wait++) {
      const event = await this.#nextFrame(answerTimeoutMs);
      if (event !== null) return this.#answerFrame(event, answerTimeoutMs, 1);
      if (this.#closedReason !== null) return err({ kind: 'closed' });
      const probe = await this.#probeUntilHeard();
      if (probe.kind === 'frame') return this.#answerFrame(probe, answerTimeoutMs, 1);
      if (probe.kind !== 'busy') return this.#lost('timeout');
      this.#options.log('debug', 'shtrih: answer late, device still busy', { wait });
    }
    return this.#lost('timeout');
  }

  /** An answer arrived: ACK a good one; NAK a garbled one and fetch it again with ENQ. */
  async #answerFrame(
    event: FrameIn | { kind: 'torn' },
    answerTimeoutMs: number,
    reads: number,
  ): Promise<Result<Uint8Array, LinkError>> {
    if (event.kind === 'frame' && event.lrcOk) {
      const acked = await this.#write(Uint8Array.of(ACK));
      return acked.ok ? ok(event.message) : acked;
    }
    this.#options.log('debug', 'shtrih: garbled answer', {
      bytes: event.kind === 'frame' ? toHex(event.bytes) : 'torn',
    });
    if (reads > this.#options.answerRereadsMax) return this.#lost('timeout');
    const naked = await this.#write(Uint8Array.of(NAK));
    if (!naked.ok) return naked;
    const probe = await this.#probeUntilHeard();
    if (probe.kind === 'frame') return this.#answerFrame(probe, answerTimeoutMs, reads + 1);
    if (probe.kind !== 'busy') return this.#lost('timeout');
    const again = await this.#nextFrame(answerTimeoutMs);
    if (again === null) return this.#lost('timeout');
    return this.#answerFrame(again, answerTimeoutMs, reads + 1);
  }

  async #probeUntilHeard(): Promise<Probe> {
    for (let attempt = 0; attempt < this.#options.enqAttemptsMax; attempt++) {
      const probe = await this.#probe();
      if (probe.kind !== 'silent') return probe;
    }
    return { kind: 'silent' };
  }

  async #probe(): Promise<Probe> {
    this.#inbox.length = 0;
    const sent = await this.#write(Uint8Array.of(ENQ));
    if (!sent.ok) return { kind: 'silent' };
    const reply = await this.#nextSignal(this.#options.ackTimeoutMs);
    if (reply === null || reply.kind === 'torn') return { kind: 'silent' };
    if (reply.kind === 'frame') return reply;
    if (reply.byte === NAK) return { kind: 'idle' };
    if (reply.byte === ACK) return { kind: 'busy' };
    return { kind: 'silent' };
  }

  #lost(kind: 'offline' | 'timeout'): Result<never, LinkError> {
    if (this.#closedReason !== null) return err({ kind: 'closed' });
    return err({ kind });
  }

  async #write(bytes: Uint8Array): Promise<Result<void, LinkError>> {
    if (this.#closedReason !== null) return err({ kind: 'closed' });
    try {
      await this.#link.write(bytes);
      return ok(undefined);
    } catch (error) {
      return err({ kind: 'io', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** The next control byte or frame; null after the timeout (extended while a frame arrives). */
  #nextSignal(timeoutMs: number): Promise<Inbound | null> {
    return this.#next(timeoutMs, () => true);
  }

  /** The next frame (or torn frame); stray control bytes are skipped. */
  async #nextFrame(timeoutMs: number): Promise<FrameIn | { kind: 'torn' } | null> {
    const event = await this.#next(timeoutMs, (item) => item.kind !== 'control');
    return event === null || event.kind === 'control' ? null : event;
  }

  #next(timeoutMs: number, wanted: (event: Inbound) => boolean): Promise<Inbound | null> {
    return new Promise((resolve) => {
      let timedOut = false;
      const finish = (event: Inbound | null) => {
        clearTimeout(timer);
        this.#wake = null;
        resolve(event);
      };
      const check = () => {
        if (this.#closedReason !== null) return finish(null);
        for (let event = this.#inbox.shift(); event; event = this.#inbox.shift()) {
          if (wanted(event)) return finish(event);
        }
        // A frame under way when time runs out is let finish: the byte timeout bounds it.
        if (timedOut && !this.#decoder.inFrame) finish(null);
      };
      const timer = setTimeout(() => {
        timedOut = true;
        check();
      }, timeoutMs);
      this.#wake = check;
      check();
    });
  }

  #receive(chunk: Uint8Array): void {
    this.#accept(this.#decoder.push(chunk));
    if (this.#byteTimer) clearTimeout(this.#byteTimer);
    this.#byteTimer = null;
    if (this.#decoder.inFrame) {
      this.#byteTimer = setTimeout(() => {
        this.#byteTimer = null;
        this.#decoder.abandon();
        this.#options.log('debug', 'shtrih: frame torn by the byte timeout');
        this.#push({ kind: 'torn' });
      }, this.#options.byteTimeoutMs);
    }
  }

  #accept(events: FrameEvent[]): void {
    for (const event of events) {
      if (event.kind === 'garbage') {
        this.#options.log('debug', 'shtrih: skipped bytes', { bytes: toHex(event.bytes) });
      } else {
        this.#push(event);
      }
    }
  }

  #push(event: Inbound): void {
    if (this.#inbox.length >= INBOX_MAX) this.#inbox.shift();
    this.#inbox.push(event);
    this.#wake?.();
  }
}

function isControl(event: Inbound, byte: number): boolean {
  return event.kind === 'control' && event.byte === byte;
}

function hex1(message: Uint8Array): string {
  return toHex(message.subarray(0, message[0] === 0xff ? 2 : 1));
}
