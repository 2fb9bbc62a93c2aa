import { assert } from '../../common/assert.ts';
import { plainReceiptText } from './text-wrap.ts';

/**
 * Code page 866 (DOS Cyrillic), the table Russian kiosk printers select with ESC t 17.
 * Our own table instead of a transitive dependency: the emulator decodes with the same table,
 * so encode/decode can never disagree.
 */
const CP866_HIGH =
  'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмноп' +
  '░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'рстуфхцчшщъыьэюяЁёЄєЇїЎў°∙·√№¤■\u00a0';

assert([...CP866_HIGH].length === 128, 'cp866: table must have 128 entries');

const encodeTable = new Map<string, number>();
for (const [index, char] of [...CP866_HIGH].entries()) encodeTable.set(char, 0x80 + index);

/** Replaces characters CP866 cannot carry: typography first, then anything else by '?'. */
export function toCp866Safe(text: string): string {
  let out = '';
  for (const char of plainReceiptText(text)) out += isCp866(char) ? char : '?';
  return out;
}

function isCp866(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code >= 0x20 && code < 0x7f) return true;
  return encodeTable.has(char);
}

/** Encodes printable text; control characters and unknown characters become '?'. */
export function encodeCp866(text: string): Uint8Array {
  const safe = toCp866Safe(text);
  const bytes: number[] = [];
  for (const char of safe) {
    const code = char.codePointAt(0) ?? 0x3f;
    if (code >= 0x20 && code < 0x7f) bytes.push(code);
    else bytes.push(encodeTable.get(char) ?? 0x3f);
  }
  return Uint8Array.from(bytes);
}

/** Decodes one byte of printable text (0x20..0xFF); other bytes decode to U+FFFD. */
export function decodeCp866Byte(byte: number): string {
  if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  if (byte >= 0x80 && byte <= 0xff) return CP866_HIGH[byte - 0x80] ?? '\ufffd';
  return '\ufffd';
}

/** Every character CP866 can print, in byte order from 0x20 (ASCII) then 0x80..0xFF. */
export function cp866PrintableCharacters(): string[] {
  const ascii: string[] = [];
  for (let code = 0x20; code < 0x7f; code += 1) ascii.push(String.fromCharCode(code));
  return [...ascii, ...CP866_HIGH];
}
