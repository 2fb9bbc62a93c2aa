/**
 * Fiscal documents the kiosks' registrars issued for their transfers (docs/fiscal.md §6): one
 * per transfer, stored beside it and shown with it. A kiosk sends it after the receipt is
 * issued, through its own queue, so the transfer may have arrived long before. Idempotent
 * without a key: the same document again is a replay; another one for the same transfer is a
 * conflict an operator must look at (two receipts for one payment, or a kiosk bug).
 *
 * All of central's fiscal storage is this file and migration 130 (storage/schema-*.ts).
 */
import type { FiscalDocumentAck, FiscalDocumentWire } from '../common/central-wire.ts';
import { err, ok, type Result } from '../common/result.ts';
import { type CentralDb, statement } from './db.ts';
import { type ApiError, apiError } from './errors.ts';

export type FiscalDocumentStore = {
  record(
    terminalId: string,
    transferId: string,
    document: FiscalDocumentWire,
    nowMs: number,
  ): Promise<Result<FiscalDocumentAck, ApiError>>;
  /** The document stored for a transfer, or null. */
  get(transferId: string): Promise<FiscalDocumentWire | null>;
};

type Row = {
  transfer_id: string;
  kind: 'receipt' | 'correction';
  fd_number: number;
  fiscal_sign: number;
  fn_number: string;
  shift_number: number;
  receipt_number: number | null;
  issued_at: string;
  total_kopecks: number;
  received_at_ms: number;
};

function documentOf(row: Row): FiscalDocumentWire {
  return {
    kind: row.kind,
    fdNumber: row.fd_number,
    fiscalSign: row.fiscal_sign,
    fnNumber: row.fn_number,
    shiftNumber: row.shift_number,
    receiptNumber: row.receipt_number,
    issuedAt: row.issued_at,
    totalKopecks: row.total_kopecks,
  };
}

/** The same document: every field the kiosk sent. */
function sameDocument(a: FiscalDocumentWire, b: FiscalDocumentWire): boolean {
  return JSON.stringify(documentOf(rowLike(a))) === JSON.stringify(documentOf(rowLike(b)));
}

function rowLike(document: FiscalDocumentWire): Row {
  return {
    transfer_id: '',
    kind: document.kind,
    fd_number: document.fdNumber,
    fiscal_sign: document.fiscalSign,
    fn_number: document.fnNumber,
    shift_number: document.shiftNumber,
    receipt_number: document.receiptNumber,
    issued_at: document.issuedAt,
    total_kopecks: document.totalKopecks,
    received_at_ms: 0,
  };
}

export function createFiscalDocumentStore(db: CentralDb): FiscalDocumentStore {
  const transfer = statement(
    db,
    'SELECT terminal_id, deposited_kopecks FROM transfers WHERE id = ?',
  );
  const byTransfer = statement(db, 'SELECT * FROM transfer_fiscal WHERE transfer_id = ?');
  const insert = statement(
    db,
    `INSERT INTO transfer_fiscal (transfer_id, terminal_id, kind, fd_number, fiscal_sign,
       fn_number, shift_number, receipt_number, issued_at, total_kopecks, received_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const get = async (transferId: string): Promise<FiscalDocumentWire | null> => {
    const row = await byTransfer.get<Row>(transferId);
    return row === undefined ? null : documentOf(row);
  };
  return {
    get,
    record(terminalId, transferIdAnyCase, document, nowMs) {
      const transferId = transferIdAnyCase.toLowerCase();
      return db.transaction(async (): Promise<Result<FiscalDocumentAck, ApiError>> => {
        const owner = await transfer.get<{ terminal_id: string; deposited_kopecks: number }>(
          transferId,
        );
        // Another terminal's transfer is "not found": a terminal learns nothing about others.
        if (owner === undefined || owner.terminal_id !== terminalId) {
          return err(apiError(404, 'transfer-not-found', `no transfer ${transferId} from here`));
        }
        const stored = await byTransfer.get<Row>(transferId);
        if (stored !== undefined) {
          if (sameDocument(documentOf(stored), document)) {
            return ok({ transferId, receivedAtMs: stored.received_at_ms, replayed: true });
          }
          return err(
            apiError(
              409,
              'fiscal-conflict',
              `transfer ${transferId} already has fiscal document ${stored.fd_number} of ФН ` +
                `${stored.fn_number}`,
            ),
          );
        }
        if (document.totalKopecks !== owner.deposited_kopecks) {
          return err(
            apiError(
              422,
              'fiscal-total-mismatch',
              `the document's total ${document.totalKopecks} is not the cash taken ` +
                `${owner.deposited_kopecks}`,
            ),
          );
        }
        await insert.run(
          transferId,
          terminalId,
          document.kind,
          document.fdNumber,
          document.fiscalSign,
          document.fnNumber,
          document.shiftNumber,
          document.receiptNumber,
          document.issuedAt,
          document.totalKopecks,
          nowMs,
        );
        return ok({ transferId, receivedAtMs: nowMs, replayed: false });
      });
    },
  };
}
