/**
 * A Shtrih-M fiscal registrar with a fiscal storage (ФН), device side, byte-exact
 * (docs/protocols/shtrih-emulator.md). It answers a host over any ByteLink (memory pair, pty),
 * keeps the ground truth (every document the ФН signed, the printed tape) and is driven by
 * tests and the emulator panel through the controls below. Its whole state is one JSON value:
 * `saveState()` / `ShtrihEmulator.fromSavedState()` carry the ФН over a restart.
 */
import { assert } from '../../common/assert.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { ByteLink } from '../../protocol/link.ts';
import { encodeErrorReply, splitRequest } from '../../protocol/shtrih/command-codec.ts';
import type { DecodedReceipt } from '../escpos/decoded-receipt.ts';
import { systemTime, type TimeSource } from './clock.ts';
import { executeMessage } from './command-handlers.ts';
import { DeviceLink, type LinkEvent, type LinkFaults } from './device-link.ts';
import { FiscalDevice } from './fiscal-device.ts';
import { TapePrinter } from './printer.ts';
import type { Registration } from './registration.ts';
import {
  type DeviceState,
  type FnFault,
  type IssuedDocument,
  initialState,
  type LoadError,
  parseState,
  serializeState,
} from './state.ts';
import { TAPE_COLUMNS_DEFAULT } from './tape.ts';
import { describeEmulator, type EmulatorStatus } from './status-view.ts';

export type { EmulatorStatus } from './status-view.ts';
export type { IssuedDocument } from './state.ts';

export type ShtrihEmulatorOptions = {
  time?: TimeSource;
  registration?: Partial<Registration>;
  fnNumber?: string;
  /** `YYYY-MM-DD`. */
  fnValidUntil?: string;
  /** Tape width in characters of font 1. */
  widthColumns?: number;
  /** Submode 5 («printing») lasts this long after each print job; 0 = instant. */
  printingMs?: number;
  /** Cut after every fiscal document (default on, as the factory setting). */
  autoCut?: boolean;
  /** A frame that stops longer than this is dropped (device default 50 ms). */
  byteTimeoutMs?: number;
  /** FF45/FF4A answers carry the document's DATE_TIME too (a table setting; default off). */
  extendedDocumentReplies?: boolean;
};

export type EmulatorChange =
  | { kind: 'document'; document: IssuedDocument }
  | { kind: 'cut'; piece: DecodedReceipt }
  | { kind: 'command'; code: number; errorCode: number }
  | { kind: 'link'; event: LinkEvent }
  | { kind: 'power'; on: boolean };

type Injection = { errorCode: number; command: number | null; remaining: number };

export class ShtrihEmulator {
  readonly #time: TimeSource;
  readonly #device: FiscalDevice;
  readonly #printer: TapePrinter;
  readonly #byteTimeoutMs: number;
  readonly #extendedReplies: boolean;
  readonly #listeners = new Set<(change: EmulatorChange) => void>();
  #link: DeviceLink | null = null;
  #pendingLinkFaults: Partial<LinkFaults> = {};
  #injections: Injection[] = [];
  #poweredOn = true;

