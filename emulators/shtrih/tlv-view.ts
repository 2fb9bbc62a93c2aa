/**
 * Reading the TLVs the host sent, for printing: strings are CP866 (as FFD requires), 1057/1222
 * are one byte of agent bits, 1224 is a structure holding 1225 and 1171. Nothing here throws:
 * a structure whose bytes do not add up prints nothing of itself, the rest still prints.
 */
import { decodeCp866 } from '../../protocol/shtrih/text.ts';
import { decodeTlvs } from '../../protocol/shtrih/tlv.ts';
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
  const end = bytes.indexOf(0);
  return decodeCp866(end < 0 ? bytes : bytes.subarray(0, end));
}

/** The records of a run of TLVs; null when the bytes do not add up. */
export function splitTlvs(bytes: Uint8Array): TlvRecord[] | null {
  const decoded = decodeTlvs(bytes);
  if (!decoded.ok) return null;
  return decoded.value.map(({ tag, value }) => ({ tag, valueHex: hexOf(value) }));
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
