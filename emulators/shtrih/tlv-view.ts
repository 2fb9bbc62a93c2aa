/**
 * Reading the TLVs the host sent, for printing: strings are CP866 (as FFD requires), 1057/1222
 * are one byte of agent bits, 1224 is a structure holding 1225 and 1171. A value that does not
 * parse prints as its hex, never throws: the ККТ prints what it got.
 */
import { decodeCp866Byte } from '../../protocol/escpos/cp866.ts';
import type { TlvRecord } from './state.ts';

export function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function bytesOfHex(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let index = 0; index < bytes.length; index += 1) {
    bytes[index] = Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}

export function cp866Text(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte === 0 ? '' : decodeCp866Byte(byte);
  return text;
}

/** Splits `tag u16 LE | length u16 LE | value` records; null when the bytes do not add up. */
export function splitTlvs(bytes: Uint8Array): TlvRecord[] | null {
  const records: TlvRecord[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 4 > bytes.length) return null;
    const tag = bytes[offset]! | (bytes[offset + 1]! << 8);
    const length = bytes[offset + 2]! | (bytes[offset + 3]! << 8);
    const end = offset + 4 + length;
    if (end > bytes.length) return null;
    records.push({ tag, valueHex: hexOf(bytes.subarray(offset + 4, end)) });
    offset = end;
  }
  return records;
}

export function tlvValues(tlvs: readonly TlvRecord[], tag: number): Uint8Array[] {
  return tlvs.filter((tlv) => tlv.tag === tag).map((tlv) => bytesOfHex(tlv.valueHex));
}

export function tlvText(tlvs: readonly TlvRecord[], tag: number): string[] {
  return tlvValues(tlvs, tag).map(cp866Text);
}

/** 1057/1222 agent bits → the printed sign (FFD table 6 names). */
export function agentSignText(bits: number): string | null {
  const names = [
    'БАНК. ПЛ. АГЕНТ',
    'БАНК. ПЛ. СУБАГЕНТ',
    'ПЛ. АГЕНТ',
    'ПЛ. СУБАГЕНТ',
    'ПОВЕРЕННЫЙ',
    'КОМИССИОНЕР',
    'АГЕНТ',
  ];
  const found = names.filter((_, bit) => (bits & (1 << bit)) !== 0);
  return found.length === 0 ? null : found.join(', ');
}

export function agentBits(tlvs: readonly TlvRecord[], tag: number): number | null {
  const [value] = tlvValues(tlvs, tag);
  return value && value.length >= 1 ? value[0]! : null;
}

/** The members of every structure with this tag (1224 supplier data, 1223 agent data). */
export function structureMembers(tlvs: readonly TlvRecord[], tag: number): TlvRecord[] {
  const members: TlvRecord[] = [];
  for (const value of tlvValues(tlvs, tag)) members.push(...(splitTlvs(value) ?? []));
  return members;
}
