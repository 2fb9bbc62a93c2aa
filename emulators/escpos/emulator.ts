import { decodeCp866Byte } from '../../protocol/escpos/cp866.ts';
import type { ByteLink } from '../../protocol/link.ts';
import type { DecodedLine, DecodedReceipt, Interruption } from './decoded-receipt.ts';
import { toHex } from './decoded-receipt.ts';
import { type EscposCommand, parseCommand } from './parse-command.ts';
import {
  customFullStatusReply,
  type PrinterState,
  paperStatusReply,
  realtimeReply,
} from './printer-state.ts';

export type { PrinterState } from './printer-state.ts';

export type EscposEmulatorOptions = {
  /** ESC t value the emulated printer maps to CP866 (17 Epson-style, 7 Citizen). */
  cp866Table?: number;
  /** Paper width in font A columns: 32 (58 mm), 42 or 48 (80 mm). */
  widthColumns?: number;
  /** Receipts kept in memory; the oldest are dropped beyond this. */
  receiptsMax?: number;
};

const PENDING_BYTES_MAX = 1024 * 1024;
const LINES_PER_RECEIPT_MAX = 10_000;

/**
 * An ESC/POS printer on a ByteLink: answers DLE EOT 1–4 (and DLE EOT 20, as Custom kiosk
 * printers do) and GS r from a configurable state and
 * decodes the byte stream back into receipts. Paper-out or a jam can be injected mid-receipt;
 * the receipt is then recorded as partial and the rest of it is discarded until the next ESC @.
 */
export class EscposEmulator {
  #link: ByteLink;
  #cp866Table: number;
  #receiptsMax: number;
  #widthColumns: number;
  #state: PrinterState = { paper: 'ok', coverOpen: false, offline: false, cutterError: false };
  #pending = new Uint8Array(0);
  #receipts: DecodedReceipt[] = [];
  #current: DecodedReceipt | null = null;
  #sequence = 0;
  /** The line being composed; text is decoded as it arrives, with the code table then active. */
  #line: { text: string; style: TextStyle } | null = null;
  #style: TextStyle = defaultStyle();
  #codeTable = 0;
  #qrPayload: string | null = null;
  #qrModuleSize = 3;
  #qrErrorLevel: 'L' | 'M' | 'Q' | 'H' = 'L';
  #discarding = false;
  #failAfter: { lines: number; kind: 'paper-out' | 'jam' } | null = null;
  #listeners: Array<(receipt: DecodedReceipt) => void> = [];
  #unknown: string[] = [];
  #statusRequests = 0;

