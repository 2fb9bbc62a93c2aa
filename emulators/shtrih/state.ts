/**
 * Everything the emulated ККТ keeps across a power cycle, as plain JSON: the registration, the
 * ФН (its counters and every document it signed), the shift, an open document, the paper and
 * the printed tape. `saveState`/`loadState` move it through a file so a pty run keeps its ФН
 * when the kiosk process is killed; a loaded file is checked field by field.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../common/result.ts';
import type { DecodedReceipt } from '../escpos/decoded-receipt.ts';
import type { TapeLine } from './tape.ts';
import { DEFAULT_REGISTRATION, type Registration } from './registration.ts';

export const STATE_VERSION = 1;

/** A TLV as received: tag and the raw value bytes (hex), decoded only when printed. */
export type TlvRecord = { tag: number; valueHex: string };

export type ItemRecord = {
  /** 1054: 1 приход, 2 возврат прихода, 3 расход, 4 возврат расхода. */
  operation: number;
  /** 1023 with 6 decimals: 1 000 000 is one piece. */
  quantityMillionths: number;
  priceKopecks: number;
  /** 1043. */
  amountKopecks: number;
  /** The tax sum sent, or null when the ККТ was left to compute it. */
  taxKopecks: number | null;
  /** The Shtrih tax byte (bit mask: 0x08 = без НДС). */
  taxBits: number;
  department: number;
  /** 1214 and 1212. */
  paymentMethod: number;
  subject: number;
  /** 1030; a name starting with `//` goes to the ФН but is not printed. */
  name: string;
  /** FF4D tags bound to this item (1222, 1224, 1226 …). */
  tlvs: TlvRecord[];
};

export type Payments = {
  /** The 16 payment sums of FF45, in kopecks (index 0 = cash). */
  sumsKopecks: number[];
  cashKopecks: number;
  electronicKopecks: number;
  prepaidKopecks: number;
  postpaidKopecks: number;
  counterOfferKopecks: number;
};

export type DocumentKind = 'receipt' | 'shift-open' | 'shift-close' | 'correction';

/** One fiscal document the ФН signed: the ground truth a kiosk's ledger is compared with. */
export type IssuedDocument = {
  kind: DocumentKind;
  /** 1040. */
  fdNumber: number;
  /** 1077 as a decimal. */
  fiscalSign: number;
  /** 1041. */
  fnNumber: string;
  /** 1038. */
  shiftNumber: number;
  /** 1042, for receipts and corrections. */
  receiptNumber: number | null;
  /** 1012: device wall time, whole minutes. */
  issuedAtMs: number;
  /** `YYYY-MM-DDTHH:MM`. */
  issuedAt: string;
  /** 1054, for receipts and corrections. */
  operation: number | null;
  items: ItemRecord[];
  /** Receipt-level tags (FF0C): 1057, 1073, 1074, 1171 … */
  tlvs: TlvRecord[];
  /** 1020. */
  totalKopecks: number | null;
  payments: Payments | null;
  changeKopecks: number | null;
  /** 1055, one bit. */
  taxSystemMask: number | null;
  /** The six VAT sums given (FF45/FF4A order). */
  taxSumsKopecks: number[] | null;
  /** 1173, corrections only: 0 самостоятельно, 1 по предписанию. */
  correctionType: number | null;
  /** The fiscal QR text, receipts and corrections only. */
  qr: string | null;
  /** The OFD has confirmed it (the ФН holds its ticket). */
  ofdConfirmed: boolean;
};

export type OpenReceipt = {
  /** 8D type: 0 sale, 1 purchase, 2 sale return, 3 purchase return. */
  receiptType: number;
  openedAtMs: number;
  items: ItemRecord[];
  tlvs: TlvRecord[];
};

export type FnFault = 'none' | 'failure' | 'exhausted' | 'memory-full' | 'expired';

export type DeviceState = {
  version: typeof STATE_VERSION;
  registration: Registration;
  /** HMAC key of the emulator's fiscal signs. */
  deviceKey: string;
  fn: {
    number: string;
    /** `YYYY-MM-DD`. */
    validUntil: string;
    /** Documents the ФН can hold in all (FF63 and the 90 % flag count from it). */
    capacityDocuments: number;
    reregistrationsLeft: number;
    reregistrationsDone: number;
    /** Warning bits the panel forces on top of the computed ones. */
    forcedWarnings: number;
    fault: FnFault;
  };
  shift: {
    open: boolean;
    /** The current shift, or the last closed one. */
    number: number;
    openedAtMs: number | null;
    /** Receipts (and corrections) in the current shift: 1042 of the last one. */
    receiptCount: number;
  };
  receipt: OpenReceipt | null;
  documents: IssuedDocument[];
  ofd: { link: 'up' | 'down' };
  printer: {
    paper: 'ok' | 'out';
    coverOpen: boolean;
    /** Paper ran out while printing: submode 2 until loaded, then 3 until B0. */
    interrupted: boolean;
    /** Lines that did not print when the paper ran out; B0 prints them. */
    unprinted: TapeLine[];
    /** The cut that was due after them. */
    unprintedCut: 'full' | 'partial' | null;
  };
  tape: { cut: DecodedReceipt[]; current: TapeLine[]; sequence: number };
  /** Password of each operator 1..30 (index 0 = operator 1). */
  passwords: number[];
  /** The ККТ's own clock minus the time source, ms. */
  clockOffsetMs: number;
};

