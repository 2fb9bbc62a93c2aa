/**
 * ESC/POS stream parser for the emulator: cuts one command off the front of a buffer.
 * Unknown commands are consumed by their known or guessed length and reported, never fatal
 * (docs/protocols/escpos.md §10).
 */
export type EscposCommand =
  | { kind: 'text'; bytes: Uint8Array }
  | { kind: 'lf' }
  | { kind: 'cr' }
  | { kind: 'init' }
  | { kind: 'kanji-off' }
  | { kind: 'code-table'; table: number }
  | { kind: 'bold'; on: boolean }
  | { kind: 'align'; align: 'left' | 'center' | 'right' }
  | { kind: 'size'; width: number; height: number }
  | { kind: 'print-mode'; bold: boolean; doubleWidth: boolean; doubleHeight: boolean }
  | { kind: 'feed-lines'; lines: number }
  | { kind: 'cut'; mode: 'full' | 'partial' }
  | { kind: 'realtime-status'; n: number }
  | { kind: 'realtime-other'; bytes: Uint8Array }
  | { kind: 'transmit-status'; n: number }
  | { kind: 'qr'; fn: number; data: Uint8Array }
  | { kind: 'ignored'; name: string; bytes: Uint8Array }
  | { kind: 'unknown'; bytes: Uint8Array };

export type Parsed = { command: EscposCommand; length: number } | 'incomplete';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

/** ESC x with one parameter byte that we accept and ignore (no effect on decoded text). */
const ESC_ONE_PARAM_IGNORED = new Map<number, string>([
  [0x21, 'print mode'],
  [0x2d, 'underline'],
  [0x33, 'line spacing'],
  [0x3d, 'select peripheral'],
  [0x4a, 'feed dots'],
  [0x4d, 'font'],
  [0x52, 'international charset'],
  [0x47, 'double strike'],
  [0x7b, 'upside down'],
  [0x56, 'rotate'],
  [0x34, 'italic'],
  [0x20, 'right spacing'],
  [0x63, 'panel'],
]);
const GS_ONE_PARAM_IGNORED = new Map<number, string>([
  [0x42, 'reverse'],
  [0x48, 'hri position'],
  [0x66, 'hri font'],
  [0x68, 'barcode height'],
  [0x77, 'barcode width'],
  [0x61, 'automatic status back'],
  [0x49, 'printer id'],
  [0x62, 'smoothing'],
]);

export function parseCommand(buffer: Uint8Array, start: number): Parsed {
  const first = buffer[start];
  if (first === undefined) return 'incomplete';
  if (first >= 0x20 && first !== 0x7f) return parseText(buffer, start);
  switch (first) {
    case 0x0a:
      return { command: { kind: 'lf' }, length: 1 };
    case 0x0d:
      return { command: { kind: 'cr' }, length: 1 };
    case ESC:
      return parseEsc(buffer, start);
    case GS:
      return parseGs(buffer, start);
    case FS:
      return parseFs(buffer, start);
    case DLE:
      return parseDle(buffer, start);
    default:
      return { command: { kind: 'unknown', bytes: buffer.slice(start, start + 1) }, length: 1 };
  }
}

function parseText(buffer: Uint8Array, start: number): Parsed {
  let end = start;
  while (end < buffer.length && (buffer[end] ?? 0) >= 0x20 && buffer[end] !== 0x7f) end += 1;
  return { command: { kind: 'text', bytes: buffer.slice(start, end) }, length: end - start };
}

/** Returns the bytes [start, start+length) if all arrived, else null. */
function take(buffer: Uint8Array, start: number, length: number): Uint8Array | null {
  return start + length <= buffer.length ? buffer.slice(start, start + length) : null;
}

function parseEsc(buffer: Uint8Array, start: number): Parsed {
  const code = buffer[start + 1];
  if (code === undefined) return 'incomplete';
  switch (code) {
    case 0x40:
      return { command: { kind: 'init' }, length: 2 };
    case 0x69:
      return { command: { kind: 'cut', mode: 'full' }, length: 2 };
    case 0x6d:
      return { command: { kind: 'cut', mode: 'partial' }, length: 2 };
    case 0x32:
      return ignored('default line spacing', buffer, start, 2);
    case 0x70:
      return ignored('drawer pulse', buffer, start, 5);
  }
  const param = buffer[start + 2];
  if (param === undefined) return 'incomplete';
  switch (code) {
    case 0x45:
      return { command: { kind: 'bold', on: (param & 1) === 1 }, length: 3 };
    case 0x61:
      return { command: { kind: 'align', align: alignOf(param) }, length: 3 };
    case 0x74:
      return { command: { kind: 'code-table', table: param }, length: 3 };
    case 0x64:
      return { command: { kind: 'feed-lines', lines: param }, length: 3 };
    case 0x21:
      return { command: printMode(param), length: 3 };
  }
  const name = ESC_ONE_PARAM_IGNORED.get(code);
  if (name) return ignored(name, buffer, start, 3);
  return { command: { kind: 'unknown', bytes: buffer.slice(start, start + 2) }, length: 2 };
}

