/**
 * The body of a fiscal receipt (docs/protocols/shtrih.md §6.2): FF46 «операция V2» (one item),
 * FF4D (a TLV bound to the last item), FF0C (a receipt-level TLV) and FF45 «закрытие чека
 * расширенное вариант 2», which answers with the ФД number and fiscal sign.
 */
import { assert } from '../../common/assert.ts';
import { defineCommand } from './command-codec.ts';
import { Command, type NoData, noData } from './commands.ts';
import type { ByteReader, ByteWriter, DateTime } from './numbers.ts';
import { decodeWin1251, encodeWin1251 } from './text.ts';

/** A TLV payload must leave room for the code and password in a 255-byte message. */
export const TLV_PAYLOAD_BYTES_MAX = 250;
export const ITEM_NAME_BYTES_MAX = 128;
export const CLOSE_TEXT_BYTES_MAX = 64;
export const PAYMENT_SUM_COUNT = 16;
export const TAX_SUM_COUNT = 6;
/** FF46 quantity has 6 decimals: 1.0 is one million. */
export const QUANTITY_ONE = 1_000_000;
/** FF46 amount/tax «not given»: the ККТ computes it. */
export const COMPUTED_BY_DEVICE = 0xff_ffff_ffff;

/** 1054 operation (FF46 byte 4, FF4A). */
export const Operation = { income: 1, incomeReturn: 2, expense: 3, expenseReturn: 4 } as const;

/**
 * FF46 tax byte as a bitmask, the way the vendor's driver sends it. Unverified on hardware: another
 * driver sends an index instead (docs/protocols/shtrih.md §11).
 */
export const TaxBit = {
  vat20: 0x01,
  vat10: 0x02,
  vat0: 0x04,
  noVat: 0x08,
  vat20of120: 0x10,
  vat10of110: 0x20,
} as const;

/** FF45/FF4A tax system byte: exactly one bit (1055). */
export const TaxSystemBit = {
  osn: 0x01,
  usnIncome: 0x02,
  usnIncomeExpense: 0x04,
  envd: 0x08,
  esn: 0x10,
  patent: 0x20,
} as const;

/** 1214 payment method; 4 = full settlement. */
export const PaymentMethod = { fullSettlement: 4 } as const;
/** 1212 subject of calculation. */
export const PaymentSubject = { service: 4, payment: 10, agentFee: 11, other: 13 } as const;

/** FF45 payment slots (1-based in the vendor text): index 0 is cash. */
export const PaymentSlot = { cash: 0, prepayment: 13, postpayment: 14, counterOffer: 15 } as const;

export type TlvRequest = { password: number; tlv: Uint8Array };

function tlvCommand(code: number, name: string) {
  return defineCommand<TlvRequest, NoData>(code, name, {
    writeRequest: (writer, request) => {
      assert(request.tlv.length <= TLV_PAYLOAD_BYTES_MAX, `${name}: TLV too long`);
      writer.u32(request.password).bytes(request.tlv);
    },
    readRequest: (reader) => ({ password: reader.u32(), tlv: reader.rest() }),
    writeReply: noData.write,
    readReply: noData.read,
  });
}

export const fnSendTlv = tlvCommand(Command.fnSendTlv, 'send TLV');
export const fnSendOperationTlv = tlvCommand(Command.fnSendOperationTlv, 'send operation TLV');

export type OperationV2Request = {
  password: number;
  operation: number;
  /** Millionths: 1 000 000 = 1. */
  quantity: number;
  priceKopecks: number;
  /** null: the ККТ computes price × quantity. */
  amountKopecks: number | null;
  /** null: the ККТ computes the tax. */
  taxKopecks: number | null;
  taxBits: number;
  department: number;
  paymentMethod: number;
  paymentSubject: number;
  /** 1030, WIN1251, at most 128 bytes; a name starting with `//` is sent but not printed. */
  name: string;
};

export const operationV2 = defineCommand<OperationV2Request, NoData>(
  Command.operationV2,
  'operation V2',
  {
    writeRequest: writeOperation,
    readRequest: readOperation,
    writeReply: noData.write,
    readReply: noData.read,
  },
);