export function initialState(overrides: {
  registration?: Partial<Registration>;
  fnNumber?: string;
  fnValidUntil?: string;
  deviceKey?: string;
}): DeviceState {
  return {
    version: STATE_VERSION,
    registration: { ...DEFAULT_REGISTRATION, ...overrides.registration },
    deviceKey: overrides.deviceKey ?? 'shtrih-emulator-device-key',
    fn: {
      number: overrides.fnNumber ?? '9999078900012345',
      validUntil: overrides.fnValidUntil ?? '2099-12-31',
      capacityDocuments: 250_000,
      reregistrationsLeft: 11,
      reregistrationsDone: 1,
      forcedWarnings: 0,
      fault: 'none',
    },
    shift: { open: false, number: 0, openedAtMs: null, receiptCount: 0 },
    receipt: null,
    documents: [],
    ofd: { link: 'up' },
    printer: {
      paper: 'ok',
      coverOpen: false,
      interrupted: false,
      unprinted: [],
      unprintedCut: null,
    },
    tape: { cut: [], current: [], sequence: 0 },
    passwords: Array.from({ length: 30 }, (_, index) => index + 1),
    clockOffsetMs: 0,
  };
}

// ------------------------------------------------------------------ the file format

const int = z.number().int();
const nat = int.min(0);
const tlv = z.object({ tag: nat.max(0xffff), valueHex: z.string().regex(/^([0-9a-f]{2})*$/) });
const item = z.object({
  operation: nat,
  quantityMillionths: nat,
  priceKopecks: nat,
  amountKopecks: nat,
  taxKopecks: nat.nullable(),
  taxBits: nat,
  department: nat,
  paymentMethod: nat,
  subject: nat,
  name: z.string(),
  tlvs: z.array(tlv),
});
const payments = z.object({
  sumsKopecks: z.array(nat).length(16),
  cashKopecks: nat,
  electronicKopecks: nat,
  prepaidKopecks: nat,
  postpaidKopecks: nat,
  counterOfferKopecks: nat,
});
const documentSchema = z.object({
  kind: z.enum(['receipt', 'shift-open', 'shift-close', 'correction']),
  fdNumber: nat,
  fiscalSign: nat,
  fnNumber: z.string(),
  shiftNumber: nat,
  receiptNumber: nat.nullable(),
  issuedAtMs: int,
  issuedAt: z.string(),
  operation: nat.nullable(),
  items: z.array(item),
  tlvs: z.array(tlv),
  totalKopecks: nat.nullable(),
  payments: payments.nullable(),
  changeKopecks: nat.nullable(),
  taxSystemMask: nat.nullable(),
  taxSumsKopecks: z.array(nat).nullable(),
  correctionType: nat.nullable(),
  qr: z.string().nullable(),
  ofdConfirmed: z.boolean(),
});
const tapeLine = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    text: z.string(),
    align: z.enum(['left', 'center', 'right']),
    bold: z.boolean(),
    widthMultiplier: int.min(1).max(8),
    heightMultiplier: int.min(1).max(8),
  }),
  z.object({ kind: z.literal('feed'), lines: int.min(1).max(255) }),
  z.object({
    kind: z.literal('qr'),
    payload: z.string(),
    moduleSize: int.min(1).max(16),
    errorLevel: z.enum(['L', 'M', 'Q', 'H']),
  }),
]);
const cutPiece = z.object({
  sequence: nat,
  widthColumns: int.min(16).max(80),
  lines: z.array(tapeLine),
  cut: z.enum(['full', 'partial']).nullable(),
  interrupted: z.enum(['paper-out', 'jam', 'cover-open', 'offline']).nullable(),
  codeTables: z.array(nat),
  unknownCommands: z.array(z.string()),
});

const stateSchema = z.object({
  version: z.literal(STATE_VERSION),
  registration: z.object({
    userName: z.string(),
    userInn: z.string().regex(/^\d{10}$|^\d{12}$/),
    address: z.string(),
    place: z.string(),
    automatNumber: z.string(),
    serialNumber: z.string().regex(/^\d{1,20}$/),
    registrationSequence: z.string().regex(/^\d{10}$/),
    taxSystemsMask: int.min(1).max(0x3f),
    fnsSite: z.string(),
  }),
  deviceKey: z.string().min(1),
  fn: z.object({
    number: z.string().regex(/^\d{16}$/),
    validUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    capacityDocuments: int.min(1),
    reregistrationsLeft: nat.max(255),
    reregistrationsDone: nat.max(255),
    forcedWarnings: nat.max(0xff),
    fault: z.enum(['none', 'failure', 'exhausted', 'memory-full', 'expired']),
  }),
  shift: z.object({
    open: z.boolean(),
    number: nat.max(0xffff),
    openedAtMs: int.nullable(),
    receiptCount: nat.max(0xffff),
  }),
  receipt: z
    .object({
      receiptType: nat.max(3),
      openedAtMs: int,
      items: z.array(item),
      tlvs: z.array(tlv),
    })
    .nullable(),
  documents: z.array(documentSchema),
  ofd: z.object({ link: z.enum(['up', 'down']) }),
  printer: z.object({
    paper: z.enum(['ok', 'out']),
    coverOpen: z.boolean(),
    interrupted: z.boolean(),
    unprinted: z.array(tapeLine),
    unprintedCut: z.enum(['full', 'partial']).nullable(),
  }),
  tape: z.object({ cut: z.array(cutPiece), current: z.array(tapeLine), sequence: nat }),
  passwords: z.array(nat.max(0xffffffff)).length(30),
  clockOffsetMs: int,
});

export type LoadError =
  | { kind: 'bad-json'; message: string }
  | { kind: 'bad-state'; message: string };

/** A saved state back, checked; never throws on bad input. */
export function parseState(text: string): Result<DeviceState, LoadError> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return err({ kind: 'bad-json', message });
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success) {
    return err({ kind: 'bad-state', message: z.prettifyError(parsed.error) });
  }
  return ok(parsed.data as DeviceState);
}

export function serializeState(state: DeviceState): string {
  return JSON.stringify(state);
}