  constructor(options: ShtrihEmulatorOptions = {}, restored: DeviceState | null = null) {
    this.#time = options.time ?? systemTime;
    this.#byteTimeoutMs = options.byteTimeoutMs ?? 50;
    this.#extendedReplies = options.extendedDocumentReplies ?? false;
    const state =
      restored ??
      initialState({
        ...(options.registration ? { registration: options.registration } : {}),
        ...(options.fnNumber ? { fnNumber: options.fnNumber } : {}),
        ...(options.fnValidUntil ? { fnValidUntil: options.fnValidUntil } : {}),
      });
    let device: FiscalDevice | null = null;
    this.#printer = new TapePrinter(
      () => device!.state,
      this.#time,
      {
        widthColumns: options.widthColumns ?? TAPE_COLUMNS_DEFAULT,
        printingMs: options.printingMs ?? 0,
      },
      (piece) => this.#emit({ kind: 'cut', piece }),
    );
    device = new FiscalDevice(
      state,
      this.#time,
      this.#printer,
      { autoCut: options.autoCut ?? true },
      (document) => this.#emit({ kind: 'document', document }),
    );
    this.#device = device;
  }

  /** An emulator with the ФН, shift, documents and tape of a saved state. */
  static fromSavedState(
    text: string,
    options: ShtrihEmulatorOptions = {},
  ): Result<ShtrihEmulator, LoadError> {
    const parsed = parseState(text);
    if (!parsed.ok) return err(parsed.error);
    return ok(new ShtrihEmulator(options, parsed.value));
  }

  // ------------------------------------------------------------------ wiring

  attach(link: ByteLink): void {
    assert(this.#link === null, 'shtrih emulator: already attached');
    this.#link = new DeviceLink(link, {
      byteTimeoutMs: this.#byteTimeoutMs,
      execute: (message) => this.#execute(message),
      onEvent: (event) => this.#emit({ kind: 'link', event }),
    });
    this.#link.setFaults(this.#pendingLinkFaults);
    this.#link.setPower(this.#poweredOn);
  }

  /** Stops answering; the link stays open (the caller owns it). */
  detach(): void {
    this.#link?.stop();
    this.#link = null;
  }

  onDidChange(listener: (change: EmulatorChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ------------------------------------------------------------------ ground truth

  /** Every document the ФН signed, oldest first. */
  documents(): IssuedDocument[] {
    return structuredClone(this.#device.state.documents);
  }

  document(fdNumber: number): IssuedDocument | null {
    const found = this.#device.findDocument(fdNumber);
    return found ? structuredClone(found) : null;
  }

  /** The cut pieces of tape, oldest first. */
  tape(): DecodedReceipt[] {
    return structuredClone(this.#device.state.tape.cut);
  }

  /** What is printed past the last cut (still hanging out of the printer). */
  uncutTape(): DecodedReceipt {
    const tape = this.#device.state.tape;
    return {
      sequence: tape.sequence + 1,
      widthColumns: this.#printer.widthColumns,
      lines: structuredClone(tape.current),
      cut: null,
      interrupted: null,
      codeTables: [],
      unknownCommands: [],
    };
  }

  status(): EmulatorStatus {
    return describeEmulator(this.#device, {
      poweredOn: this.#poweredOn,
      linkFaults: this.#link?.faults ?? null,
      holdsAnswer: this.#link?.holdsAnswer() ?? false,
    });
  }

  saveState(): string {
    return serializeState(this.#device.state);
  }

  // ------------------------------------------------------------------ controls: printer

  setPaper(present: boolean): void {
    this.#printer.setPaper(present);
  }

  /** Paper runs out after `lines` more printed lines: mid-document, submode 2, then 3 and B0h. */
  paperRunsOutAfter(lines: number): void {
    assert(Number.isSafeInteger(lines) && lines >= 0, 'paperRunsOutAfter: lines ≥ 0');
    this.#printer.paperRunsOutAfter(lines);
  }

  setCover(open: boolean): void {
    this.#printer.setCover(open);
  }

  /** Submode 5 for `ms` from now: print commands get 50h. */
  busyFor(ms: number): void {
    assert(Number.isSafeInteger(ms) && ms >= 0, 'busyFor: ms ≥ 0');
    this.#printer.busyFor(ms);
  }

  setPrintingMs(ms: number): void {
    assert(Number.isSafeInteger(ms) && ms >= 0, 'setPrintingMs: ms ≥ 0');
    this.#printer.setPrintingMs(ms);
  }

  // ------------------------------------------------------------------ controls: ФН, OFD, clock

  /** ФН failure (03h), crypto resource exhausted (12h), memory full (14h), expired (05h). */
  setFnFault(fault: FnFault): void {
    this.#device.state.fn.fault = fault;
  }

  /** Warning bits raised on top of the computed ones (FF01 byte 5). */
  setFnWarnings(bits: number): void {
    assert(Number.isInteger(bits) && bits >= 0 && bits <= 0xff, 'setFnWarnings: a byte');
    this.#device.state.fn.forcedWarnings = bits;
  }

  /** `YYYY-MM-DD`: near it the ФН raises its 30-day and 3-day flags, past it 05h. */
  setFnValidUntil(day: string): void {
    assert(/^\d{4}-\d{2}-\d{2}$/.test(day), 'setFnValidUntil: YYYY-MM-DD');
    this.#device.state.fn.validUntil = day;
  }

  /** Documents the ФН holds in all: 90 % raises the memory flag, 100 % answers 14h. */
  setFnCapacity(documents: number): void {
    assert(Number.isSafeInteger(documents) && documents >= 1, 'setFnCapacity: ≥ 1');
    this.#device.state.fn.capacityDocuments = documents;
  }

  /** 'down': every new document joins the OFD queue; 'up': the queue drains now and stays empty. */
  setOfdLink(link: 'up' | 'down'): void {
    this.#device.setOfdLink(link);
  }

  /** Moves the ККТ's clock (a shift runs out after 24 h, the OFD queue ages, the ФН expires). */
  advanceClock(ms: number): void {
    assert(Number.isSafeInteger(ms), 'advanceClock: whole ms');
    this.#device.state.clockOffsetMs += ms;
  }

  wallClockMs(): number {
    return this.#device.wallMs();
  }

  // ------------------------------------------------------------------ controls: commands, wire

  setOperatorPassword(operator: number, password: number): void {
    assert(Number.isInteger(operator) && operator >= 1 && operator <= 30, 'operator 1..30');
    assert(Number.isInteger(password) && password >= 0 && password <= 0xffffffff, 'password');
    this.#device.state.passwords[operator - 1] = password;
  }

  /** The next `times` commands (of `command`, or any) answer `errorCode` without running. */
  injectError(errorCode: number, options: { command?: number; times?: number } = {}): void {
    assert(Number.isInteger(errorCode) && errorCode > 0 && errorCode <= 0xff, 'error code');
    const remaining = options.times ?? 1;
    assert(Number.isSafeInteger(remaining) && remaining >= 1, 'injectError: times ≥ 1');
    this.#injections.push({ errorCode, command: options.command ?? null, remaining });
  }

  setLinkFaults(faults: Partial<LinkFaults>): void {
    this.#pendingLinkFaults = { ...this.#pendingLinkFaults, ...faults };
    this.#link?.setFaults(faults);
  }

  /** Power off: silent; the held answer and half-read frames are lost, the ФН and tape kept. */
  powerOff(): void {
    this.#poweredOn = false;
    this.#printer.stop();
    this.#link?.setPower(false);
    this.#emit({ kind: 'power', on: false });
  }

  /** Power on: an open receipt is still open (mode 8), as the ККТ keeps it in NVRAM. */
  powerOn(): void {
    this.#poweredOn = true;
    this.#link?.setPower(true);
    this.#emit({ kind: 'power', on: true });
  }

  reboot(): void {
    this.powerOff();
    this.powerOn();
  }

  /** The next command runs (a receipt closes, a shift opens), then the power fails unanswered. */
  powerLossAfterNextCommand(): void {
    assert(this.#link !== null, 'powerLossAfterNextCommand: not attached');
    this.#link.dieAfterNextCommand(() => this.powerOff());
  }

  // ------------------------------------------------------------------ internals

  #execute(message: Uint8Array): Uint8Array {
    const split = splitRequest(message);
    const code = split.ok ? split.value.code : (message[0] ?? 0);
    const injected = this.#takeInjection(code);
    const answer =
      injected ??
      executeMessage(
        {
          device: this.#device,
          passwords: this.#device.state.passwords,
          extendedReplies: this.#extendedReplies,
        },
        message,
      );
    const errorCode = answer[code > 0xff ? 2 : 1] ?? 0;
    this.#emit({ kind: 'command', code, errorCode });
    return answer;
  }

  #takeInjection(code: number): Uint8Array | null {
    const index = this.#injections.findIndex(
      (each) => each.command === null || each.command === code,
    );
    if (index < 0) return null;
    const injection = this.#injections[index]!;
    injection.remaining -= 1;
    if (injection.remaining <= 0) this.#injections.splice(index, 1);
    return encodeErrorReply(code, injection.errorCode);
  }

  #emit(change: EmulatorChange): void {
    for (const listener of this.#listeners) listener(change);
  }
}
