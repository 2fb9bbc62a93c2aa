import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kopecks } from '../../common/money.ts';
import { sampleFiscalTerms, seedFiscalPayments } from '../../tests/support/fiscal-support.ts';
import { sampleSession, tempDir } from '../../tests/support/ledger-support.ts';
import { seedTransfers } from '../../tests/support/sync-support.ts';
import type { FiscalTerms } from '../core/fiscal-receipt.ts';
import { type FiscalDocumentRecord, type Ledger, openLedger } from './ledger.ts';
import { connectionOf } from './test-access.ts';
import { uuidv7 } from './uuidv7.ts';

const startMs = Date.UTC(2026, 5, 10, 9, 0);
let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
let path: string;
beforeEach(() => {
  temp = tempDir();
  path = join(temp.dir, 'ledger.db');
  ledger = openLedger(path);
});
afterEach(() => {
  ledger.close();
  temp.remove();
});

const document = (fdNumber: number): FiscalDocumentRecord => ({
  kind: 'receipt',
  fdNumber,
  fiscalSign: 77,
  fnNumber: '9999078900001234',
  shiftNumber: 3,
  receiptNumber: 4,
  issuedAt: '2026-06-10T12:00',
  totalKopecks: kopecks(100_000),
});

function commitWith(fiscal: FiscalTerms | null) {
  const session = sampleSession(startMs);
  ledger.openSession(session);
  const noteKopecks = kopecks(100_000);
  const intent = ledger.writeIntent({
    sessionId: session.sessionId,
    billType: 4,
    noteKopecks,
    atMs: startMs,
  });
  ledger.resolveIntent(intent.intentId, {
    kind: 'stacked',
    billType: 4,
    noteKopecks,
    atMs: startMs,
  });
  const transferId = uuidv7(startMs);
  return {
    transferId,
    run: () =>
      ledger.commitTransfer({
        sessionId: session.sessionId,
        transferId,
        recovered: false,
        createdAtMs: startMs,
        fiscal,
      }),
  };
}

describe('the fiscal intent is written with the payment', () => {
  it('in the commit: pending, with the cash taken as its total and the terms frozen', () => {
    const { transferId, run } = commitWith(sampleFiscalTerms);
    expect(run().ok).toBe(true);
    expect(ledger.fiscal.intent(transferId)).toMatchObject({
      state: 'pending',
      totalKopecks: 100_000,
      terms: { ok: true, value: sampleFiscalTerms },
      attempt: null,
      document: null,
    });
  });

  it('not on a kiosk that does not fiscalise', () => {
    const { transferId, run } = commitWith(null);
    expect(run().ok).toBe(true);
    expect(ledger.fiscal.intent(transferId)).toBeNull();
  });

  it('bad terms roll the whole payment back: no transfer without its intent', () => {
    const bad = { ...sampleFiscalTerms, agent: { ...sampleFiscalTerms.agent, inn: 'x' } };
    const { transferId, run } = commitWith(bad);
    expect(run).toThrow();
    expect(ledger.transferById(transferId)).toBeNull();
    expect(ledger.outbox.row(transferId)).toBeNull();
  });
});

