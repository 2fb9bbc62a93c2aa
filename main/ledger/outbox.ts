import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { assert } from '../../common/assert.ts';
import { LetterTermsSchema, letterIsPaid } from '../../common/letter.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { inTransaction, statement } from './db.ts';
import type { TransferRecord } from './journal-types.ts';
import { withStoredKind } from './recipient-json.ts';
import { intColumn, intOrNullColumn, type Row, textColumn, textOrNullColumn } from './rows.ts';

/**
 * The transactional outbox: one row per committed transfer, written in the transfer's own
 * transaction, delivered to central at least once (Idempotency-Key = transfer id), never
 * deleted. Every statement that touches the table is in this file.
 */
export const outboxBatchCountMax = 100;

const kopecksSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/**
 * The recipient as the screen confirmed it, by kind. Central needs only the inmate's reference
 * or the wallet's account, so only those are required: older builds wrote less (and wrote a
 * wallet without a kind, which recipient-json.ts reads).
 */
const OutboxRecipientSchema = z.preprocess(
  withStoredKind,
  z.discriminatedUnion('kind', [
    z.looseObject({ kind: z.literal('inmate'), inmateRef: z.string().min(1).max(128) }),
    z.looseObject({ kind: z.literal('wallet'), accountId: z.string().min(1).max(64) }),
  ]),
);

/**
 * What a row carries, frozen at commit. The one schema both writes (enqueueOutbox parses the
 * payload before storing it) and reads (readOutbox parses it back): a row is a stored input,
 * so a row that does not parse — a corrupt file, a bug of an older build — is reported, never
 * sent half-formed. Fields that older builds did not write are optional.
 */
export const OutboxPayloadSchema = z
  .object({
    /** The kiosk's own order of its transfers; absent in rows written before it existed. */
    kioskSequence: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    transferId: z.string().min(1).max(64),
    recipient: OutboxRecipientSchema,
    payerAccountId: z.string().max(64).nullable(),
    acceptedKopecks: kopecksSchema,
    commissionKopecks: kopecksSchema,
    creditedKopecks: kopecksSchema,
    recovered: z.boolean().optional(),
    createdAtMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    /** Present only when the cash paid the session's letter (then the recipient is a wallet). */
    letter: LetterTermsSchema.nullable().optional(),
    /** Central's configuration version the terms came from; absent in older rows. */
    configVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional(),
  })
  .superRefine((payload, ctx) => {
    const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (payload.commissionKopecks + payload.creditedKopecks !== payload.acceptedKopecks) {
      problem('commission + credited ≠ accepted');
    }
    const letter = payload.letter ?? null;
    if (letter !== null && payload.recipient.kind !== 'wallet') {
      problem('a letter paid in cash must ride with a wallet top-up');
    }
    if (letter !== null && letter.priceKopecks > payload.acceptedKopecks) {
      problem('the cash does not cover the letter');
    }
  });
export type OutboxPayload = z.output<typeof OutboxPayloadSchema>;

export type OutboxRow = {
  transferId: string;
  /** Sent as Idempotency-Key; equal to the transfer id (a CHECK of the table). */
  idempotencyKey: string;
  /** The payload, or why it cannot be read (the sender parks such a row with that reason). */
  payload: Result<OutboxPayload, string>;
  attempts: number;
  nextAttemptAtMs: number;
  lastError: string | null;
  deliveredAtMs: number | null;
  parkedReason: string | null;
  createdAtMs: number;
};

export function parseOutboxPayload(
  transferId: string,
  payloadJson: string,
): Result<OutboxPayload, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(payloadJson);
  } catch {
    return err('outbox payload is not JSON');
  }
  const parsed = OutboxPayloadSchema.safeParse(raw);
  if (!parsed.success) return err(`outbox payload: ${parsed.error.issues[0]?.message ?? '?'}`);
  if (parsed.data.transferId !== transferId) return err('outbox payload: transfer id differs');
  return ok(parsed.data);
}

function outboxFromRow(row: Row): OutboxRow {
  const transferId = textColumn(row, 'transfer_id');
  return {
    transferId,
    idempotencyKey: textColumn(row, 'idempotency_key'),
    payload: parseOutboxPayload(transferId, textColumn(row, 'payload_json')),
    attempts: intColumn(row, 'attempts'),
    nextAttemptAtMs: intColumn(row, 'next_attempt_at_ms'),
    lastError: textOrNullColumn(row, 'last_error'),
    deliveredAtMs: intOrNullColumn(row, 'delivered_at_ms'),
    parkedReason: textOrNullColumn(row, 'parked_reason'),
    createdAtMs: intColumn(row, 'created_at_ms'),
  };
}

