/**
 * The fiscal registrar port (ККТ with a fiscal storage, ФН): what the kiosk asks of the device
 * that registers each payment under 54-ФЗ and prints the fiscal receipt. The Shtrih-M driver in
 * main/devices/shtrih/ implements it over bytes; nothing above it knows about frames, passwords
 * or command codes. Money is integer kopecks; times the device reports are its own wall clock,
 * kept as the `YYYY-MM-DDTHH:MM` text it printed (the ККТ clock has no time zone and no seconds
 * in the fiscal QR), plus the kiosk's receive time in ms.
 */
import type { Kopecks } from './money.ts';
import type { Result } from './result.ts';

/** 1055 applied tax system; exactly one per receipt. */
export type TaxSystem = 'osn' | 'usn-income' | 'usn-income-expense' | 'envd' | 'esn' | 'patent';

/** 1212 subject of calculation of one item (only the two a payment agent uses). */
export type FiscalItemSubject = 'payment' | 'agent-fee';

export type FiscalItem = {
  /** 1030, printed; at most 128 characters. */
  name: string;
  /** 1079 = 1043 here: quantity is always exactly 1. */
  priceKopecks: Kopecks;
  subject: FiscalItemSubject;
  /**
   * 1222 agent sign on the item (payment agent) with 1225/1226 (and 1171 inside 1224):
   * present for the principal amount, whose supplier is the recipient's operator; absent for
   * the agent's own fee, sold in the agent's own name.
   */
  supplier: { name: string; inn: string; phone: string } | null;
};

/** One fiscal receipt «приход» as a payment agent (1057 = ПЛ. АГЕНТ), paid in cash. */
export type FiscalReceiptRequest = {
  items: readonly FiscalItem[];
  /** 1031: cash handed in; equals the items' sum (a kiosk gives no change). */
  cashKopecks: Kopecks;
  taxSystem: TaxSystem;
  /** 1073 payment agent's phone(s), 1074 operator's phone, 1171 supplier's phone. */
  agentPhones: readonly string[];
  operatorPhone: string;
  supplierPhone: string;
  /** Non-fiscal lines printed before the receipt is opened (agent header). */
  headerLines: readonly string[];
  /** Non-fiscal lines printed after the receipt is closed (tracking link, support). */
  footerLines: readonly string[];
};

/** What identifies a fiscal document issued by the ФН (printed and sent to central). */
export type FiscalDocument = {
  /** 1040 ФД number. */
  fdNumber: number;
  /** 1077 fiscal sign (ФП/ФПД) as the decimal the receipt prints. */
  fiscalSign: number;
  /** 1041 ФН number, 16 digits. */
  fnNumber: string;
  /** 1038 shift number. */
  shiftNumber: number;
  /** 1042 receipt number within the shift. */
  receiptNumber: number;
  /** 1012 as the ККТ printed it, `YYYY-MM-DDTHH:MM`. */
  issuedAt: string;
  /** 1020 total. */
  totalKopecks: Kopecks;
};

/** A document found in the ФН by its number (after a crash: did our receipt get issued?). */
export type FoundFiscalDocument = {
  fdNumber: number;
  kind: 'receipt' | 'shift-open' | 'shift-close' | 'correction' | 'other';
  fiscalSign: number;
  issuedAt: string;
  /** For a receipt: 1054 operation and 1020 total; null for other kinds. */
  operation: 'income' | 'income-return' | 'expense' | 'expense-return' | null;
  totalKopecks: Kopecks | null;
};

export type FiscalWarnings = {
  /** ФН bit0: replace within 3 days. */
  replaceUrgently: boolean;
  /** ФН bit1: resource running out, 30 days left. */
  resourceLow: boolean;
  /** ФН bit2: memory 90 % full. */
  memoryNearFull: boolean;
  /** ФН bit3: OFD answer timeout exceeded. */
  ofdTimeout: boolean;
  /** ФН bit7: critical ФН error. */
  critical: boolean;
};

