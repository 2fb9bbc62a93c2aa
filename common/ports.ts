/**
 * Ports: the shapes the pure core and the services see. Drivers in main/devices/ and the
 * emulators in emulators/ implement them; nothing above them knows about bytes or serial lines.
 */
import type { Kopecks } from './money.ts';
import type { Result } from './result.ts';

// ---------------------------------------------------------------- bill acceptor

/** One row of the bill table as the device reports it (GET BILL TABLE), never hard-coded. */
export type BillTableEntry = {
  /** CCNET bill type index 0..23. */
  billType: number;
  /** ISO-ish country/currency code from the device: 'RUS' or 'RUB' for rubles. */
  currency: string;
  /** Face value in kopecks (rubles × 100). */
  noteKopecks: Kopecks;
};

export type AcceptorIdentity = {
  partNumber: string;
  serialNumber: string;
  billTable: readonly BillTableEntry[];
};

export type AcceptorRejectReason =
  | 'insertion'
  | 'magnetic'
  | 'remained-in-head'
  | 'multiplying'
  | 'conveying'
  | 'identification'
  | 'verification'
  | 'optic'
  | 'inhibit'
  | 'capacity'
  | 'operation'
  | 'length'
  | 'uv'
  | 'barcode'
  | 'unknown';

/** The device's condition, mapped from every CCNET poll state. */
export type AcceptorCondition =
  | { kind: 'absent' } // no answer for t non-response (5 s)
  | { kind: 'power-up'; variant: 'plain' | 'bill-in-validator' | 'bill-in-stacker' }
  | { kind: 'initializing' }
  | { kind: 'disabled' }
  | { kind: 'idling' }
  | { kind: 'accepting' }
  | { kind: 'escrow'; billType: number }
  | { kind: 'stacking' }
  | { kind: 'returning' }
  | { kind: 'holding' }
  | { kind: 'busy' }
  | { kind: 'rejecting'; reason: AcceptorRejectReason }
  | { kind: 'cassette-full' }
  | { kind: 'cassette-out' }
  | { kind: 'jam'; where: 'validator' | 'cassette' }
  | { kind: 'cheated' }
  | { kind: 'paused' }
  | { kind: 'failure'; code: number; detail: string }
  | { kind: 'unknown'; code: number };

/**
 * Money events. Delivered in device order, edge-triggered (a repeated poll answer is not a
 * new event). `stacked` and `returned` are acknowledged to the device only after the listener's
 * promise resolves, so the listener persists first: a crash before that leaves the device
 * re-reporting the event on the next poll.
 */
export type AcceptorEvent =
  | { kind: 'escrow'; billType: number }
  | { kind: 'stacked'; billType: number }
  | { kind: 'returned'; billType: number }
  | { kind: 'rejected'; reason: AcceptorRejectReason; code: number }
  | { kind: 'condition'; condition: AcceptorCondition };

export type AcceptorError =
  | { kind: 'timeout'; command: string }
  | { kind: 'illegal-command'; command: string }
  | { kind: 'nak'; command: string }
  | { kind: 'io'; message: string }
  | { kind: 'closed' };

export interface BillAcceptorPort {
  /**
   * Connects and brings the device to "disabled": POLLs first and reports whatever it holds
   * (escrow, pending stacked/returned, power-up with a bill) as events BEFORE any RESET, then
   * resets and initialises, reads identification and the bill table.
   */
  open(): Promise<Result<AcceptorIdentity, AcceptorError>>;
  enable(billTypes: readonly number[]): Promise<Result<void, AcceptorError>>;
  disable(): Promise<Result<void, AcceptorError>>;
  stack(): Promise<Result<void, AcceptorError>>;
  returnNote(): Promise<Result<void, AcceptorError>>;
  hold(): Promise<Result<void, AcceptorError>>;
  condition(): AcceptorCondition;
  /** One listener; events are delivered one at a time, awaiting the previous one. */
  setListener(listener: (event: AcceptorEvent) => Promise<void>): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- printer

export type PrinterCondition = {
  online: boolean;
  paper: 'ok' | 'near-end' | 'out';
  coverOpen: boolean;
  cutterError: boolean;
  /** Unrecoverable error reported by DLE EOT 3 or no answer at all. */
  error: string | null;
};

export type PrinterError =
  | { kind: 'paper-out' }
  | { kind: 'cover-open' }
  | { kind: 'offline' }
  | { kind: 'timeout' }
  | { kind: 'cutter' }
  | { kind: 'io'; message: string };

/** A receipt as lines the printer draws; the driver encodes it to ESC/POS bytes. */
export type ReceiptLine =
  | {
      kind: 'text';
      text: string;
      align?: 'left' | 'center' | 'right';
      bold?: boolean;
      size?: 1 | 2;
    }
  | { kind: 'rule' }
  | { kind: 'feed'; lines: number }
  | { kind: 'qr'; data: string; moduleSize?: number };

export type ReceiptDocument = { widthColumns: 32 | 42 | 48; lines: readonly ReceiptLine[] };

export interface PrinterPort {
  status(): Promise<Result<PrinterCondition, PrinterError>>;
  /** Prints and cuts; checks status before and after. Resolves only when the bytes are written. */
  print(document: ReceiptDocument): Promise<Result<void, PrinterError>>;
  close(): Promise<void>;
}
