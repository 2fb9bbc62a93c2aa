/**
 * FFD TLV and STLV (docs/protocols/shtrih.md §5): tag UInt16 LE, length UInt16 LE, value. Strings
 * are CP866, integers little-endian (a "byte" tag is one byte, VLN is the shortest LE form), an
 * STLV's value is itself a run of TLVs. The kiosk sends receipt-level tags with FF0C and
 * item-level ones with FF4D; the emulator decodes them back for its printed-receipt model.
 */
import { assert } from '../../common/assert.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { writeUintLe } from './numbers.ts';
import { decodeCp866, encodeCp866Text } from './text.ts';

/** Tags the kiosk's agent receipt uses (FFD numbering). */
export const Tag = {
  /** 1057 agent sign on the receipt: one bit, 0x04 = ПЛ. АГЕНТ. */
  agentSign: 1057,
  /** 1073 payment agent's phone; may repeat. */
  agentPhone: 1073,
  /** 1074 phone of the operator accepting payments. */
  operatorPhone: 1074,
  /** 1171 supplier's phone. */
  supplierPhone: 1171,
  /** 1222 agent sign on one item. */
  itemAgentSign: 1222,
  /** 1223 agent data (STLV). */
  agentData: 1223,
  /** 1224 supplier data (STLV): 1225, 1171. */
  supplierData: 1224,
  /** 1225 supplier's name. */
  supplierName: 1225,
  /** 1226 supplier's ИНН. */
  supplierInn: 1226,
  /** 1008 buyer's phone or e-mail. */
  buyerContact: 1008,
  /** 1036 automatic device number. */
  automatNumber: 1036,
} as const;

/** 1057/1222 bit values (FFD table 7; only one bit is ever set). */
export const AgentSign = {
  bankPaymentAgent: 0x01,
  bankPaymentSubagent: 0x02,
  paymentAgent: 0x04,
  paymentSubagent: 0x08,
  attorney: 0x10,
  commissionAgent: 0x20,
  agent: 0x40,
} as const;

export type TlvKind = 'string' | 'byte' | 'vln' | 'u32' | 'stlv';

/** How each known tag's value is typed; an unknown tag stays raw bytes. */
export const TAG_KINDS: Readonly<Record<number, TlvKind>> = {
  [Tag.agentSign]: 'byte',
  [Tag.agentPhone]: 'string',
  [Tag.operatorPhone]: 'string',
  [Tag.supplierPhone]: 'string',
  [Tag.itemAgentSign]: 'byte',
  [Tag.agentData]: 'stlv',
  [Tag.supplierData]: 'stlv',
  [Tag.supplierName]: 'string',
  [Tag.supplierInn]: 'string',
  [Tag.buyerContact]: 'string',
  [Tag.automatNumber]: 'string',
};

export const TLV_HEADER_BYTES = 4;
export const TLV_VALUE_BYTES_MAX = 0xffff;

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  assert(Number.isInteger(tag) && tag >= 0 && tag <= 0xffff, `tlv: tag ${tag}`);
  assert(value.length <= TLV_VALUE_BYTES_MAX, `tlv ${tag}: value too long`);
  const bytes = new Uint8Array(TLV_HEADER_BYTES + value.length);
  bytes.set(writeUintLe(tag, 2), 0);
  bytes.set(writeUintLe(value.length, 2), 2);
  bytes.set(value, TLV_HEADER_BYTES);
  return bytes;
}

export function stringTlv(tag: number, text: string): Uint8Array {
  return encodeTlv(tag, encodeCp866Text(text));
}

export function byteTlv(tag: number, value: number): Uint8Array {
  return encodeTlv(tag, writeUintLe(value, 1));
}

/** VLN: the shortest little-endian form (at least one byte). */
export function vlnTlv(tag: number, value: number): Uint8Array {
  let size = 1;
  while (size < 6 && value >= 256 ** size) size += 1;
  return encodeTlv(tag, writeUintLe(value, size));
}

export function u32Tlv(tag: number, value: number): Uint8Array {
  return encodeTlv(tag, writeUintLe(value, 4));
}

export function stlv(tag: number, children: readonly Uint8Array[]): Uint8Array {
  const length = children.reduce((sum, child) => sum + child.length, 0);
  const value = new Uint8Array(length);
  let offset = 0;
  for (const child of children) {
    value.set(child, offset);
    offset += child.length;
  }
  return encodeTlv(tag, value);
}

export type Tlv = { tag: number; value: Uint8Array };

export type TlvError = { kind: 'malformed-tlv'; message: string };

/** A run of TLVs that must fill the bytes exactly. */
export function decodeTlvs(bytes: Uint8Array): Result<Tlv[], TlvError> {
  const tlvs: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < TLV_HEADER_BYTES) {
      return err({ kind: 'malformed-tlv', message: `truncated header at ${offset}` });
    }
    const tag = bytes[offset]! | (bytes[offset + 1]! << 8);
    const length = bytes[offset + 2]! | (bytes[offset + 3]! << 8);
    const start = offset + TLV_HEADER_BYTES;
    if (start + length > bytes.length) {
      return err({ kind: 'malformed-tlv', message: `tag ${tag}: ${length} bytes do not fit` });
    }
    tlvs.push({ tag, value: bytes.slice(start, start + length) });
    offset = start + length;
  }
  return ok(tlvs);
}

export type TlvNode =
  | { tag: number; kind: 'string'; text: string }
  | { tag: number; kind: 'byte' | 'vln' | 'u32'; number: number }
  | { tag: number; kind: 'stlv'; children: TlvNode[] }
  | { tag: number; kind: 'raw'; bytes: Uint8Array };

/** Decodes TLVs with their values typed by TAG_KINDS, STLVs recursively. */
export function decodeTlvTree(bytes: Uint8Array, depth = 0): Result<TlvNode[], TlvError> {
  if (depth > 4) return err({ kind: 'malformed-tlv', message: 'STLV nested too deep' });
  const flat = decodeTlvs(bytes);
  if (!flat.ok) return flat;
  const nodes: TlvNode[] = [];
  for (const { tag, value } of flat.value) {
    const node = typedNode(tag, value, depth);
    if (!node.ok) return node;
    nodes.push(node.value);
  }
  return ok(nodes);
}

function typedNode(tag: number, value: Uint8Array, depth: number): Result<TlvNode, TlvError> {
  const kind = TAG_KINDS[tag];
  switch (kind) {
    case 'string':
      return ok({ tag, kind, text: decodeCp866(value) });
    case 'byte':
    case 'u32':
    case 'vln': {
      const size = kind === 'byte' ? 1 : kind === 'u32' ? 4 : value.length;
      if (value.length !== size || size < 1 || size > 6) {
        return err({ kind: 'malformed-tlv', message: `tag ${tag}: ${value.length} bytes` });
      }
      let number = 0;
      for (let index = size - 1; index >= 0; index--) number = number * 256 + value[index]!;
      return ok({ tag, kind, number });
    }
    case 'stlv': {
      const children = decodeTlvTree(value, depth + 1);
      return children.ok ? ok({ tag, kind, children: children.value }) : children;
    }
    default:
      return ok({ tag, kind: 'raw', bytes: value });
  }
}