/** Called by commitTransfer inside its transaction: the row exists iff the transfer does. */
export function enqueueOutbox(db: DatabaseSync, transfer: TransferRecord): void {
  // Central orders a kiosk's transfers by this, not by its wall clock (which may be wrong).
  // Outbox rows are never deleted (trigger), so MAX(rowid) + 1 only grows.
  const sequenceRow = statement(db, 'SELECT COALESCE(MAX(rowid), 0) + 1 AS next FROM outbox').get();
  const kioskSequence = Number(sequenceRow?.next);
  assert(Number.isSafeInteger(kioskSequence) && kioskSequence > 0, 'enqueueOutbox: sequence');
  const versionRow = statement(db, 'SELECT config_version FROM deposit_session WHERE id = ?').get(
    transfer.sessionId,
  );
  const configVersion =
    versionRow === undefined ? null : intOrNullColumn(versionRow, 'config_version');
  const payload = OutboxPayloadSchema.parse({
    kioskSequence,
    transferId: transfer.transferId,
    recipient: transfer.recipient,
    payerAccountId: transfer.payerAccountId,
    acceptedKopecks: transfer.acceptedKopecks,
    commissionKopecks: transfer.commissionKopecks,
    creditedKopecks: transfer.creditedKopecks,
    recovered: transfer.recovered,
    createdAtMs: transfer.createdAtMs,
    ...(configVersion === null ? {} : { configVersion }),
    // Notes give no change: a letter is paid only when the cash covers it; otherwise all of
    // the cash stays on the wallet (the receipt says the letter was not paid).
    ...(transfer.letter !== null && letterIsPaid(transfer.letter, transfer.acceptedKopecks)
      ? { letter: transfer.letter }
      : {}),
  });
  statement(
    db,
    `INSERT INTO outbox (transfer_id, idempotency_key, payload_json, attempts,
       next_attempt_at_ms, created_at_ms)
     VALUES (?, ?, ?, 0, ?, ?)`,
  ).run(
    transfer.transferId,
    transfer.transferId,
    JSON.stringify(payload),
    transfer.createdAtMs,
    transfer.createdAtMs,
  );
}

export function readOutbox(db: DatabaseSync, transferId: string): OutboxRow | null {
  const row = statement(db, 'SELECT * FROM outbox WHERE transfer_id = ?').get(transferId);
  return row === undefined ? null : outboxFromRow(row);
}

/**
 * Rows to send now, oldest money first (by creation, not by next attempt). A row scheduled
 * further ahead than any backoff can put it (`retryDelayMsCap`) was scheduled before the wall
 * clock jumped back (NTP fix, dead RTC battery): it is due too, or a clock correction of hours
 * would hold money back for hours.
 */
export function nextOutboxBatch(
  db: DatabaseSync,
  input: { nowMs: number; countMax: number; retryDelayMsCap: number },
): OutboxRow[] {
  const { nowMs, countMax, retryDelayMsCap } = input;
  assert(Number.isSafeInteger(countMax) && countMax > 0, 'nextOutboxBatch: count');
  assert(countMax <= outboxBatchCountMax, 'nextOutboxBatch: count max');
  return statement(
    db,
    `SELECT * FROM outbox WHERE delivered_at_ms IS NULL AND parked_reason IS NULL
       AND (next_attempt_at_ms <= ? OR next_attempt_at_ms > ?)
     ORDER BY created_at_ms, transfer_id LIMIT ?`,
  )
    .all(nowMs, nowMs + retryDelayMsCap, countMax)
    .map(outboxFromRow);
}

/** Earliest next attempt among rows still to send, or null when none wait. */
export function earliestNextAttemptMs(db: DatabaseSync): number | null {
  const row = statement(
    db,
    `SELECT MIN(next_attempt_at_ms) AS at FROM outbox
     WHERE delivered_at_ms IS NULL AND parked_reason IS NULL`,
  ).get();
  const at = row?.at;
  return typeof at === 'number' ? at : null;
}

export type OutboxStats = {
  /** Rows still to deliver (not parked). */
  pendingCount: number;
  /** Rows central refused for good: kept for the operator, never retried automatically. */
  parkedCount: number;
  oldestPendingCreatedAtMs: number | null;
  /** Oldest row not delivered, parked or not. */
  oldestUndeliveredCreatedAtMs: number | null;
};

