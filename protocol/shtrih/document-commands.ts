/**
 * Documents already in the ФН (docs/protocols/shtrih.md §6.3): FF0A finds a fiscal document by
 * its number (after a crash: was our receipt issued?), FF4A issues a correction receipt V2 for a
 * settlement whose receipt could not be issued in time.
 */
import { defineCommand } from './command-codec.ts';
import { Command } from './commands.ts';
import type { ByteReader, ByteWriter, DateTime } from './numbers.ts';
import {
  type FiscalDocumentReply,
  readFiscalDocument,
  writeFiscalDocument,
} from './receipt-commands.ts';

/** FFD document types (the FF0A reply's first byte). */
export const DocumentType = {
  registration: 1,
  shiftOpen: 2,
  receipt: 3,
  strictReportingForm: 4,
  shiftClose: 5,
  fiscalClose: 6,
  reregistration: 11,
  settlementReport: 21,
  correctionReceipt: 31,
  correctionStrictForm: 41,
} as const;

/** Kinds whose FF0A data carry the 1054 operation and the total after FD and ФП. */
const SETTLEMENT_TYPES = new Set<number>([
  DocumentType.receipt,
  DocumentType.strictReportingForm,
  DocumentType.correctionReceipt,
  DocumentType.correctionStrictForm,
]);

export type FoundDocument = {
  documentType: number;
  ofdTicketReceived: boolean;
  issuedAt: DateTime | null;
  fdNumber: number;
  fiscalSign: number;
  /** For receipts and corrections: 1054 and 1020; null for other kinds. */
  operation: number | null;
  totalKopecks: number | null;
  /** Fields of other document kinds (shift number…), kept raw. */
  extra: Uint8Array;
};

export const fnFindDocument = defineCommand<{ password: number; fdNumber: number }, FoundDocument>(
  Command.fnFindDocument,
  'find document',
  {
    writeRequest: (writer, request) => writer.u32(request.password).u32(request.fdNumber),
    readRequest: (reader) => ({ password: reader.u32(), fdNumber: reader.u32() }),
    writeReply: writeFoundDocument,
    readReply: readFoundDocument,
  },
);

function writeFoundDocument(writer: ByteWriter, reply: FoundDocument): void {
  writer
    .u8(reply.documentType)
    .u8(reply.ofdTicketReceived ? 1 : 0)
    .dateTime(reply.issuedAt);
  writer.u32(reply.fdNumber).u32(reply.fiscalSign);
  if (SETTLEMENT_TYPES.has(reply.documentType)) {
    writer.u8(reply.operation ?? 0).u40(reply.totalKopecks ?? 0);
  }
  writer.bytes(reply.extra);
}

function readFoundDocument(reader: ByteReader): FoundDocument {
  const documentType = reader.u8();
  const ofdTicketReceived = reader.u8() !== 0;
  const issuedAt = reader.dateTime();
  const fdNumber = reader.u32();
  const fiscalSign = reader.u32();
  const settlement = SETTLEMENT_TYPES.has(documentType);
  const operation = settlement ? reader.u8() : null;
  const totalKopecks = settlement ? reader.u40() : null;
  return {
    documentType,
    ofdTicketReceived,
    issuedAt,
    fdNumber,
    fiscalSign,
    operation,
    totalKopecks,
    extra: reader.rest(),
  };
}

export type CorrectionReceiptV2Request = {
  password: number;
  /** 1173: 0 on its own initiative, 1 by a tax authority's order. */
  correctionType: number;
  /** 1054: 1 income or 3 expense. */
  operation: number;
  totalKopecks: number;
  cashKopecks: number;
  electronicKopecks: number;
  prepaidKopecks: number;
  postpaidKopecks: number;
  counterOfferKopecks: number;
  /** 6 tax sums, as in FF45. */
  taxesKopecks: readonly number[];
  taxSystemBits: number;
};

export type CorrectionReceiptV2Reply = FiscalDocumentReply & { receiptNumber: number };

export const correctionReceiptV2 = defineCommand<
  CorrectionReceiptV2Request,
  CorrectionReceiptV2Reply
>(Command.correctionReceiptV2, 'correction receipt V2', {
  writeRequest: (writer, request) => {
    writer.u32(request.password).u8(request.correctionType).u8(request.operation);
    writer.u40(request.totalKopecks).u40(request.cashKopecks).u40(request.electronicKopecks);
    writer.u40(request.prepaidKopecks).u40(request.postpaidKopecks);
    writer.u40(request.counterOfferKopecks);
    for (let index = 0; index < 6; index++) writer.u40(request.taxesKopecks[index] ?? 0);
    writer.u8(request.taxSystemBits);
  },
  readRequest: (reader) => ({
    password: reader.u32(),
    correctionType: reader.u8(),
    operation: reader.u8(),
    totalKopecks: reader.u40(),
    cashKopecks: reader.u40(),
    electronicKopecks: reader.u40(),
    prepaidKopecks: reader.u40(),
    postpaidKopecks: reader.u40(),
    counterOfferKopecks: reader.u40(),
    taxesKopecks: Array.from({ length: 6 }, () => reader.u40()),
    taxSystemBits: reader.u8(),
  }),
  writeReply: (writer, reply) => {
    writer.u16(reply.receiptNumber);
    writeFiscalDocument(writer, reply);
  },
  readReply: (reader) => ({ receiptNumber: reader.u16(), ...readFiscalDocument(reader) }),
});
