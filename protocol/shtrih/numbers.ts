/**
 * Field encodings of the Shtrih-M protocol (docs/protocols/shtrih.md §4): unsigned little-endian
 * integers of 1..6 bytes (money is a 5-byte count of kopecks), the 3-byte date `DD MM YY` and
 * time `HH MM SS` of the 1xh commands, and the ФН's `DATE_TIME` (`YY MM DD HH mm`) and `DATE`
 * (`YY MM DD`). Every byte is a binary value, not BCD; the year is counted from 2000.
 *
 * `ByteWriter`/`ByteReader` build and take apart payloads. A reader that runs past the end or
 * meets an impossible date throws `MalformedPayload`; the command codecs catch it at their edge
 * and return it as a value, so a bad frame from the wire never escapes as an exception.
 */
import { assert } from '../../common/assert.ts';

export const UINT_BYTES_MAX = 6;

export type CalendarDate = { year: number; month: number; day: number };
export type ClockTime = { hour: number; minute: number; second: number };
/** The ФН's DATE_TIME: minutes, no seconds. */
export type DateTime = CalendarDate & { hour: number; minute: number };

export class MalformedPayload extends Error {
  override name = 'MalformedPayload';
}

export function readUintLe(bytes: Uint8Array, offset: number, size: number): number {
  assert(size >= 1 && size <= UINT_BYTES_MAX, `readUintLe: size ${size}`);
  if (offset < 0 || offset + size > bytes.length) {
    throw new MalformedPayload(`needs ${size} bytes at offset ${offset}, has ${bytes.length}`);
  }
  let value = 0;
  for (let index = size - 1; index >= 0; index--) value = value * 256 + bytes[offset + index]!;
  return value;
}

export function writeUintLe(value: number, size: number): Uint8Array {
  assert(size >= 1 && size <= UINT_BYTES_MAX, `writeUintLe: size ${size}`);
  assert(
    Number.isSafeInteger(value) && value >= 0 && value < 256 ** size,
    `writeUintLe: ${value} does not fit ${size} bytes`,
  );
  const bytes = new Uint8Array(size);
  let rest = value;
  for (let index = 0; index < size; index++) {
    bytes[index] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return bytes;
}

function validDate(date: CalendarDate): boolean {
  const { year, month, day } = date;
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function checkDate(date: CalendarDate): CalendarDate {
  if (!validDate(date)) {
    throw new MalformedPayload(`impossible date ${date.year}-${date.month}-${date.day}`);
  }
  return date;
}

function checkTime(hour: number, minute: number, second = 0): void {
  if (hour > 23 || minute > 59 || second > 59) {
    throw new MalformedPayload(`impossible time ${hour}:${minute}:${second}`);
  }
}

function yearByte(year: number): number {
  assert(year >= 2000 && year <= 2099, `shtrih date: year ${year} outside 2000..2099`);
  return year - 2000;
}

export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** `YYYY-MM-DD`. */
export function formatDate(date: CalendarDate): string {
  return `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
}

/** `YYYY-MM-DDTHH:MM`, the form receipts print and the fiscal QR carries. */
export function formatDateTime(value: DateTime): string {
  return `${formatDate(value)}T${pad2(value.hour)}:${pad2(value.minute)}`;
}

export class ByteWriter {
  readonly #bytes: number[] = [];

  u8(value: number): this {
    return this.uint(value, 1);
  }
  u16(value: number): this {
    return this.uint(value, 2);
  }
  u32(value: number): this {
    return this.uint(value, 4);
  }
  /** Money: kopecks in 5 bytes. */
  u40(value: number): this {
    return this.uint(value, 5);
  }
  uint(value: number, size: number): this {
    this.#bytes.push(...writeUintLe(value, size));
    return this;
  }
  bytes(bytes: Uint8Array): this {
    this.#bytes.push(...bytes);
    return this;
  }
  /** `DD MM YY`. */
  dateDmy(date: CalendarDate): this {
    assert(validDate(date), 'dateDmy: impossible date');
    this.#bytes.push(date.day, date.month, yearByte(date.year));
    return this;
  }
  /** `YY MM DD`. */
  dateYmd(date: CalendarDate): this {
    assert(validDate(date), 'dateYmd: impossible date');
    this.#bytes.push(yearByte(date.year), date.month, date.day);
    return this;
  }
  /** `HH MM SS`. */
  time(time: ClockTime): this {
    assert(time.hour < 24 && time.minute < 60 && time.second < 60, 'time: impossible');
    this.#bytes.push(time.hour, time.minute, time.second);
    return this;
  }
  /** `YY MM DD HH mm`; null (nothing yet) is five zero bytes. */
  dateTime(value: DateTime | null): this {
    if (value === null) return this.bytes(new Uint8Array(5));
    assert(validDate(value) && value.hour < 24 && value.minute < 60, 'dateTime: impossible');
    this.#bytes.push(yearByte(value.year), value.month, value.day, value.hour, value.minute);
    return this;
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}

export class ByteReader {
  readonly #bytes: Uint8Array;
  #offset = 0;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get remaining(): number {
    return this.#bytes.length - this.#offset;
  }

  u8(): number {
    return this.uint(1);
  }
  u16(): number {
    return this.uint(2);
  }
  u32(): number {
    return this.uint(4);
  }
  u40(): number {
    return this.uint(5);
  }
  uint(size: number): number {
    const value = readUintLe(this.#bytes, this.#offset, size);
    this.#offset += size;
    return value;
  }
  bytes(count: number): Uint8Array {
    if (count > this.remaining) {
      throw new MalformedPayload(`needs ${count} bytes at offset ${this.#offset}`);
    }
    const slice = this.#bytes.slice(this.#offset, this.#offset + count);
    this.#offset += count;
    return slice;
  }
  rest(): Uint8Array {
    return this.bytes(this.remaining);
  }
  dateDmy(): CalendarDate {
    const [day, month, year] = this.bytes(3);
    return checkDate({ year: 2000 + year!, month: month!, day: day! });
  }
  dateYmd(): CalendarDate {
    const [year, month, day] = this.bytes(3);
    return checkDate({ year: 2000 + year!, month: month!, day: day! });
  }
  time(): ClockTime {
    const [hour, minute, second] = this.bytes(3);
    checkTime(hour!, minute!, second!);
    return { hour: hour!, minute: minute!, second: second! };
  }
  /** Five zero bytes mean "no date" (no document yet, empty OFD queue). */
  dateTime(): DateTime | null {
    const raw = this.bytes(5);
    if (raw.every((byte) => byte === 0)) return null;
    const [year, month, day, hour, minute] = raw;
    checkDate({ year: 2000 + year!, month: month!, day: day! });
    checkTime(hour!, minute!);
    return { year: 2000 + year!, month: month!, day: day!, hour: hour!, minute: minute! };
  }
  /** A request must be consumed exactly: extra bytes mean the sender and we disagree. */
  end(): void {
    if (this.remaining !== 0) throw new MalformedPayload(`${this.remaining} unexpected bytes`);
  }
}