function printMode(n: number): EscposCommand {
  return {
    kind: 'print-mode',
    bold: (n & 0x08) !== 0,
    doubleHeight: (n & 0x10) !== 0,
    doubleWidth: (n & 0x20) !== 0,
  };
}

function alignOf(param: number): 'left' | 'center' | 'right' {
  const value = param >= 0x30 ? param - 0x30 : param;
  return value === 1 ? 'center' : value === 2 ? 'right' : 'left';
}

function ignored(name: string, buffer: Uint8Array, start: number, length: number): Parsed {
  const bytes = take(buffer, start, length);
  return bytes ? { command: { kind: 'ignored', name, bytes }, length } : 'incomplete';
}

function parseGs(buffer: Uint8Array, start: number): Parsed {
  const code = buffer[start + 1];
  if (code === undefined) return 'incomplete';
  if (code === 0x28) return parseGsParen(buffer, start);
  if (code === 0x6b) return parseBarcode(buffer, start);
  if (code === 0x76) return parseRasterImage(buffer, start);
  const param = buffer[start + 2];
  if (param === undefined) return 'incomplete';
  switch (code) {
    case 0x21:
      return {
        command: { kind: 'size', width: ((param >> 4) & 7) + 1, height: (param & 7) + 1 },
        length: 3,
      };
    case 0x56:
      return parseCut(buffer, start, param);
    case 0x72:
      return { command: { kind: 'transmit-status', n: param }, length: 3 };
  }
  const name = GS_ONE_PARAM_IGNORED.get(code);
  if (name) return ignored(name, buffer, start, 3);
  return { command: { kind: 'unknown', bytes: buffer.slice(start, start + 2) }, length: 2 };
}

function parseCut(buffer: Uint8Array, start: number, m: number): Parsed {
  // Function B (m = 65, 66, 97, 98, 103, 104) carries a feed byte n after m.
  const withFeed = [65, 66, 97, 98, 103, 104].includes(m);
  const length = withFeed ? 4 : 3;
  if (start + length > buffer.length) return 'incomplete';
  const full = m === 0 || m === 0x30 || m === 65 || m === 97 || m === 103;
  return { command: { kind: 'cut', mode: full ? 'full' : 'partial' }, length };
}

/** GS ( x pL pH ...: the length is in the header, so any function can be skipped safely. */
function parseGsParen(buffer: Uint8Array, start: number): Parsed {
  const header = take(buffer, start, 5);
  if (!header) return 'incomplete';
  const payloadLength = (header[3] ?? 0) + 256 * (header[4] ?? 0);
  const whole = take(buffer, start, 5 + payloadLength);
  if (!whole) return 'incomplete';
  const payload = whole.slice(5);
  if (header[2] === 0x6b && payload[0] === 0x31 && payload.length >= 2) {
    return {
      command: { kind: 'qr', fn: payload[1] ?? 0, data: payload.slice(2) },
      length: whole.length,
    };
  }
  return {
    command: { kind: 'ignored', name: 'GS ( function', bytes: whole },
    length: whole.length,
  };
}

function parseBarcode(buffer: Uint8Array, start: number): Parsed {
  const m = buffer[start + 2];
  if (m === undefined) return 'incomplete';
  if (m <= 6) {
    // Function A: NUL-terminated data.
    const end = buffer.indexOf(0, start + 3);
    if (end < 0) return 'incomplete';
    return ignored('barcode', buffer, start, end - start + 1);
  }
  const count = buffer[start + 3];
  if (count === undefined) return 'incomplete';
  return ignored('barcode', buffer, start, 4 + count);
}

function parseRasterImage(buffer: Uint8Array, start: number): Parsed {
  // GS v 0 m xL xH yL yH d1…dk, k = (xL + 256 xH) × (yL + 256 yH).
  const header = take(buffer, start, 8);
  if (!header) return 'incomplete';
  const widthBytes = (header[4] ?? 0) + 256 * (header[5] ?? 0);
  const heightDots = (header[6] ?? 0) + 256 * (header[7] ?? 0);
  return ignored('raster image', buffer, start, 8 + widthBytes * heightDots);
}

function parseFs(buffer: Uint8Array, start: number): Parsed {
  const code = buffer[start + 1];
  if (code === undefined) return 'incomplete';
  if (code === 0x2e) return { command: { kind: 'kanji-off' }, length: 2 };
  if (code === 0x26) return ignored('kanji on', buffer, start, 2);
  return { command: { kind: 'unknown', bytes: buffer.slice(start, start + 2) }, length: 2 };
}

function parseDle(buffer: Uint8Array, start: number): Parsed {
  const code = buffer[start + 1];
  const n = buffer[start + 2];
  if (code === undefined || n === undefined) return 'incomplete';
  if (code === 0x04) return { command: { kind: 'realtime-status', n }, length: 3 };
  if (code === 0x05)
    return {
      command: { kind: 'realtime-other', bytes: buffer.slice(start, start + 3) },
      length: 3,
    };
  return { command: { kind: 'unknown', bytes: buffer.slice(start, start + 2) }, length: 2 };
}
