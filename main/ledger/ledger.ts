import type { z } from 'zod';
import { type AuditEntry, appendAudit, listAudit } from './audit-log.ts';
import {
  type CassetteTotals,
  type CollectionInput,
  type CollectionRecord,
  recordCollection,
  totalsSinceLastCollection,
} from './collections.ts';
import { touchPrivateFile } from '../../platform/private-files.ts';
import { openDatabase } from './db.ts';
import { type JournalDump, journalDump } from './journal-dump.ts';
import {
  applyOutboxOutcomes,
  earliestNextAttemptMs,
  nextOutboxBatch,
  type OutboxPayload,
  type OutboxRow,
  type OutboxStats,
  outboxStats,
  type ParkedOutboxItem,
  parkedOutboxItems,
  readOutbox,
  type RetryParkedError,
  type RowOutcome,
  retryParkedOutbox,
} from './outbox.ts';
import { type LedgerReceiptSms, receiptSmsQueue } from './receipt-sms.ts';
import { fiscalStore, type LedgerFiscal } from './fiscal-store.ts';
import { registerConnection } from './test-access.ts';
import type {
  CancelReason,
  SessionRecord,
  SessionState,
  StackIntent,
  TransferRecord,
} from './journal-types.ts';
import {
  type CloseError,
  type CommitInput,
  cancelSession,
  commitTransfer,
  type IntentInput,
  markReceipt,
  type OutcomeInput,
  openSession,
  type ResolveResult,
  readLetterText,
  readTransfer,
  recordUnmatchedStacked,
  resolveIntent,
  resolveOldestIntent,
  writeIntent,
} from './journal.ts';
import {
  checkInvariant,
  type InvariantReport,
  openIntents,
  openSessionIds,
  readSessionState,
} from './journal-reads.ts';
import { type SettingError, readSetting, settingKeys, writeSetting } from './settings.ts';
import { listTransfers, type TransferFilter, type TransferPage } from './transfers-query.ts';
import type { Result } from '../../common/result.ts';
import type { Kopecks } from '../../common/money.ts';

export type * from './journal-types.ts';
export type { CloseError, CommitInput, IntentInput, OutcomeInput, ResolveResult };
export type { CassetteTotals, CollectionInput, CollectionRecord, InvariantReport };
export type { TransferFilter, TransferPage, AuditEntry, SettingError, JournalDump };
export type { OutboxPayload, OutboxRow, OutboxStats, ParkedOutboxItem, RetryParkedError };
export type { RowOutcome };
export type { LedgerReceiptSms, ReceiptSmsRow, ReceiptSmsState } from './receipt-sms.ts';
export { outboxBatchCountMax } from './outbox.ts';
export type {
  FiscalCounts,
  FiscalDocumentRecord,
  FiscalIntent,
  FiscalIntentState,
  FiscalShiftRecord,
  FiscalStoreError,
  LedgerFiscal,
} from './fiscal-store.ts';

/** The outbox as its users see it: the sender's batches and the operator's parked list. */
export type LedgerOutbox = {
  /** Rows due now, oldest money first; each with its payload parsed (or why it cannot be). */
  nextBatch(input: { nowMs: number; countMax: number; retryDelayMsCap: number }): OutboxRow[];
  earliestNextAttemptMs(): number | null;
  /** What central said about each row of a batch, recorded in one transaction. */
  apply(outcomes: ReadonlyArray<{ transferId: string; outcome: RowOutcome }>, nowMs: number): void;
  row(transferId: string): OutboxRow | null;
  stats(): OutboxStats;
  parked(limit?: number): ParkedOutboxItem[];
  /** The operator sends a parked row again (it keeps its history). */
  retryParked(transferId: string, nowMs: number): Result<void, RetryParkedError>;
};

/**
 * The durable money ledger: one SQLite file, one connection, every money event its own
 * BEGIN IMMEDIATE … COMMIT with synchronous=FULL. Everything is synchronous: a committed call
 * has returned, so a caller may acknowledge the device right after it.
 */
