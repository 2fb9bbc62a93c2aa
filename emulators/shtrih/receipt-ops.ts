/**
 * Receipts on the emulated ККТ: open (8Dh), items (FF46h) with their tags (FF4Dh), receipt
 * tags (FF0Ch), close (FF45h) with payments, change and the fiscal sign, cancel (88h/FF08h) and
 * the correction receipt (FF4Ah). Checks run in the order the device answers them: document
 * state, shift, ФН, printer, then the command's own parameters.
 */
import { err, ok, type Result } from '../../common/result.ts';
import { DeviceError, type DeviceErrorCode } from './errors.ts';
import type { FiscalDevice } from './fiscal-device.ts';
import type { IssuedDocument, ItemRecord, OpenReceipt, Payments } from './state.ts';
import { receiptBody, text, wrapped } from './tape.ts';
import { splitTlvs } from './tlv-view.ts';

const ITEMS_MAX = 1_000;
const TLVS_MAX = 1_000;
const NAME_CHARS_MAX = 128;

/** 8Dh type → 1054: sale = приход, purchase = расход, and their returns. */
const OPERATION_OF_TYPE = [1, 3, 2, 4] as const;

export type ItemInput = Omit<ItemRecord, 'tlvs' | 'amountKopecks'> & {
  /** Null: the ККТ computes price × quantity. */
  amountKopecks: number | null;
};

export type CloseInput = {
  /** 16 payment sums: [0] cash, [1..12] electronic, [13] prepaid, [14] postpaid, [15] counter. */
  sumsKopecks: readonly number[];
  roundingKopecks: number;
  taxSumsKopecks: readonly number[];
  taxSystemMask: number;
  text: string;
};

export type CorrectionInput = {
  correctionType: number;
  operation: number;
  totalKopecks: number;
  cashKopecks: number;
  electronicKopecks: number;
  prepaidKopecks: number;
  postpaidKopecks: number;
  counterOfferKopecks: number;
  taxSumsKopecks: readonly number[];
  taxSystemMask: number;
};

/** The shift lets a new receipt start: open, and within its 24 hours. */
function shiftGate(device: FiscalDevice): DeviceErrorCode | null {
  if (!device.state.shift.open) return DeviceError.shiftNotOpen;
  if (device.shiftExpired()) return DeviceError.shiftOver24h;
  return null;
}

export function openReceipt(
  device: FiscalDevice,
  receiptType: number,
): Result<OpenReceipt, DeviceErrorCode> {
  if (device.state.receipt) return err(DeviceError.receiptOpen);
  const refused = shiftGate(device) ?? device.fnBlock() ?? device.printer.gate();
  if (refused !== null) return err(refused);
  if (receiptType > 3) return err(DeviceError.badParameters);
  const receipt: OpenReceipt = { receiptType, openedAtMs: device.wallMs(), items: [], tlvs: [] };
  device.state.receipt = receipt;
  return ok(receipt);
}

export function addItem(device: FiscalDevice, input: ItemInput): Result<void, DeviceErrorCode> {
  const refused = device.printer.gate();
  if (refused !== null) return err(refused);
  // Operation V2 with no receipt open opens one, of the type its 1054 names.
  if (!device.state.receipt) {
    const type = OPERATION_OF_TYPE.indexOf(input.operation as 1 | 2 | 3 | 4);
    if (type < 0) return err(DeviceError.badParameters);
    const opened = openReceipt(device, type);
    if (!opened.ok) return opened;
  }
  const receipt = device.state.receipt!;
  if (OPERATION_OF_TYPE[receipt.receiptType] !== input.operation) {
    return err(DeviceError.badParameters);
  }
  if (input.quantityMillionths <= 0 || [...input.name].length > NAME_CHARS_MAX) {
    return err(DeviceError.badParameters);
  }
  if (receipt.items.length >= ITEMS_MAX) return err(DeviceError.badParameters);
  const computed = Math.round((input.priceKopecks * input.quantityMillionths) / 1_000_000);
  const amountKopecks = input.amountKopecks ?? computed;
  if (Math.abs(amountKopecks - computed) > 1) return err(DeviceError.badParameters);
  receipt.items.push({ ...input, amountKopecks, tlvs: [] });
  return ok(undefined);
}

/** FF0Ch (level 'receipt') and FF4Dh (level 'item': bound to the last item). */
export function addTlv(
  device: FiscalDevice,
  level: 'receipt' | 'item',
  bytes: Uint8Array,
): Result<void, DeviceErrorCode> {
  const receipt = device.state.receipt;
  if (!receipt) return err(DeviceError.notInMode);
  const target = level === 'receipt' ? receipt.tlvs : receipt.items.at(-1)?.tlvs;
  if (!target) return err(DeviceError.notInMode);
  const records = splitTlvs(bytes);
  if (records === null || records.length === 0) return err(DeviceError.badParameters);
  if (target.length + records.length > TLVS_MAX) return err(DeviceError.badParameters);
  target.push(...records);
  return ok(undefined);
}

export type Closed = { doc: IssuedDocument; changeKopecks: number };