describe('fiscal intent states', () => {
  it('pending → issuing (before sending) → issued; the same document again is harmless', () => {
    const [id] = seedFiscalPayments(ledger, { count: 1, startMs });
    const at = { fnNumber: '9999078900001234', fdBefore: 41, atMs: startMs };
    expect(ledger.fiscal.beginAttempt(id!, at).ok).toBe(true);
    expect(ledger.fiscal.intent(id!)).toMatchObject({ state: 'issuing', attempts: 1, attempt: at });
    expect(ledger.fiscal.recordIssued(id!, document(42), startMs).ok).toBe(true);
    expect(ledger.fiscal.recordIssued(id!, document(42), startMs).ok).toBe(true);
    expect(ledger.fiscal.recordIssued(id!, document(43), startMs)).toMatchObject({
      ok: false,
      error: { kind: 'conflict' },
    });
    expect(ledger.fiscal.beginAttempt(id!, at)).toMatchObject({
      ok: false,
      error: { kind: 'wrong-state' },
    });
    expect(ledger.fiscal.intent(id!)?.document).toEqual(document(42));
  });

  it('one document of a ФН belongs to one payment only', () => {
    const [first, second] = seedFiscalPayments(ledger, { count: 2, startMs });
    expect(ledger.fiscal.recordIssued(first!, document(42), startMs).ok).toBe(true);
    expect(ledger.fiscal.documentOwner('9999078900001234', 42)).toBe(first);
    expect(ledger.fiscal.recordIssued(second!, document(42), startMs)).toMatchObject({
      ok: false,
      error: { kind: 'conflict' },
    });
  });

  it('held and released: back to issuing after an attempt, to pending without one', () => {
    const [tried, untried] = seedFiscalPayments(ledger, { count: 2, startMs });
    ledger.fiscal.beginAttempt(tried!, { fnNumber: '9999078900001234', fdBefore: 1, atMs: 1 });
    ledger.fiscal.hold(tried!, 'ФН refused: fn-blocked', startMs);
    ledger.fiscal.hold(untried!, 'ФН refused: fn-blocked', startMs);
    expect(ledger.fiscal.counts()).toMatchObject({ held: 2, pending: 0 });
    expect(ledger.fiscal.release(tried!).ok).toBe(true);
    expect(ledger.fiscal.release(untried!).ok).toBe(true);
    expect(ledger.fiscal.intent(tried!)?.state).toBe('issuing');
    expect(ledger.fiscal.intent(untried!)?.state).toBe('pending');
    // Released is not yet issued: the cash gate reads both as held until the receipt is out.
    expect(ledger.fiscal.counts()).toMatchObject({ held: 2, pending: 2 });
    expect(ledger.fiscal.recordIssued(untried!, document(7), startMs).ok).toBe(true);
    expect(ledger.fiscal.counts()).toMatchObject({ held: 1, pending: 1 });
  });

  it('the table refuses an attempt without the ФН number seen before it', () => {
    const [id] = seedFiscalPayments(ledger, { count: 1, startMs });
    const db = connectionOf(ledger);
    expect(() =>
      db.prepare("UPDATE fiscal_intent SET state = 'issuing' WHERE transfer_id = ?").run(id!),
    ).toThrow(/CHECK/);
  });

  it('delivery: unsent until central has it; a refused one is parked', () => {
    const [a, b] = seedFiscalPayments(ledger, { count: 2, startMs });
    ledger.fiscal.recordIssued(a!, document(42), startMs);
    ledger.fiscal.recordIssued(b!, document(43), startMs);
    expect(ledger.fiscal.unsent(startMs, 10).map((intent) => intent.transferId)).toEqual([a, b]);
    ledger.fiscal.sendFailed(a!, 'offline', startMs + 5_000);
    ledger.fiscal.parkSend(b!, '409 fiscal-conflict');
    expect(ledger.fiscal.unsent(startMs, 10)).toEqual([]);
    ledger.fiscal.markSent(a!, startMs + 6_000);
    expect(ledger.fiscal.unsent(startMs + 10_000, 10)).toEqual([]);
    expect(ledger.fiscal.counts().unsent).toBe(1);
    expect(ledger.fiscal.intent(b!)?.delivery.parkedReason).toBe('409 fiscal-conflict');
  });
});

describe('transfers made before fiscalisation', () => {
  it('stay valid after the migration, with no intent; the journal CSV says «none»', () => {
    const [old] = seedTransfers(ledger, { count: 1, startMs });
    const db = connectionOf(ledger);
    // Back to version 90: without the fiscal tables, nor the sender's name of 0110.
    db.exec(`DROP TABLE fiscal_intent; DROP TABLE fiscal_shift;
      ALTER TABLE transfer DROP COLUMN sender_name;
      ALTER TABLE deposit_session DROP COLUMN sender_name; PRAGMA user_version = 90`);
    ledger.close();
    ledger = openLedger(path);
    expect(ledger.transferById(old!)).not.toBeNull();
    expect(ledger.fiscal.intent(old!)).toBeNull();
    expect(ledger.checkInvariant().ok).toBe(true);
    const [row] = [...ledger.journalDump().transfers()];
    expect(row).toMatchObject({ id: old, fiscal_state: 'none', fiscal_fd_number: null });
  });
});
