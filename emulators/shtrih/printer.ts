/**
 * The ККТ's receipt printer: paper, cover, printing time and the tape. A print job either
 * prints whole, or — when the paper runs out in the middle — prints its first lines, tears
 * there (the strip the operator pulls out) and keeps the rest for «continue printing» (B0h):
 * submode 2 while the paper is out, 3 once it is loaded, 0 after B0h.
 */
import type { DecodedReceipt } from '../escpos/decoded-receipt.ts';
import type { TimeSource } from './clock.ts';
import { DeviceError, type DeviceErrorCode } from './errors.ts';
import type { DeviceState } from './state.ts';
import type { TapeLine } from './tape.ts';

/** Cut strips kept in the state; the oldest go first (an emulator panel shows the last ones). */
const CUT_PIECES_MAX = 500;

export type PrinterOptions = {
  widthColumns: number;
  /** Submode 5 lasts this long after each print job. */
  printingMs: number;
};

export class TapePrinter {
  readonly #state: () => DeviceState;
  readonly #time: TimeSource;
  readonly #options: PrinterOptions;
  #busyUntilMs = Number.NEGATIVE_INFINITY;
  /** Armed fault: the paper runs out after this many more printed lines. */
  #paperLeftLines: number | null = null;
  readonly #onCut: (piece: DecodedReceipt) => void;

  constructor(
    state: () => DeviceState,
    time: TimeSource,
    options: PrinterOptions,
    onCut: (piece: DecodedReceipt) => void,
  ) {
    this.#state = state;
    this.#time = time;
    this.#options = options;
    this.#onCut = onCut;
  }

  get widthColumns(): number {
    return this.#options.widthColumns;
  }

  busy(): boolean {
    return this.#time.nowMs() < this.#busyUntilMs;
  }

  busyFor(ms: number): void {
    this.#busyUntilMs = Math.max(this.#busyUntilMs, this.#time.nowMs() + ms);
  }

  setPrintingMs(ms: number): void {
    this.#options.printingMs = ms;
  }

  /** Power loss: the print head stops; what was printing is not finished by itself. */
  stop(): void {
    this.#busyUntilMs = Number.NEGATIVE_INFINITY;
  }

  submode(): number {
    const printer = this.#state().printer;
    if (this.busy()) return 5;
    if (printer.interrupted) return printer.paper === 'out' ? 2 : 3;
    if (printer.paper === 'out' || printer.coverOpen) return 1;
    return 0;
  }

  /** Why a command that prints cannot run now, or null when it can. */
  gate(): DeviceErrorCode | null {
    const printer = this.#state().printer;
    if (this.busy()) return DeviceError.printingPrevious;
    if (printer.paper === 'out' || printer.coverOpen) return DeviceError.noReceiptPaper;
    if (printer.interrupted) return DeviceError.waitingContinuePrint;
    return null;
  }

  /** Paper runs out after `lines` more lines (0: at the next line printed). */
  paperRunsOutAfter(lines: number): void {
    this.#paperLeftLines = lines;
  }

  setPaper(present: boolean): void {
    const printer = this.#state().printer;
    printer.paper = present ? 'ok' : 'out';
    if (!present) this.#paperLeftLines = null;
  }

  setCover(open: boolean): void {
    this.#state().printer.coverOpen = open;
  }

  print(lines: readonly TapeLine[]): void {
    const state = this.#state();
    for (const [index, line] of lines.entries()) {
      if (this.#paperLeftLines !== null && this.#paperLeftLines <= 0) {
        this.#paperLeftLines = null;
        state.printer.paper = 'out';
        state.printer.interrupted = true;
        state.printer.unprinted = lines.slice(index).map((rest) => structuredClone(rest));
        this.#finishPiece(null, 'paper-out');
        return;
      }
      if (this.#paperLeftLines !== null) this.#paperLeftLines -= 1;
      state.tape.current.push(structuredClone(line));
    }
    this.busyFor(this.#options.printingMs);
  }

  feed(lines: number): void {
    this.print([{ kind: 'feed', lines }]);
  }

  cut(kind: 'full' | 'partial'): void {
    const printer = this.#state().printer;
    if (printer.interrupted) printer.unprintedCut = kind;
    else this.#finishPiece(kind, null);
  }

  /** B0h: prints what the paper-out left unprinted. */
  continuePrinting(): void {
    const printer = this.#state().printer;
    if (!printer.interrupted) return;
    const rest = printer.unprinted;
    const cut = printer.unprintedCut;
    printer.interrupted = false;
    printer.unprinted = [];
    printer.unprintedCut = null;
    this.print(rest);
    if (cut !== null) this.cut(cut);
  }

  #finishPiece(cut: 'full' | 'partial' | null, interrupted: 'paper-out' | null): void {
    const tape = this.#state().tape;
    if (tape.current.length === 0 && interrupted === null) return;
    tape.sequence += 1;
    const piece: DecodedReceipt = {
      sequence: tape.sequence,
      widthColumns: this.#options.widthColumns,
      lines: tape.current,
      cut,
      interrupted,
      codeTables: [],
      unknownCommands: [],
    };
    tape.current = [];
    tape.cut.push(piece);
    if (tape.cut.length > CUT_PIECES_MAX) tape.cut.splice(0, tape.cut.length - CUT_PIECES_MAX);
    this.#onCut(structuredClone(piece));
  }
}