export function closeReceipt(
  device: FiscalDevice,
  input: CloseInput,
): Result<Closed, DeviceErrorCode> {
  const receipt = device.state.receipt;
  if (!receipt) return err(DeviceError.notInMode);
  // The ФН refuses the receipt when the shift ran past 24 hours while it was open.
  if (device.shiftExpired()) return err(DeviceError.fnShiftExpired);
  const refused = device.fnBlock() ?? device.printer.gate();
  if (refused !== null) return err(refused);
  if (receipt.items.length === 0) return err(DeviceError.badParameters);
  if (!taxSystemAllowed(device, input.taxSystemMask)) return err(DeviceError.badParameters);
  const itemsKopecks = receipt.items.reduce((sum, item) => sum + item.amountKopecks, 0);
  if (input.roundingKopecks > 99 || input.roundingKopecks > itemsKopecks) {
    return err(DeviceError.badParameters);
  }
  const totalKopecks = itemsKopecks - input.roundingKopecks;
  const payments = paymentsOf(input.sumsKopecks);
  const paidKopecks = input.sumsKopecks.reduce((sum, each) => sum + each, 0);
  if (paidKopecks < totalKopecks) return err(DeviceError.paymentsBelowTotal);
  const changeKopecks = paidKopecks - totalKopecks;
  // Only cash gives change.
  if (changeKopecks > payments.cashKopecks) return err(DeviceError.badParameters);
  const shift = device.state.shift;
  shift.receiptCount += 1;
  const doc = device.issue({
    kind: 'receipt',
    shiftNumber: shift.number,
    receiptNumber: shift.receiptCount,
    operation: OPERATION_OF_TYPE[receipt.receiptType] ?? 1,
    items: receipt.items,
    tlvs: receipt.tlvs,
    totalKopecks,
    payments,
    changeKopecks,
    taxSystemMask: input.taxSystemMask,
    taxSumsKopecks: [...input.taxSumsKopecks],
    correctionType: null,
    withQr: true,
  });
  device.state.receipt = null;
  const lines = receiptBody(doc, device.state.registration, device.printer.widthColumns);
  if (input.text.trim() !== '') {
    lines.unshift(...wrapped(input.text, device.printer.widthColumns));
  }
  device.printDocument(lines);
  return ok({ doc, changeKopecks });
}

/** 88h: the open receipt is dropped; it never reached the ФН as a signed document. */
export function cancelReceipt(device: FiscalDevice, print: boolean): Result<void, DeviceErrorCode> {
  if (!device.state.receipt) return err(DeviceError.notInMode);
  if (print && device.printer.gate() !== null) return err(device.printer.gate()!);
  device.state.receipt = null;
  if (print) {
    device.printer.print([text('ЧЕК АННУЛИРОВАН', { align: 'center', bold: true })]);
    if (device.options.autoCut) device.printer.cut('full');
  }
  return ok(undefined);
}

export function correction(
  device: FiscalDevice,
  input: CorrectionInput,
): Result<IssuedDocument, DeviceErrorCode> {
  if (device.state.receipt) return err(DeviceError.receiptOpen);
  const refused = shiftGate(device) ?? device.fnBlock() ?? device.printer.gate();
  if (refused !== null) return err(refused);
  if (input.correctionType > 1 || (input.operation !== 1 && input.operation !== 3)) {
    return err(DeviceError.badParameters);
  }
  if (!taxSystemAllowed(device, input.taxSystemMask)) return err(DeviceError.badParameters);
  const paid =
    input.cashKopecks +
    input.electronicKopecks +
    input.prepaidKopecks +
    input.postpaidKopecks +
    input.counterOfferKopecks;
  if (paid < input.totalKopecks) return err(DeviceError.paymentsBelowTotal);
  if (paid > input.totalKopecks) return err(DeviceError.badParameters);
  const shift = device.state.shift;
  shift.receiptCount += 1;
  const sums = new Array<number>(16).fill(0);
  sums[0] = input.cashKopecks;
  sums[1] = input.electronicKopecks;
  sums[13] = input.prepaidKopecks;
  sums[14] = input.postpaidKopecks;
  sums[15] = input.counterOfferKopecks;
  const doc = device.issue({
    kind: 'correction',
    shiftNumber: shift.number,
    receiptNumber: shift.receiptCount,
    operation: input.operation,
    items: [],
    tlvs: [],
    totalKopecks: input.totalKopecks,
    payments: paymentsOf(sums),
    changeKopecks: 0,
    taxSystemMask: input.taxSystemMask,
    taxSumsKopecks: [...input.taxSumsKopecks],
    correctionType: input.correctionType,
    withQr: true,
  });
  device.printDocument(receiptBody(doc, device.state.registration, device.printer.widthColumns));
  return ok(doc);
}

function taxSystemAllowed(device: FiscalDevice, mask: number): boolean {
  const oneBit = mask > 0 && (mask & (mask - 1)) === 0;
  return oneBit && (device.state.registration.taxSystemsMask & mask) !== 0;
}

function paymentsOf(sumsKopecks: readonly number[]): Payments {
  const sums = Array.from({ length: 16 }, (_, index) => sumsKopecks[index] ?? 0);
  return {
    sumsKopecks: sums,
    cashKopecks: sums[0]!,
    electronicKopecks: sums.slice(1, 13).reduce((sum, each) => sum + each, 0),
    prepaidKopecks: sums[13]!,
    postpaidKopecks: sums[14]!,
    counterOfferKopecks: sums[15]!,
  };
}
