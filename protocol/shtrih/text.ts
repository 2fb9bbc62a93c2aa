/**
 * Text inside Shtrih-M commands is Windows-1251 (docs/protocols/shtrih.md §4); text inside FFD
 * TLVs is CP866 and uses the project's one CP866 table (protocol/escpos/cp866.ts). Bytes 1..31
 * are not printed and `00` ends a string, so the encoder never emits control bytes and the
 * decoder stops at the first zero.
 */
import { assert } from '../../common/assert.ts';
import { decodeCp866Byte, encodeCp866 } from '../escpos/cp866.ts';

/** 0x80..0xFF; 0x98 is unassigned in the code page and decodes to U+FFFD. */
const WIN1251_HIGH =
  'ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏ' +
  'ђ‘’“”•–—\ufffd™љ›њќћџ' +
  '\u00a0ЎўЈ¤Ґ¦§Ё©Є«¬\u00ad®Ї' +
  '°±Ііґµ¶·ё№є»јЅѕї' +
  'АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ' +
  'абвгдежзийклмнопрстуфхцчшщъыьэюя';

assert([...WIN1251_HIGH].length === 128, 'win1251: table must have 128 entries');

const encodeTable = new Map<string, number>();
for (const [index, char] of [...WIN1251_HIGH].entries()) {
  if (char !== '\ufffd') encodeTable.set(char, 0x80 + index);
}

const QUESTION_MARK = 0x3f;
const SPACE = 0x20;

/**
 * Encodes text; a character the code page lacks becomes '?', a control character a space.
 * With `maxBytes` the text is cut there (every character is one byte).
 */
export function encodeWin1251(text: string, maxBytes = Number.POSITIVE_INFINITY): Uint8Array {
  const bytes: number[] = [];
  for (const char of text) {
    if (bytes.length >= maxBytes) break;
    const code = char.codePointAt(0) ?? QUESTION_MARK;
    if (code < 0x20 || code === 0x7f) bytes.push(SPACE);
    else if (code < 0x80) bytes.push(code);
    else bytes.push(encodeTable.get(char) ?? QUESTION_MARK);
  }
  return Uint8Array.from(bytes);
}

/** A fixed-width text field: the text, cut to the width, padded with zero bytes. */
export function encodeWin1251Fixed(text: string, widthBytes: number): Uint8Array {
  const field = new Uint8Array(widthBytes);
  field.set(encodeWin1251(text, widthBytes), 0);
  return field;
}

/** Decodes up to the first zero byte; control bytes decode as spaces. */
export function decodeWin1251(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    if (byte === 0) break;
    if (byte < 0x20 || byte === 0x7f) text += ' ';
    else if (byte < 0x80) text += String.fromCharCode(byte);
    else text += WIN1251_HIGH[byte - 0x80] ?? '\ufffd';
  }
  return text;
}

/** Whether every character of the text has a Windows-1251 byte (the encoder would not alter it). */
export function isWin1251(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return false;
    if (code >= 0x80 && !encodeTable.has(char)) return false;
  }
  return true;
}

export function encodeCp866Text(text: string): Uint8Array {
  return encodeCp866(text);
}

export function decodeCp866(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += decodeCp866Byte(byte);
  return text;
}

/** Fixed ASCII fields (the ФН number): trailing zeros and spaces are padding. */
export function decodeAscii(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    if (byte === 0) break;
    text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '?';
  }
  return text.trimEnd();
}

export function encodeAsciiFixed(text: string, widthBytes: number): Uint8Array {
  const field = new Uint8Array(widthBytes);
  for (let index = 0; index < Math.min(text.length, widthBytes); index++) {
    const code = text.charCodeAt(index);
    field[index] = code >= 0x20 && code < 0x7f ? code : QUESTION_MARK;
  }
  return field;
}
