/** What the emulator printed, decoded back from bytes. Shared by the emulator and renderers. */
export type DecodedAlign = 'left' | 'center' | 'right';

export type DecodedLine =
  | {
      kind: 'text';
      text: string;
      align: DecodedAlign;
      bold: boolean;
      widthMultiplier: number;
      heightMultiplier: number;
    }
  | { kind: 'feed'; lines: number }
  | { kind: 'qr'; payload: string; moduleSize: number; errorLevel: 'L' | 'M' | 'Q' | 'H' };

export type Interruption = 'paper-out' | 'jam' | 'cover-open' | 'offline';

export type DecodedReceipt = {
  /** 1-based sequence number of this receipt within the emulator's life. */
  sequence: number;
  /** Paper width in font A columns, as configured on the emulated printer. */
  widthColumns: number;
  lines: DecodedLine[];
  /** How the receipt was cut, or null when it was never cut (interrupted or no cut sent). */
  cut: 'full' | 'partial' | null;
  /** Set when paper ran out / a jam happened mid-receipt: the receipt is partial. */
  interrupted: Interruption | null;
  /** Code tables selected with ESC t while this receipt printed. */
  codeTables: number[];
  /** Commands the emulator did not understand, as hex strings; never fatal. */
  unknownCommands: string[];
};

export function toHex(bytes: Uint8Array): string {
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
}