export function outboxStats(db: DatabaseSync): OutboxStats {
  const row = statement(
    db,
    `SELECT SUM(CASE WHEN parked_reason IS NULL THEN 1 ELSE 0 END) AS pending,
       SUM(CASE WHEN parked_reason IS NULL THEN 0 ELSE 1 END) AS parked,
       MIN(CASE WHEN parked_reason IS NULL THEN created_at_ms END) AS oldest_pending,
       MIN(created_at_ms) AS oldest
     FROM outbox WHERE delivered_at_ms IS NULL`,
  ).get();
  assert(row !== undefined, 'outboxStats');
  const numberOrNull = (value: unknown) => (typeof value === 'number' ? value : null);
  return {
    pendingCount: numberOrNull(row.pending) ?? 0,
    parkedCount: numberOrNull(row.parked) ?? 0,
    oldestPendingCreatedAtMs: numberOrNull(row.oldest_pending),
    oldestUndeliveredCreatedAtMs: numberOrNull(row.oldest),
  };
}

export type RowOutcome =
  | { kind: 'delivered' }
  | { kind: 'parked'; reason: string }
  | { kind: 'retry'; error: string; nextAttemptAtMs: number };

/**
 * Records what central said about each row of one batch, all in one transaction: marking 100
 * rows costs one fsync, not 100.
 */
export function applyOutboxOutcomes(
  db: DatabaseSync,
  outcomes: ReadonlyArray<{ transferId: string; outcome: RowOutcome }>,
  nowMs: number,
): void {
  assert(outcomes.length <= outboxBatchCountMax, 'applyOutboxOutcomes: bounded');
  inTransaction(db, () => {
    for (const { transferId, outcome } of outcomes) {
      switch (outcome.kind) {
        case 'delivered':
          markSent(db, transferId, nowMs);
          break;
        case 'parked':
          recordFailure(db, transferId, { error: outcome.reason, nextAttemptAtMs: nowMs });
          park(db, transferId, outcome.reason);
          break;
        case 'retry':
          recordFailure(db, transferId, {
            error: outcome.error,
            nextAttemptAtMs: outcome.nextAttemptAtMs,
          });
          break;
      }
    }
  });
}

function recordFailure(
  db: DatabaseSync,
  transferId: string,
  input: { error: string; nextAttemptAtMs: number },
): void {
  const result = statement(
    db,
    `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at_ms = ?
     WHERE transfer_id = ? AND delivered_at_ms IS NULL`,
  ).run(input.error.slice(0, 1_000), input.nextAttemptAtMs, transferId);
  assert(result.changes <= 1, 'outbox recordFailure: one row');
}

function markSent(db: DatabaseSync, transferId: string, atMs: number): void {
  statement(
    db,
    `UPDATE outbox SET attempts = attempts + 1, delivered_at_ms = ?
     WHERE transfer_id = ? AND delivered_at_ms IS NULL`,
  ).run(atMs, transferId);
}

/** Central refused it for good (422 …): kept, shown to the operator, not retried. */
function park(db: DatabaseSync, transferId: string, reason: string): void {
  statement(
    db,
    'UPDATE outbox SET parked_reason = ? WHERE transfer_id = ? AND delivered_at_ms IS NULL',
  ).run(reason.slice(0, 1_000), transferId);
}

export type ParkedOutboxItem = {
  transferId: string;
  reason: string;
  attempts: number;
  createdAtMs: number;
  lastError: string | null;
};

/** The operator's list of parked rows, oldest first. */
export function parkedOutboxItems(db: DatabaseSync, limit = 200): ParkedOutboxItem[] {
  assert(Number.isSafeInteger(limit) && limit > 0 && limit <= 1_000, 'parkedOutboxItems: limit');
  return statement(
    db,
    `SELECT * FROM outbox WHERE parked_reason IS NOT NULL AND delivered_at_ms IS NULL
     ORDER BY created_at_ms LIMIT ?`,
  )
    .all(limit)
    .map((row) => ({
      transferId: textColumn(row, 'transfer_id'),
      reason: textColumn(row, 'parked_reason'),
      attempts: intColumn(row, 'attempts'),
      createdAtMs: intColumn(row, 'created_at_ms'),
      lastError: textOrNullColumn(row, 'last_error'),
    }));
}

export type RetryParkedError = { kind: 'not-found' | 'not-parked'; message: string };

/** Un-parks one row for the next round. Rows are never deleted: it keeps its history. */
export function retryParkedOutbox(
  db: DatabaseSync,
  transferId: string,
  nowMs: number,
): Result<void, RetryParkedError> {
  return inTransaction(db, (): Result<void, RetryParkedError> => {
    const row = readOutbox(db, transferId);
    if (row === null) return err({ kind: 'not-found', message: 'No such outbox item.' });
    if (row.parkedReason === null || row.deliveredAtMs !== null) {
      return err({ kind: 'not-parked', message: 'This item is not parked.' });
    }
    statement(
      db,
      `UPDATE outbox SET parked_reason = NULL, next_attempt_at_ms = ?,
         last_error = 'retried by operator: ' || COALESCE(parked_reason, '')
       WHERE transfer_id = ?`,
    ).run(nowMs, transferId);
    return ok(undefined);
  });
}
