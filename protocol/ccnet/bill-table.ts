/**
 * GET BILL TABLE and IDENTIFICATION answers (docs/protocols/ccnet.md §6, §8). The table
 * always comes from the device: firmware decides which type index is which note.
 */
import { assert } from '../../common/assert.ts';
import { kopecks } from '../../common/money.ts';
import type { AcceptorIdentity, BillTableEntry } from '../../common/ports.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { BILL_TYPE_COUNT } from './codes.ts';

export const BILL_TABLE_WORD_BYTES = 5;
export const IDENTIFICATION_BYTES = 34;
/** Countries/currencies we value as rubles; firmware sends either (TerminalClient maps both). */
const RUBLE_CODES = new Set(['RUS', 'RUB']);
/** A 5 000 000 ₽ note does not exist; anything above is a misparse, not money. */
const NOTE_KOPECKS_MAX = 100_000_000;

export type BillTableError = { kind: 'bad-bill-table'; message: string };

/**
 * Parses 24 (or 48) five-byte words. Empty words and non-ruble words are left out (logged by
 * the caller through `skipped`); a word whose value cannot be expressed in whole kopecks is
 * skipped too, so the driver never offers a note it cannot value.
 */
export function parseBillTable(
  data: Uint8Array,
): Result<{ entries: BillTableEntry[]; skipped: string[] }, BillTableError> {
  if (data.length === 0 || data.length % BILL_TABLE_WORD_BYTES !== 0) {
    return err({ kind: 'bad-bill-table', message: `length ${data.length} is not 5×n` });
  }
  const wordCount = data.length / BILL_TABLE_WORD_BYTES;
  if (wordCount > BILL_TYPE_COUNT * 2) {
    return err({ kind: 'bad-bill-table', message: `${wordCount} words` });
  }
  const entries: BillTableEntry[] = [];
  const skipped: string[] = [];
  for (let billType = 0; billType < wordCount; billType++) {
    const word = data.subarray(billType * BILL_TABLE_WORD_BYTES, (billType + 1) * 5);
    if (word.every((byte) => byte === 0)) continue;
    const currency = String.fromCharCode(word[1]!, word[2]!, word[3]!);
    const noteKopecks = wordKopecks(word[0]!, word[4]!);
    if (!RUBLE_CODES.has(currency)) {
      skipped.push(`type ${billType}: currency ${JSON.stringify(currency)}`);
      continue;
    }
    if (noteKopecks === null) {
      skipped.push(`type ${billType}: value ${word[0]} exp 0x${word[4]!.toString(16)}`);
      continue;
    }
    entries.push({ billType, currency, noteKopecks: kopecks(noteKopecks) });
  }
  return ok({ entries, skipped });
}

/**
 * byte4 bit7=0: value = b0 × 10^n; bit7=1: value = b0 / 10^n (n = bits 0–6). Values are in
 * rubles, converted to kopecks exactly, or null when not a whole kopeck or out of range.
 */
export function wordKopecks(digits: number, exponentByte: number): number | null {
  if (digits === 0) return null;
  const exponent = exponentByte & 0x7f;
  if (exponent > 9) return null;
  const kopecksPerRuble = 100;
  if ((exponentByte & 0x80) === 0) {
    const value = digits * 10 ** exponent * kopecksPerRuble;
    return value <= NOTE_KOPECKS_MAX ? value : null;
  }
  const scaled = digits * kopecksPerRuble;
  const divisor = 10 ** exponent;
  if (scaled % divisor !== 0) return null;
  return scaled / divisor;
}

/** The inverse, for the emulator: smallest digits with trailing zeros (10 ₽ = `01 … 01`). */
export function encodeBillWord(currency: string, noteKopecks: number): Uint8Array {
  const word = new Uint8Array(BILL_TABLE_WORD_BYTES);
  word.set(
    Array.from(currency.slice(0, 3), (char) => char.charCodeAt(0) & 0x7f),
    1,
  );
  if (noteKopecks % 100 === 0) {
    let rubles = noteKopecks / 100;
    let exponent = 0;
    while (rubles % 10 === 0 && rubles > 0 && exponent < 9) {
      rubles /= 10;
      exponent++;
    }
    word[0] = rubles;
    word[4] = exponent;
  } else {
    assert(noteKopecks < 256, `encodeBillWord: ${noteKopecks} kopecks does not fit one byte`);
    word[0] = noteKopecks;
    word[4] = 0x82;
  }
  assert(word[0]! > 0 && word[0]! < 256, `encodeBillWord: ${noteKopecks}`);
  return word;
}

export function encodeBillTable(entries: readonly BillTableEntry[]): Uint8Array {
  const data = new Uint8Array(BILL_TYPE_COUNT * BILL_TABLE_WORD_BYTES);
  for (const entry of entries) {
    data.set(encodeBillWord(entry.currency, entry.noteKopecks), entry.billType * 5);
  }
  return data;
}

/** Part number 15 ASCII, serial number 12 ASCII, asset number 7 binary (ignored). */
export function parseIdentification(
  data: Uint8Array,
): Result<Omit<AcceptorIdentity, 'billTable'>, BillTableError> {
  if (data.length < 27) {
    return err({ kind: 'bad-bill-table', message: `identification of ${data.length} bytes` });
  }
  return ok({
    partNumber: asciiTrim(data.subarray(0, 15)),
    serialNumber: asciiTrim(data.subarray(15, 27)),
  });
}

function asciiTrim(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) =>
    byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : ' ',
  )
    .join('')
    .trim();
}

export function encodeIdentification(partNumber: string, serialNumber: string): Uint8Array {
  const data = new Uint8Array(IDENTIFICATION_BYTES);
  data.fill(0x20, 0, 27);
  data.set(
    Array.from(partNumber.slice(0, 15), (char) => char.charCodeAt(0) & 0x7f),
    0,
  );
  data.set(
    Array.from(serialNumber.slice(0, 12), (char) => char.charCodeAt(0) & 0x7f),
    15,
  );
  return data;
}
