import type { Kopecks } from '../../common/money.ts';
import type { BillAcceptorPort } from '../../common/ports.ts';
import type { DepositConfig, Recipient } from '../core/deposit-types.ts';
import type { FiscalTerms } from '../core/fiscal-receipt.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { RecoveryReport } from './deposit-recovery.ts';

/** pino's call shape, so a pino logger is passed as is and tests pass a recorder. */
export type DepositLog = {
  info(detail: object, message: string): void;
  warn(detail: object, message: string): void;
  error(detail: object, message: string): void;
};

export type ReceiptPrinter = {
  /** Resolves with the outcome; never rejects for paper or device faults ('unprinted'). */
  printTransferReceipt(
    transferId: string,
    opts: { recovered: boolean },
  ): Promise<'printed' | 'unprinted'>;
};

export type Timers = {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
};

export type DepositServiceDeps = {
  ledger: Ledger;
  acceptor: BillAcceptorPort;
  config: DepositConfig;
  receipts: ReceiptPrinter;
  now: () => number;
  log: DepositLog;
  /** Transfer/session ids; UUIDv7 by default, deterministic in the simulator. */
  newId?: (nowMs: number) => string;
  /**
   * Never-lose-money idle timer owned by main: after this long without activity, a session
   * with money completes and an empty one is cancelled. 0 disables it (tests drive it).
   */
  /** Read when a timer starts, so a changed setting applies to the next countdown. */
  idleTimeoutMs?: number | (() => number);
  /** How long Pay waits for a note between escrow and its outcome (CCNET: 81 within 30 s). */
  outcomeWaitMsMax?: number;
  timers?: Timers;
  /** After a failed start the acceptor is opened again in the background; each try reports here. */
  onDidReopen?: (report: RecoveryReport) => void;
  /** First retry delay after a failed open (default 5 s), doubling up to 60 s. */
  reopenDelayMsMin?: number;
  /**
   * On a fiscal kiosk, the terms of the receipt a payment owes, written with its commit
   * (main/core/fiscal-terms.ts; docs/fiscal.md §3). Absent or null: no fiscal receipt.
   */
  fiscalTerms?: FiscalTermsOf;
};

export type FiscalTermsOf = (transferId: string, recipient: Recipient) => FiscalTerms | null;

export type CompletedTransfer = {
  transferId: string;
  recipient: Recipient;
  acceptedKopecks: Kopecks;
  commissionKopecks: Kopecks;
  creditedKopecks: Kopecks;
  createdAtMs: number;
  receipt: 'printed' | 'unprinted';
  recovered: boolean;
};
