/**
 * CCNET bill-validator codes (docs/protocols/ccnet.md §6–§8): command bytes, POLL states,
 * reject reasons and failure codes, mapped onto common/ports.ts. Every byte maps to something:
 * an unknown code becomes `{ kind: 'unknown' }` or a generic failure, never a throw.
 */
import type { AcceptorCondition, AcceptorRejectReason } from '../../common/ports.ts';

export const Command = {
  ack: 0x00,
  reset: 0x30,
  getStatus: 0x31,
  setSecurity: 0x32,
  poll: 0x33,
  enableBillTypes: 0x34,
  stack: 0x35,
  return: 0x36,
  identification: 0x37,
  hold: 0x38,
  getBillTable: 0x41,
  nak: 0xff,
} as const;

export const commandNames: Readonly<Record<number, string>> = {
  48: 'RESET',
  49: 'GET STATUS',
  50: 'SET SECURITY',
  51: 'POLL',
  52: 'ENABLE BILL TYPES',
  53: 'STACK',
  54: 'RETURN',
  55: 'IDENTIFICATION',
  56: 'HOLD',
  65: 'GET BILL TABLE',
};

/** One-byte response payloads. ILLEGAL COMMAND shares its byte with RESET (ccnet.md §3). */
export const Reply = { ack: 0x00, nak: 0xff, illegal: 0x30 } as const;

export const State = {
  powerUp: 0x10,
  powerUpBillInValidator: 0x11,
  powerUpBillInStacker: 0x12,
  initialize: 0x13,
  idling: 0x14,
  accepting: 0x15,
  stacking: 0x17,
  returning: 0x18,
  disabled: 0x19,
  holding: 0x1a,
  busy: 0x1b,
  rejecting: 0x1c,
  cassetteFull: 0x41,
  cassetteOut: 0x42,
  validatorJammed: 0x43,
  cassetteJammed: 0x44,
  cheated: 0x45,
  pause: 0x46,
  failure: 0x47,
  escrow: 0x80,
  stacked: 0x81,
  returned: 0x82,
} as const;

export const BILL_TYPE_COUNT = 24;

export const rejectReasons: Readonly<Record<number, AcceptorRejectReason>> = {
  96: 'insertion',
  97: 'magnetic',
  98: 'remained-in-head',
  99: 'multiplying',
  100: 'conveying',
  101: 'identification',
  102: 'verification',
  103: 'optic',
  104: 'inhibit',
  105: 'capacity',
  106: 'operation',
  108: 'length',
  109: 'uv',
  146: 'barcode',
  147: 'barcode',
  148: 'barcode',
  149: 'barcode',
};

export const rejectCodes: Readonly<Record<Exclude<AcceptorRejectReason, 'unknown'>, number>> = {
  insertion: 0x60,
  magnetic: 0x61,
  'remained-in-head': 0x62,
  multiplying: 0x63,
  conveying: 0x64,
  identification: 0x65,
  verification: 0x66,
  optic: 0x67,
  inhibit: 0x68,
  capacity: 0x69,
  operation: 0x6a,
  length: 0x6c,
  uv: 0x6d,
  barcode: 0x92,
};

const failureDetails: Readonly<Record<number, string>> = {
  80: 'stack motor failure',
  81: 'transport motor speed failure',
  82: 'transport motor failure',
  83: 'aligning motor failure',
  84: 'initial cassette status failure',
  85: 'optic canal failure',
  86: 'magnetic canal failure',
  87: 'operating system failure',
  88: 'memory stick failure',
  89: 'DPLINK failure',
  90: 'I2C failure',
  91: 'SPI failure',
  92: 'interface 52 failure',
  95: 'capacitance canal failure',
};

export function rejectReason(code: number): AcceptorRejectReason {
  return rejectReasons[code] ?? 'unknown';
}

export function failureDetail(code: number): string {
  return failureDetails[code] ?? `generic failure 0x${code.toString(16).padStart(2, '0')}`;
}

/**
 * POLL answer → condition. `z2` is the second byte when present. Money states (80/81/82) map to
 * the condition the device is in while reporting them; the money events themselves are raised
 * by the driver, edge-triggered.
 */
export function conditionFromPoll(z1: number, z2: number | undefined): AcceptorCondition {
  switch (z1) {
    case State.powerUp:
      return { kind: 'power-up', variant: 'plain' };
    case State.powerUpBillInValidator:
      return { kind: 'power-up', variant: 'bill-in-validator' };
    case State.powerUpBillInStacker:
      return { kind: 'power-up', variant: 'bill-in-stacker' };
    case State.initialize:
      return { kind: 'initializing' };
    case State.idling:
      return { kind: 'idling' };
    case State.accepting:
      return { kind: 'accepting' };
    case State.stacking:
    case State.stacked:
      return { kind: 'stacking' };
    case State.returning:
    case State.returned:
      return { kind: 'returning' };
    case State.disabled:
      return { kind: 'disabled' };
    case State.holding:
      return { kind: 'holding' };
    case State.busy:
      return { kind: 'busy' };
    case State.rejecting:
      return { kind: 'rejecting', reason: rejectReason(z2 ?? -1) };
    case State.cassetteFull:
      return { kind: 'cassette-full' };
    case State.cassetteOut:
      return { kind: 'cassette-out' };
    case State.validatorJammed:
      return { kind: 'jam', where: 'validator' };
    case State.cassetteJammed:
      return { kind: 'jam', where: 'cassette' };
    case State.cheated:
      return { kind: 'cheated' };
    case State.pause:
      return { kind: 'paused' };
    case State.failure:
      return { kind: 'failure', code: z2 ?? -1, detail: failureDetail(z2 ?? -1) };
    case State.escrow:
      return z2 === undefined ? { kind: 'unknown', code: z1 } : { kind: 'escrow', billType: z2 };
    default:
      return { kind: 'unknown', code: z1 };
  }
}

/** States whose answer carries a second byte (ccnet.md §7). */
export function pollStateHasData(z1: number): boolean {
  return (
    z1 === State.busy ||
    z1 === State.rejecting ||
    z1 === State.failure ||
    z1 === State.escrow ||
    z1 === State.stacked ||
    z1 === State.returned ||
    z1 === 0x84 ||
    z1 === 0x90
  );
}

/**
 * Three-byte bill-type mask: type t is byte `2 − floor(t/8)`, bit `t % 8` (ccnet.md §6), so
 * types 0..7 are the last byte.
 */
export function billTypeMask(billTypes: readonly number[]): Uint8Array {
  const mask = new Uint8Array(3);
  for (const billType of billTypes) {
    if (!Number.isInteger(billType) || billType < 0 || billType >= BILL_TYPE_COUNT) continue;
    const index = 2 - Math.floor(billType / 8);
    mask[index] = mask[index]! | (1 << (billType % 8));
  }
  return mask;
}

export function billTypesFromMask(mask: Uint8Array): number[] {
  const billTypes: number[] = [];
  for (let billType = 0; billType < BILL_TYPE_COUNT; billType++) {
    const byte = mask[2 - Math.floor(billType / 8)] ?? 0;
    if (byte & (1 << (billType % 8))) billTypes.push(billType);
  }
  return billTypes;
}