  constructor(link: ByteLink, options: EscposEmulatorOptions = {}) {
    this.#link = link;
    this.#cp866Table = options.cp866Table ?? 17;
    this.#receiptsMax = options.receiptsMax ?? 1000;
    this.#widthColumns = options.widthColumns ?? 42;
    link.setDataListener((chunk) => this.#onBytes(chunk));
    link.setCloseListener(() => {});
  }

  /** A fault set while a receipt is printing interrupts it there (it stays partial). */
  setState(patch: Partial<PrinterState>): void {
    this.#state = { ...this.#state, ...patch };
    const fault = this.#fault();
    if (fault !== null && this.#current !== null && this.#current.lines.length > 0) {
      this.#interrupt(fault);
    }
  }

  state(): PrinterState {
    return { ...this.#state };
  }

  /** After `lines` more printed lines, the paper runs out (or the cutter jams) mid-receipt. */
  failAfterLines(lines: number, kind: 'paper-out' | 'jam'): void {
    this.#failAfter = { lines, kind };
  }

  receipts(): DecodedReceipt[] {
    return this.#receipts.map((receipt) => structuredClone(receipt));
  }

  /** Forgets printed receipts (an emulator panel's "tear off"); state and settings stay. */
  clearReceipts(): void {
    this.#receipts = [];
  }

  /** Unknown commands seen over the emulator's life, as hex strings. */
  unknownCommands(): string[] {
    return [...this.#unknown];
  }

  /** Count of DLE EOT requests answered (lets tests see that the driver checked status). */
  statusRequestCount(): number {
    return this.#statusRequests;
  }

  /** Called with each finished receipt: cut, or interrupted by a fault. */
  onDidPrint(listener: (receipt: DecodedReceipt) => void): { dispose(): void } {
    this.#listeners.push(listener);
    return {
      dispose: () => {
        this.#listeners = this.#listeners.filter((l) => l !== listener);
      },
    };
  }

  async close(): Promise<void> {
    await this.#link.close();
  }

  #onBytes(chunk: Uint8Array): void {
    const merged = new Uint8Array(this.#pending.length + chunk.length);
    merged.set(this.#pending);
    merged.set(chunk, this.#pending.length);
    let offset = 0;
    // Bounded: every parsed command consumes at least one byte.
    while (offset < merged.length) {
      const parsed = parseCommand(merged, offset);
      if (parsed === 'incomplete') break;
      this.#apply(parsed.command);
      offset += parsed.length;
    }
    this.#pending = merged.slice(offset);
    if (this.#pending.length > PENDING_BYTES_MAX) {
      this.#recordUnknown(`oversized command dropped: ${toHex(this.#pending.slice(0, 8))}…`);
      this.#pending = new Uint8Array(0);
    }
  }

  #apply(command: EscposCommand): void {
    // Real-time commands are answered whatever the printer's state (docs/protocols/escpos.md §5).
    if (command.kind === 'realtime-status') {
      this.#answerRealtime(command.n);
      return;
    }
    if (command.kind === 'realtime-other') return;
    const fault = this.#fault();
    if (fault !== null) {
      this.#interrupt(fault);
      if (command.kind === 'init') this.#discarding = false;
      return;
    }
    if (this.#discarding && command.kind !== 'init') return;
    this.#applyPrinting(command);
  }

  #applyPrinting(command: EscposCommand): void {
    switch (command.kind) {
      case 'text':
        this.#appendText(command.bytes);
        return;
      case 'lf':
        this.#commitLine();
        return;
      case 'cr':
      case 'kanji-off':
      case 'ignored':
        return;
      case 'init':
        this.#discarding = false;
        this.#line = null; // ESC @ discards a half-composed line, as an Epson does
        this.#style = defaultStyle();
        this.#codeTable = 0;
        return;
      case 'code-table':
        this.#codeTable = command.table;
        if (this.#receipt().codeTables.at(-1) !== command.table) {
          this.#receipt().codeTables.push(command.table);
        }
        return;
      case 'bold':
        this.#style = { ...this.#style, bold: command.on };
        return;
      case 'align':
        this.#style = { ...this.#style, align: command.align };
        return;
      case 'size':
        this.#style = { ...this.#style, width: command.width, height: command.height };
        return;
      case 'print-mode':
        this.#style = {
          ...this.#style,
          bold: command.bold,
          width: command.doubleWidth ? 2 : 1,
          height: command.doubleHeight ? 2 : 1,
        };
        return;
      case 'feed-lines':
        this.#feed(command.lines);
        return;
      case 'cut':
        this.#cut(command.mode);
        return;
      case 'transmit-status':
        this.#answerTransmitStatus(command.n);
        return;
      case 'qr':
        this.#applyQr(command.fn, command.data);
        return;
      case 'unknown':
        this.#recordUnknown(toHex(command.bytes));
        return;
    }
  }

  #answerRealtime(n: number): void {
    this.#statusRequests += 1;
    if (n === 20) {
      this.#send(customFullStatusReply(this.#state));
      return;
    }
    const reply = realtimeReply(this.#state, n);
    if (reply === null) {
      this.#recordUnknown(`DLE EOT ${n}`);
      return;
    }
    this.#send([reply]);
  }

  #answerTransmitStatus(n: number): void {
    // GS r is executed from the buffer and only while online: a silent printer means trouble.
    if (n === 1 || n === 0x31) this.#send([paperStatusReply(this.#state)]);
    else if (n === 2 || n === 0x32) this.#send([0x00]);
  }

  #send(bytes: number[]): void {
    this.#link.write(Uint8Array.from(bytes)).catch(() => {
      // The driver went away; a real printer would not notice either.
    });
  }

  #fault(): Interruption | null {
    const state = this.#state;
    if (state.paper === 'out') return 'paper-out';
    if (state.cutterError) return 'jam';
    if (state.coverOpen) return 'cover-open';
    if (state.offline) return 'offline';
    return null;
  }

  #receipt(): DecodedReceipt {
    if (this.#current === null) {
      this.#sequence += 1;
      this.#current = {
        sequence: this.#sequence,
        widthColumns: this.#widthColumns,
        lines: [],
        cut: null,
        interrupted: null,
        codeTables: this.#codeTable === 0 ? [] : [this.#codeTable],
        unknownCommands: [],
      };
    }
    return this.#current;
  }

  #appendText(bytes: Uint8Array): void {
    if (this.#line === null) this.#line = { text: '', style: this.#style };
    this.#line.text += this.#decode(bytes);
  }

  #commitLine(): void {
    const line = this.#line ?? { text: '', style: this.#style };
    this.#line = null;
    this.#pushLine({
      kind: 'text',
      text: line.text,
      align: line.style.align,
      bold: line.style.bold,
      widthMultiplier: line.style.width,
      heightMultiplier: line.style.height,
    });
  }

  #decode(bytes: Uint8Array): string {
    const cp866 = this.#codeTable === this.#cp866Table;
    let text = '';
    for (const byte of bytes) {
      if (byte < 0x80) text += String.fromCharCode(byte);
      else text += cp866 ? decodeCp866Byte(byte) : '\ufffd';
    }
    return text;
  }

  #feed(lines: number): void {
    if (this.#line !== null) this.#commitLine();
    if (lines > 0) this.#pushLine({ kind: 'feed', lines });
  }

  #applyQr(fn: number, data: Uint8Array): void {
    if (fn === 0x43) this.#qrModuleSize = data[0] ?? 3;
    else if (fn === 0x45)
      this.#qrErrorLevel = (['L', 'M', 'Q', 'H'] as const)[(data[0] ?? 0x30) - 0x30] ?? 'L';
    else if (fn === 0x50) this.#qrPayload = String.fromCharCode(...data.slice(1));
    else if (fn === 0x51 && this.#qrPayload !== null) {
      this.#pushLine({
        kind: 'qr',
        payload: this.#qrPayload,
        moduleSize: this.#qrModuleSize,
        errorLevel: this.#qrErrorLevel,
      });
    }
  }

  #pushLine(line: DecodedLine): void {
    const receipt = this.#receipt();
    if (receipt.lines.length >= LINES_PER_RECEIPT_MAX) return;
    receipt.lines.push(line);
    if (this.#failAfter !== null) {
      this.#failAfter.lines -= 1;
      if (this.#failAfter.lines <= 0) {
        const kind = this.#failAfter.kind;
        this.#failAfter = null;
        // The paper stops here: setState records the partial receipt at once.
        this.setState(kind === 'paper-out' ? { paper: 'out' } : { cutterError: true });
      }
    }
  }

  #cut(mode: 'full' | 'partial'): void {
    if (this.#line !== null) this.#commitLine();
    const receipt = this.#receipt();
    receipt.cut = mode;
    this.#finish(receipt);
  }

  #interrupt(fault: Interruption): void {
    if (this.#current === null || this.#discarding) return;
    this.#line = null;
    this.#current.interrupted = fault;
    this.#discarding = true;
    this.#finish(this.#current);
  }

  #finish(receipt: DecodedReceipt): void {
    this.#current = null;
    this.#receipts.push(receipt);
    if (this.#receipts.length > this.#receiptsMax) this.#receipts.shift();
    for (const listener of this.#listeners) listener(structuredClone(receipt));
  }

  #recordUnknown(description: string): void {
    this.#unknown.push(description);
    if (this.#unknown.length > 1000) this.#unknown.shift();
    this.#current?.unknownCommands.push(description);
  }
}

type TextStyle = {
  align: 'left' | 'center' | 'right';
  bold: boolean;
  width: number;
  height: number;
};

function defaultStyle(): TextStyle {
  return { align: 'left', bold: false, width: 1, height: 1 };
}