export type FiscalCondition = {
  /** The ФР answered the status request. */
  online: boolean;
  shift: 'open' | 'expired' | 'closed';
  shiftNumber: number;
  /** A document is open in the ККТ or the ФН (a leftover after a crash or power loss). */
  documentOpen: boolean;
  /** Printing waits for paper or for «continue printing» (submodes 1–3). */
  printing: 'idle' | 'busy' | 'paper-out-waiting' | 'waiting-continue';
  paper: 'ok' | 'out';
  coverOpen: boolean;
  fn: {
    number: string;
    /** ФН life phase: fiscal mode is the only one in which receipts can be issued. */
    phase: 'setup' | 'fiscal' | 'closed' | 'archive';
    lastFdNumber: number;
    /** `YYYY-MM-DD`, the ФН's end of validity. */
    validUntil: string;
    warnings: FiscalWarnings;
  };
  ofd: {
    /** Documents not yet confirmed by the OFD. */
    queueCount: number;
    /** `YYYY-MM-DDTHH:MM` of the oldest unconfirmed document, null when the queue is empty. */
    oldestQueuedAt: string | null;
  };
  /** The ККТ's own clock, `YYYY-MM-DDTHH:MM:SS`. */
  clock: string;
};

export type FiscalError =
  | { kind: 'offline' }
  | { kind: 'timeout' }
  | { kind: 'paper-out' }
  | { kind: 'cover-open' }
  | { kind: 'busy' }
  | { kind: 'bad-password' }
  /** 24 hours have run out: Z report and a new shift are needed (4Eh / 16h). */
  | { kind: 'shift-expired' }
  | { kind: 'shift-closed' }
  /** A command needs no open document, and one is open (or the other way round). */
  | { kind: 'document-state'; code: number }
  /** The ФН refuses: exhausted, 30-day OFD block, expired, critical error. */
  | { kind: 'fn-blocked'; code: number; message: string }
  /** Any other device error code, with the vendor's meaning. */
  | { kind: 'device'; code: number; message: string }
  | { kind: 'io'; message: string };

export type ShiftReport = { shiftNumber: number; fdNumber: number; fiscalSign: number };

export interface FiscalRegistrarPort {
  condition(): Promise<Result<FiscalCondition, FiscalError>>;
  openShift(): Promise<Result<ShiftReport, FiscalError>>;
  /** Z report: closes the shift (prints the report). */
  closeShift(): Promise<Result<ShiftReport, FiscalError>>;
  /** X report: the shift's totals so far, nothing closes. */
  xReport(): Promise<Result<void, FiscalError>>;
  /**
   * Opens, fills and closes one receipt. Resolves with the ФН's answer to the close command;
   * on an error after the receipt was opened the driver has tried to cancel it (the error
   * says what happened; `documentOpen` in condition() tells the truth afterwards).
   */
  issueReceipt(request: FiscalReceiptRequest): Promise<Result<FiscalDocument, FiscalError>>;
  /** Cancels an open receipt (88h) or ФН document (FF08); ok when nothing was open. */
  cancelOpenDocument(): Promise<Result<void, FiscalError>>;
  /** «Continue printing» after paper was loaded (B0h). */
  continuePrinting(): Promise<Result<void, FiscalError>>;
  findDocument(fdNumber: number): Promise<Result<FoundFiscalDocument | null, FiscalError>>;
  /** 1042/1038 of the last receipt closed in the current shift (FF40). */
  shiftCounters(): Promise<Result<{ shiftNumber: number; lastReceiptNumber: number }, FiscalError>>;
  /** Non-fiscal text on the receipt tape, then a cut: collection reports, copies, tests. */
  printText(lines: readonly string[]): Promise<Result<void, FiscalError>>;
  close(): Promise<void>;
}

/**
 * A correction receipt (кассовый чек коррекции, FFD form 31, «приход») for a payment whose
 * receipt could not be issued at the time: the same items and cash, made on the owner's own
 * initiative (1173 = «самостоятельно»), naming the day of the payment (1178) and, when a tax
 * authority ordered it, the order's number (1179). docs/fiscal.md §8.
 */
export type FiscalCorrectionRequest = FiscalReceiptRequest & {
  correction: { settlementDate: string; orderNumber: string | null };
};

/** Optional: a driver that can issue correction receipts implements it (Shtrih: FF4A). */
export interface FiscalCorrectionPort {
  issueCorrection(request: FiscalCorrectionRequest): Promise<Result<FiscalDocument, FiscalError>>;
}