function writeOperation(writer: ByteWriter, request: OperationV2Request): void {
  writer.u32(request.password).u8(request.operation).uint(request.quantity, 6);
  writer.u40(request.priceKopecks).u40(request.amountKopecks ?? COMPUTED_BY_DEVICE);
  writer.u40(request.taxKopecks ?? COMPUTED_BY_DEVICE).u8(request.taxBits);
  writer.u8(request.department).u8(request.paymentMethod).u8(request.paymentSubject);
  writer.bytes(encodeWin1251(request.name, ITEM_NAME_BYTES_MAX));
}

function readOperation(reader: ByteReader): OperationV2Request {
  const password = reader.u32();
  const operation = reader.u8();
  const quantity = reader.uint(6);
  const priceKopecks = reader.u40();
  const amount = reader.u40();
  const tax = reader.u40();
  return {
    password,
    operation,
    quantity,
    priceKopecks,
    amountKopecks: amount === COMPUTED_BY_DEVICE ? null : amount,
    taxKopecks: tax === COMPUTED_BY_DEVICE ? null : tax,
    taxBits: reader.u8(),
    department: reader.u8(),
    paymentMethod: reader.u8(),
    paymentSubject: reader.u8(),
    name: decodeWin1251(reader.bytes(Math.min(reader.remaining, ITEM_NAME_BYTES_MAX))),
  };
}

export type CloseReceiptV2Request = {
  password: number;
  /** 16 payment sums in kopecks; index 0 is cash (PaymentSlot). */
  paymentsKopecks: readonly number[];
  roundingKopecks: number;
  /** 6 tax sums: 20 %, 10 %, 0 %, без НДС, 20/120, 10/110. */
  taxesKopecks: readonly number[];
  taxSystemBits: number;
  /** Printed under the receipt, WIN1251, at most 64 bytes. */
  text: string;
};

export type FiscalDocumentReply = {
  fdNumber: number;
  fiscalSign: number;
  /** Sent only when the extended answer is switched on in the device's tables. */
  issuedAt: DateTime | null;
};

export type CloseReceiptV2Reply = FiscalDocumentReply & { changeKopecks: number };

export const closeReceiptV2 = defineCommand<CloseReceiptV2Request, CloseReceiptV2Reply>(
  Command.closeReceiptV2,
  'close receipt V2',
  {
    writeRequest: (writer, request) => {
      assert(request.paymentsKopecks.length === PAYMENT_SUM_COUNT, 'FF45: 16 payment sums');
      assert(request.taxesKopecks.length === TAX_SUM_COUNT, 'FF45: 6 tax sums');
      writer.u32(request.password);
      for (const sum of request.paymentsKopecks) writer.u40(sum);
      writer.u8(request.roundingKopecks);
      for (const sum of request.taxesKopecks) writer.u40(sum);
      writer.u8(request.taxSystemBits).bytes(encodeWin1251(request.text, CLOSE_TEXT_BYTES_MAX));
    },
    readRequest: (reader) => {
      const password = reader.u32();
      const paymentsKopecks = Array.from({ length: PAYMENT_SUM_COUNT }, () => reader.u40());
      const roundingKopecks = reader.u8();
      const taxesKopecks = Array.from({ length: TAX_SUM_COUNT }, () => reader.u40());
      const taxSystemBits = reader.u8();
      const text = decodeWin1251(reader.bytes(Math.min(reader.remaining, CLOSE_TEXT_BYTES_MAX)));
      return { password, paymentsKopecks, roundingKopecks, taxesKopecks, taxSystemBits, text };
    },
    writeReply: (writer, reply) => {
      writer.u40(reply.changeKopecks);
      writeFiscalDocument(writer, reply);
    },
    readReply: (reader) => ({ changeKopecks: reader.u40(), ...readFiscalDocument(reader) }),
  },
);

export function writeFiscalDocument(writer: ByteWriter, reply: FiscalDocumentReply): void {
  writer.u32(reply.fdNumber).u32(reply.fiscalSign);
  if (reply.issuedAt !== null) writer.dateTime(reply.issuedAt);
}

/** FD, ФП and the optional DATE_TIME: both reply lengths decode. */
export function readFiscalDocument(reader: ByteReader): FiscalDocumentReply {
  const fdNumber = reader.u32();
  const fiscalSign = reader.u32();
  const issuedAt = reader.remaining >= 5 ? reader.dateTime() : null;
  return { fdNumber, fiscalSign, issuedAt };
}
