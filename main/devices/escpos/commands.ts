import { assert } from '../../../common/assert.ts';

/** ESC/POS bytes we send (docs/protocols/escpos.md §1), in one place for the emulator to mirror. */
export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
export type CutMode = 'gs-v' | 'esc-i';

export const initialize = (): number[] => [ESC, 0x40];
/** Chinese clones may boot in double-byte mode, where Cyrillic bytes print as garbage. */
export const cancelKanji = (): number[] => [FS, 0x2e];
export const selectCodeTable = (table: number): number[] => {
  assert(Number.isInteger(table) && table >= 0 && table <= 255, 'escpos: code table');
  return [ESC, 0x74, table];
};
export const bold = (on: boolean): number[] => [ESC, 0x45, on ? 1 : 0];
export const align = (where: Align): number[] => [ESC, 0x61, alignCode(where)];
/** GS ! n: width and height multipliers 1..8, n = ((w-1) << 4) | (h-1). */
export const size = (multiplier: 1 | 2): number[] => [GS, 0x21, multiplier === 2 ? 0x11 : 0x00];
export const feedLines = (lines: number): number[] => {
  assert(Number.isInteger(lines) && lines >= 0 && lines <= 255, 'escpos: feed lines');
  return [ESC, 0x64, lines];
};
export const realtimeStatus = (n: 1 | 2 | 3 | 4): number[] => [DLE, EOT, n];
/** Custom kiosk printers' full status: DLE EOT 20, answered with 6 bytes. */
export const customFullStatus = (): number[] => [DLE, EOT, 20];
/** GS r 1: answered only when the printer reaches it in its buffer — "all before it printed". */
export const transmitPaperStatus = (): number[] => [GS, 0x72, 0x01];

export function cut(mode: CutMode): number[] {
  switch (mode) {
    case 'gs-v':
      return [GS, 0x56, 0x01]; // partial: many kiosk cutters do only partial cuts
    case 'esc-i':
      return [ESC, 0x69]; // legacy full cut, used by Custom kiosk printers
  }
}

function alignCode(where: Align): number {
  switch (where) {
    case 'left':
      return 0;
    case 'center':
      return 1;
    case 'right':
      return 2;
  }
}

/** QR model 2, module size, error level M, store, print (GS ( k, cn = 0x31; escpos.md §3). */
export function qrCode(payload: string, moduleSize: number): number[] {
  assert(/^[\x20-\x7e]+$/.test(payload), 'escpos: QR payload must be printable ASCII');
  assert(Number.isInteger(moduleSize) && moduleSize >= 1 && moduleSize <= 16, 'escpos: QR module');
  const data = [...payload].map((char) => char.charCodeAt(0));
  const storeLength = data.length + 3;
  assert(storeLength <= 7089, 'escpos: QR payload too long');
  return [
    ...[GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00],
    ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleSize],
    ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31],
    ...[GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30, ...data],
    ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30],
  ];
}
