import type { DatabaseSync } from 'node:sqlite';
import { kopecks } from '../../common/money.ts';
import type { Recipient } from '../../main/core/deposit-types.ts';
import type { FiscalTerms } from '../../main/core/fiscal-receipt.ts';
import type { Ledger } from '../../main/ledger/ledger.ts';
import { sampleRecipient, sampleSession } from './ledger-support.ts';
import { connectionOf } from '../../main/ledger/test-access.ts';
import { uuidv7 } from '../../main/ledger/uuidv7.ts';

/**
 * Fills a ledger with committed transfers through the ledger's own API (session → stacked
 * note → commit), so every outbox row is exactly what a real payment leaves behind.
 * `fast` turns fsync off while seeding big backlogs (bench, chaos); the connection goes back
 * to synchronous=FULL before returning.
 */
export function seedTransfers(
  ledger: Ledger,
  input: {
    count: number;
    startMs: number;
    recipientFor?: (index: number) => Recipient;
    noteKopecksFor?: (index: number) => number;
    fast?: boolean;
    /** Each payment committed with its fiscal intent, on these terms. */
    fiscal?: FiscalTerms;
  },
): string[] {
  const ids: string[] = [];
  if (input.fast) setSynchronous(connectionOf(ledger), 'OFF');
  try {
    for (let index = 0; index < input.count; index += 1) {
      const atMs = input.startMs + index;
      const session = sampleSession(atMs, {
        recipient: input.recipientFor?.(index) ?? sampleRecipient,
      });
      ledger.openSession(session);
      const noteKopecks = kopecks(input.noteKopecksFor?.(index) ?? 100_000);
      const intent = ledger.writeIntent({
        sessionId: session.sessionId,
        billType: 4,
        noteKopecks,
        atMs,
      });
      ledger.resolveIntent(intent.intentId, { kind: 'stacked', billType: 4, noteKopecks, atMs });
      const transferId = uuidv7(atMs);
      const committed = ledger.commitTransfer({
        sessionId: session.sessionId,
        transferId,
        recovered: false,
        createdAtMs: atMs,
        ...(input.fiscal === undefined ? {} : { fiscal: input.fiscal }),
      });
      if (!committed.ok) throw new Error(`seedTransfers: ${committed.error.kind}`);
      ids.push(transferId);
    }
  } finally {
    if (input.fast) setSynchronous(connectionOf(ledger), 'FULL');
  }
  return ids;
}

function setSynchronous(db: DatabaseSync, mode: 'OFF' | 'FULL'): void {
  db.exec(`PRAGMA synchronous = ${mode}`);
}

/**
 * What start-up recovery does, for the sync tests (docs/ARCHITECTURE.md §4, simplified): an
 * intent left open by a kill is credited as unresolved, and every open session with money is
 * committed as a recovered transfer, so its outbox row exists like any other.
 */
export function recoverOpenSessions(ledger: Ledger, nowMs: number): string[] {
  for (const intent of ledger.openIntents()) {
    ledger.resolveIntent(intent.intentId, { kind: 'unresolved', atMs: nowMs });
  }
  const recovered: string[] = [];
  for (const sessionId of ledger.openSessionIds()) {
    const transferId = uuidv7(nowMs);
    const committed = ledger.commitTransfer({
      sessionId,
      transferId,
      recovered: true,
      createdAtMs: nowMs,
    });
    if (committed.ok) recovered.push(transferId);
    else ledger.cancelSession(sessionId, 'recovery', nowMs);
  }
  return recovered;
}
