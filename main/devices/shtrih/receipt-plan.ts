/**
 * What goes into one agent receipt (docs/protocols/shtrih.md §10): the request is checked, then
 * turned into FF46 items with their FF4D TLVs and the FF0C receipt TLVs, all as bytes, before a
 * single command is sent — a receipt that cannot be encoded is refused before 8Dh opens it.
 */
import { z } from 'zod';
import type { FiscalReceiptRequest, TaxSystem } from '../../../common/fiscal-port.ts';
import { isValidInn } from '../../../common/inn.ts';
import {
  ITEM_NAME_BYTES_MAX,
  Operation,
  type OperationV2Request,
  PaymentMethod,
  PaymentSubject,
  QUANTITY_ONE,
  TaxBit,
  TaxSystemBit,
  TLV_PAYLOAD_BYTES_MAX,
} from '../../../protocol/shtrih/receipt-commands.ts';
import { AgentSign, byteTlv, stlv, stringTlv, Tag } from '../../../protocol/shtrih/tlv.ts';

/** FFD: phones are strings of at most 19 characters (`+7…`). */
const phone = z.string().regex(/^\+?\d{1,18}$/u, 'a phone is + and up to 18 digits');
/** The money fields of a 5-byte field, kept well inside a safe integer. */
const MONEY_MAX_KOPECKS = 0xff_ffff_fffe;

const requestSchema = z
  .object({
    items: z
      .array(
        z.object({
          name: z.string().min(1).max(ITEM_NAME_BYTES_MAX),
          priceKopecks: z.number().int().positive().max(MONEY_MAX_KOPECKS),
          subject: z.enum(['payment', 'agent-fee']),
          supplier: z
            .object({
              name: z.string().min(1).max(200),
              inn: z.string().refine(isValidInn, 'not a valid ИНН'),
              phone,
            })
            .nullable(),
        }),
      )
      .min(1)
      .max(50),
    cashKopecks: z.number().int().positive().max(MONEY_MAX_KOPECKS),
    taxSystem: z.enum(['osn', 'usn-income', 'usn-income-expense', 'envd', 'esn', 'patent']),
    agentPhones: z.array(phone).min(1).max(5),
    operatorPhone: phone,
    supplierPhone: phone,
    headerLines: z.array(z.string().max(400)).max(30),
    footerLines: z.array(z.string().max(400)).max(30),
  })
  .refine(
    (request) =>
      request.items.reduce((sum, item) => sum + item.priceKopecks, 0) === request.cashKopecks,
    'cash must equal the sum of the items (the kiosk gives no change)',
  );

export type PlannedItem = {
  operation: Omit<OperationV2Request, 'password'>;
  /** FF4D TLVs sent right after the item, in order. */
  tlvs: Uint8Array[];
};

export type ReceiptPlan = {
  items: PlannedItem[];
  /** FF0C TLVs. */
  receiptTlvs: Uint8Array[];
  totalKopecks: number;
  taxSystemBits: number;
  headerLines: readonly string[];
  footerLines: readonly string[];
};

const TAX_SYSTEM_BITS: Record<TaxSystem, number> = {
  osn: TaxSystemBit.osn,
  'usn-income': TaxSystemBit.usnIncome,
  'usn-income-expense': TaxSystemBit.usnIncomeExpense,
  envd: TaxSystemBit.envd,
  esn: TaxSystemBit.esn,
  patent: TaxSystemBit.patent,
};

/**
 * FFD stores an ИНН as a 12-character string; a legal entity's 10 digits are padded with
 * spaces on the right (docs/protocols/shtrih.md §5).
 */
export function innField(inn: string): string {
  return inn.padEnd(12, ' ');
}

export function planReceipt(
  request: FiscalReceiptRequest,
  department: number,
): { ok: true; plan: ReceiptPlan } | { ok: false; message: string } {
  const parsed = requestSchema.safeParse(request);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `receipt: ${issue?.path.join('.')}: ${issue?.message}` };
  }
  const valid = parsed.data;
  const items: PlannedItem[] = valid.items.map((item) => ({
    operation: {
      operation: Operation.income,
      quantity: QUANTITY_ONE,
      priceKopecks: item.priceKopecks,
      amountKopecks: item.priceKopecks,
      taxKopecks: null,
      taxBits: TaxBit.noVat,
      department,
      paymentMethod: PaymentMethod.fullSettlement,
      paymentSubject: item.subject === 'payment' ? PaymentSubject.payment : PaymentSubject.agentFee,
      name: item.name,
    },
    tlvs:
      item.supplier === null
        ? []
        : [
            byteTlv(Tag.itemAgentSign, AgentSign.paymentAgent),
            stlv(Tag.supplierData, [
              stringTlv(Tag.supplierName, item.supplier.name),
              stringTlv(Tag.supplierPhone, item.supplier.phone),
            ]),
            stringTlv(Tag.supplierInn, innField(item.supplier.inn)),
          ],
  }));
  const receiptTlvs = [
    byteTlv(Tag.agentSign, AgentSign.paymentAgent),
    ...valid.agentPhones.map((agentPhone) => stringTlv(Tag.agentPhone, agentPhone)),
    stringTlv(Tag.operatorPhone, valid.operatorPhone),
    stringTlv(Tag.supplierPhone, valid.supplierPhone),
  ];
  const tooLong = [...items.flatMap((item) => item.tlvs), ...receiptTlvs].find(
    (tlv) => tlv.length > TLV_PAYLOAD_BYTES_MAX,
  );
  if (tooLong) return { ok: false, message: 'receipt: a TLV does not fit one command' };
  return {
    ok: true,
    plan: {
      items,
      receiptTlvs,
      totalKopecks: valid.cashKopecks,
      taxSystemBits: TAX_SYSTEM_BITS[valid.taxSystem],
      headerLines: valid.headerLines,
      footerLines: valid.footerLines,
    },
  };
}
