/**
 * One typed command over the link (docs/protocols/shtrih.md §9): fills in the right password,
 * picks the answer timeout, reads the error byte, and handles the two refusals that only mean
 * "not now": 50h (still printing: wait until printing ends, then send again — the device did not
 * run it) and 58h (waiting for continue-print: send B0h, then again).
 */
import type { FiscalError } from '../../../common/fiscal-port.ts';
import { err, type Result } from '../../../common/result.ts';
import {
  type CommandCodec,
  commandHex,
  splitReply,
} from '../../../protocol/shtrih/command-codec.ts';
import { continuePrinting } from '../../../protocol/shtrih/commands.ts';
import { describeError, type ErrorInfo } from '../../../protocol/shtrih/errors.ts';
import { toHex } from '../../../protocol/shtrih/frame.ts';
import { decodeMode, Mode, Submode } from '../../../protocol/shtrih/modes.ts';
import { type FullStatus, fullStatus } from '../../../protocol/shtrih/status-commands.ts';
import { answerTimeoutMsOf, passwordFor, type Settings } from './driver-options.ts';
import type { LinkError, ShtrihLinkLayer } from './link-layer.ts';

export type CommandFailure =
  | { kind: 'link'; error: LinkError }
  | { kind: 'device'; info: ErrorInfo }
  | { kind: 'malformed'; command: number; message: string }
  /** A state the driver found itself (paper out while waiting to print…). */
  | { kind: 'state'; error: FiscalError };

const BUSY = 0x50;
const WAITING_CONTINUE = 0x58;

export class ShtrihCommander {
  readonly #link: ShtrihLinkLayer;
  readonly #settings: Settings;

  constructor(link: ShtrihLinkLayer, settings: Settings) {
    this.#link = link;
    this.#settings = settings;
  }

  get settings(): Settings {
    return this.#settings;
  }

  async run<Request extends { password: number }, Reply>(
    codec: CommandCodec<Request, Reply>,
    fields: Omit<Request, 'password'>,
  ): Promise<Result<Reply, CommandFailure>> {
    let continued = false;
    for (let attempt = 0; ; attempt++) {
      const result = await this.#once(codec, fields);
      if (result.ok || result.error.kind !== 'device') return result;
      const code = result.error.info.code;
      if (code === BUSY && attempt < this.#settings.busyRetriesMax) {
        const ready = await this.waitPrintingEnds();
        if (!ready.ok) return ready;
        continue;
      }
      if (code === WAITING_CONTINUE && !continued) {
        continued = true;
        const resumed = await this.#once(continuePrinting, {});
        if (!resumed.ok) return resumed;
        continue;
      }
      return result;
    }
  }

  async #once<Request extends { password: number }, Reply>(
    codec: CommandCodec<Request, Reply>,
    fields: Omit<Request, 'password'>,
  ): Promise<Result<Reply, CommandFailure>> {
    const password = passwordFor(codec.code, this.#settings);
    const request = { ...fields, password } as Request;
    const message = codec.encodeRequest(request);
    const answer = await this.#link.transact(
      message,
      answerTimeoutMsOf(codec.code, this.#settings),
    );
    if (!answer.ok) {
      this.#settings.log('warn', 'shtrih: no answer', {
        command: commandHex(codec.code),
        error: answer.error.kind,
      });
      return err({ kind: 'link', error: answer.error });
    }
    const split = splitReply(answer.value, codec.code);
    if (!split.ok) {
      const message =
        split.error.kind === 'other-command'
          ? `answer to another command: ${toHex(split.error.received)}`
          : split.error.message;
      return err({ kind: 'malformed', command: codec.code, message });
    }
    if (split.value.errorCode !== 0) {
      const info = describeError(split.value.errorCode);
      this.#settings.log('info', 'shtrih: device refused', {
        command: commandHex(codec.code),
        code: commandHex(info.code),
        meaning: info.message,
      });
      return err({ kind: 'device', info });
    }
    const reply = codec.decodeReply(split.value.data);
    if (!reply.ok)
      return err({ kind: 'malformed', command: codec.code, message: reply.error.message });
    return reply;
  }

  status(): Promise<Result<FullStatus, CommandFailure>> {
    return this.#once(fullStatus, {});
  }

  /**
   * Polls 11h until the device can print: waits while it prints (mode 0/11, submodes 4/5),
   * sends B0h when paper came back (submode 3), and fails on paper out (submodes 1/2).
   */
  async waitPrintingEnds(): Promise<Result<FullStatus, CommandFailure>> {
    const deadline = Date.now() + this.#settings.printWaitMsMax;
    let continued = false;
    for (;;) {
      const status = await this.status();
      if (!status.ok) return status;
      const { mode } = decodeMode(status.value.mode);
      const submode = status.value.submode;
      if (submode === Submode.passivePaperOut || submode === Submode.activePaperOut) {
        return err({ kind: 'state', error: { kind: 'paper-out' } });
      }
      if (submode === Submode.waitingContinue && !continued) {
        continued = true;
        const resumed = await this.#once(continuePrinting, {});
        if (!resumed.ok) return resumed;
        continue;
      }
      const printing =
        mode === Mode.printingBufferedReport ||
        mode === Mode.printingFiscalReport ||
        submode === Submode.printing ||
        submode === Submode.printingFullReport ||
        submode === Submode.waitingContinue;
      if (!printing) return status;
      if (Date.now() >= deadline) return err({ kind: 'state', error: { kind: 'busy' } });
      await sleep(this.#settings.pollIntervalMs);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
