/**
 * A small scripted Shtrih-M device for driver tests: the device side of the link rules (ACK a
 * good frame, NAK a bad one, answer ENQ with NAK when idle and with ACK + the held answer
 * otherwise, keep the answer until the host ACKs it) with switches that break them one at a
 * time. What each command answers is up to the test's handler; every command the device runs
 * is recorded, so a test can prove that nothing ran twice.
 */
import type { ByteLink } from '../../protocol/link.ts';
import { splitRequest } from '../../protocol/shtrih/command-codec.ts';
import { ACK, ENQ, encodeFrame, FrameStreamDecoder, NAK } from '../../protocol/shtrih/frame.ts';

export type Handler = (code: number, payload: Uint8Array) => Uint8Array;

export type Faults = {
  /** NAK the next n good command frames without running them. */
  nakCommands: number;
  /** Run the next command but lose its ACK. */
  dropAck: number;
  /** Send the next n answers with a wrong LRC. */
  corruptAnswers: number;
  /** Bytes sent before the next answer's STX. */
  garbageBeforeAnswer: Uint8Array | null;
  /** Hold the next answer (as if lost on the wire) until the host sends ENQ. */
  withholdAnswers: number;
  /** Run the next n commands and lose their answers (as a reboot would): ENQ then gets NAK. */
  loseAnswers: number;
  /** Send the next answer after this delay; ENQ meanwhile gets ACK (preparing). */
  answerDelayMs: number;
  /** Answer nothing at all. */
  silent: boolean;
  /** Answer ENQ with ACK but send nothing, as if still preparing the answer. */
  stallEnq: boolean;
  /** Cut the next answer after this many bytes (the rest never comes). */
  truncateAnswerAt: number | null;
};

export class ScriptedShtrih {
  readonly executed: { code: number; payload: Uint8Array }[] = [];
  readonly faults: Faults = {
    nakCommands: 0,
    dropAck: 0,
    corruptAnswers: 0,
    garbageBeforeAnswer: null,
    withholdAnswers: 0,
    loseAnswers: 0,
    answerDelayMs: 0,
    silent: false,
    stallEnq: false,
    truncateAnswerAt: null,
  };
  /** Frames the host sent (commands only), to count resends. */
  readonly commandFrames: Uint8Array[] = [];
  readonly enqCount = { value: 0 };
  handler: Handler;
  readonly #link: ByteLink;
  readonly #decoder = new FrameStreamDecoder();
  #held: Uint8Array | null = null;
  #preparing = false;

  constructor(link: ByteLink, handler: Handler) {
    this.#link = link;
    this.handler = handler;
    link.setDataListener((chunk) => this.#receive(chunk));
    link.setCloseListener(() => {});
  }

  get holdsAnswer(): boolean {
    return this.#held !== null;
  }

  #send(bytes: Uint8Array): void {
    this.#link.write(bytes).catch(() => {});
  }

  #receive(chunk: Uint8Array): void {
    if (this.faults.silent) return;
    for (const event of this.#decoder.push(chunk)) {
      if (event.kind === 'control') this.#control(event.byte);
      if (event.kind === 'frame') this.#frame(event.message, event.lrcOk, event.bytes);
    }
  }

  #control(byte: number): void {
    if (byte === ENQ) {
      this.enqCount.value += 1;
      if (this.#preparing || (this.faults.stallEnq && this.#held !== null)) {
        this.#send(Uint8Array.of(ACK));
      } else if (this.#held === null) {
        this.#send(Uint8Array.of(NAK));
      } else {
        this.#send(Uint8Array.of(ACK));
        this.#sendAnswer(this.#held);
      }
      return;
    }
    if (byte === ACK) this.#held = null;
    // NAK: keep the answer for the next ENQ.
  }

  #frame(message: Uint8Array, lrcOk: boolean, bytes: Uint8Array): void {
    this.commandFrames.push(bytes);
    if (!lrcOk || this.faults.nakCommands > 0) {
      if (lrcOk) this.faults.nakCommands -= 1;
      this.#send(Uint8Array.of(NAK));
      return;
    }
    if (this.faults.dropAck > 0) this.faults.dropAck -= 1;
    else this.#send(Uint8Array.of(ACK));
    const split = splitRequest(message);
    if (!split.ok) return;
    this.executed.push(split.value);
    const answer = encodeFrame(this.handler(split.value.code, split.value.payload));
    if (this.faults.loseAnswers > 0) {
      this.faults.loseAnswers -= 1;
      return;
    }
    this.#held = answer;
    if (this.faults.withholdAnswers > 0) {
      this.faults.withholdAnswers -= 1;
      return;
    }
    if (this.faults.answerDelayMs > 0) {
      this.#preparing = true;
      setTimeout(() => {
        this.#preparing = false;
        this.#sendAnswer(answer);
      }, this.faults.answerDelayMs);
      return;
    }
    this.#sendAnswer(answer);
  }

  #sendAnswer(answer: Uint8Array): void {
    let bytes = answer;
    if (this.faults.corruptAnswers > 0) {
      this.faults.corruptAnswers -= 1;
      bytes = Uint8Array.from(answer);
      bytes[bytes.length - 1]! ^= 0x5a;
    }
    if (this.faults.truncateAnswerAt !== null) {
      bytes = bytes.subarray(0, this.faults.truncateAnswerAt);
      this.faults.truncateAnswerAt = null;
    }
    if (this.faults.garbageBeforeAnswer !== null) {
      const garbage = this.faults.garbageBeforeAnswer;
      this.faults.garbageBeforeAnswer = null;
      this.#send(Uint8Array.of(...garbage, ...bytes));
      return;
    }
    this.#send(bytes);
  }
}