export type Ledger = {
  readonly path: string;
  /** `letterText` with a letter session: its words, kept until central has them. */
  openSession(session: SessionRecord, letterText?: string | null): void;
  letterText(letterId: string): string | null;
  writeIntent(input: IntentInput): StackIntent;
  resolveOldestIntent(input: OutcomeInput): ResolveResult;
  resolveIntent(intentId: number, input: OutcomeInput): ResolveResult;
  recordUnmatchedStacked(input: { billType: number; noteKopecks: Kopecks; atMs: number }): number;
  cancelSession(sessionId: string, reason: CancelReason, atMs: number): Result<void, CloseError>;
  commitTransfer(input: CommitInput): Result<TransferRecord, CloseError>;
  markReceipt(transferId: string, state: 'printed' | 'unprinted'): TransferRecord;
  sessionState(sessionId: string): SessionState | null;
  openSessionIds(): string[];
  openIntents(): StackIntent[];
  transferById(transferId: string): TransferRecord | null;
  listTransfers(filter: TransferFilter): TransferPage;
  /** Transfers whose receipt was never confirmed printed or unprinted (crash while printing). */
  pendingReceiptTransfers(): TransferRecord[];
  totalsSinceLastCollection(): CassetteTotals;
  recordCollection(input: CollectionInput): CollectionRecord;
  checkInvariant(): InvariantReport;
  settings: {
    get<S extends z.ZodType>(
      key: string,
      schema: S,
    ): { ok: true; value: z.output<S>; updatedAtMs: number } | { ok: false; error: SettingError };
    set(key: string, value: unknown, atMs: number): void;
    keys(): string[];
  };
  audit: {
    append(entry: { atMs: number; actor: string; action: string; detail: unknown }): number;
    list(limit: number, beforeId?: number): AuditEntry[];
  };
  outbox: LedgerOutbox;
  /** SMS copies of receipts waiting for central (not money: apart from the outbox). */
  receiptSms: LedgerReceiptSms;
  /** The fiscal receipts owed for payments, their documents and delivery (fiscal kiosks). */
  fiscal: LedgerFiscal;
  /** Raw table rows for the journal export (service mode → USB stick). */
  journalDump(): JournalDump;
  close(): void;
};

export function openLedger(path: string): Ledger {
  // SQLite gives -wal and -shm the mode of the database file: create it private first.
  touchPrivateFile(path);
  const db = openDatabase(path);
  const ledger: Ledger = {
    path,
    openSession: (session, letterText) => openSession(db, session, letterText ?? null),
    letterText: (letterId) => readLetterText(db, letterId),
    writeIntent: (input) => writeIntent(db, input),
    resolveOldestIntent: (input) => resolveOldestIntent(db, input),
    resolveIntent: (intentId, input) => resolveIntent(db, intentId, input),
    recordUnmatchedStacked: (input) => recordUnmatchedStacked(db, input),
    cancelSession: (sessionId, reason, atMs) => cancelSession(db, sessionId, reason, atMs),
    commitTransfer: (input) => commitTransfer(db, input),
    markReceipt: (transferId, state) => markReceipt(db, transferId, state),
    sessionState: (sessionId) => readSessionState(db, sessionId),
    openSessionIds: () => openSessionIds(db),
    openIntents: () => openIntents(db),
    transferById: (transferId) => readTransfer(db, transferId),
    listTransfers: (filter) => listTransfers(db, filter),
    pendingReceiptTransfers: () =>
      db
        .prepare("SELECT id FROM transfer WHERE receipt_state = 'pending' ORDER BY created_at_ms")
        .all()
        .flatMap((row) => {
          const found = typeof row.id === 'string' ? readTransfer(db, row.id) : null;
          return found === null ? [] : [found];
        }),
    totalsSinceLastCollection: () => totalsSinceLastCollection(db),
    recordCollection: (input) => recordCollection(db, input),
    checkInvariant: () => checkInvariant(db),
    settings: {
      get: (key, schema) => readSetting(db, key, schema),
      set: (key, value, atMs) => writeSetting(db, key, value, atMs),
      keys: () => settingKeys(db),
    },
    audit: {
      append: (entry) => appendAudit(db, entry),
      list: (limit, beforeId) => listAudit(db, limit, beforeId),
    },
    outbox: {
      nextBatch: (input) => nextOutboxBatch(db, input),
      earliestNextAttemptMs: () => earliestNextAttemptMs(db),
      apply: (outcomes, nowMs) => applyOutboxOutcomes(db, outcomes, nowMs),
      row: (transferId) => readOutbox(db, transferId),
      stats: () => outboxStats(db),
      parked: (limit) => parkedOutboxItems(db, limit),
      retryParked: (transferId, nowMs) => retryParkedOutbox(db, transferId, nowMs),
    },
    receiptSms: receiptSmsQueue(db),
    fiscal: fiscalStore(db),
    journalDump: () => journalDump(db),
    close: () => {
      if (db.isOpen) db.close();
    },
  };
  registerConnection(ledger, db);
  return ledger;
}
