import { join } from 'node:path';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kopecks, rubles } from '../../common/money.ts';
import { pragmaValue } from './db.ts';
import { type Ledger, openLedger } from './ledger.ts';
import { connectionOf } from './test-access.ts';
import { sampleSession, tempDir } from '../../tests/support/ledger-support.ts';
import { uuidPattern, uuidv7 } from './uuidv7.ts';

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

function depositNotes(sessionId: string, notes: number[], atMs = 1_000) {
  for (const note of notes) {
    ledger.writeIntent({ sessionId, billType: 4, noteKopecks: kopecks(note), atMs });
    const result = ledger.resolveOldestIntent({
      kind: 'stacked',
      billType: 4,
      noteKopecks: kopecks(note),
      atMs,
    });
    expect(result.kind).toBe('resolved');
  }
}

describe('openLedger', () => {
  it('runs WAL with synchronous=FULL, also after reopening the file', () => {
    expect(pragmaValue(connectionOf(ledger), 'journal_mode')).toBe('wal');
    expect(pragmaValue(connectionOf(ledger), 'synchronous')).toBe(2);
    ledger.close();
    ledger = openLedger(path);
    expect(pragmaValue(connectionOf(ledger), 'synchronous')).toBe(2);
    expect(pragmaValue(connectionOf(ledger), 'foreign_keys')).toBe(1);
  });
});

describe('money journal', () => {
  it('credits a stacked note once: a repeated report finds no open intent', () => {
    const session = sampleSession(1_000);
    ledger.openSession(session);
    const intent = ledger.writeIntent({
      sessionId: session.sessionId,
      billType: 4,
      noteKopecks: rubles(100),
      atMs: 1_001,
    });
    expect(ledger.openIntents()).toEqual([intent]);
    const stacked = {
      kind: 'stacked',
      billType: 4,
      noteKopecks: rubles(100),
      atMs: 1_002,
    } as const;
    const first = ledger.resolveOldestIntent(stacked);
    expect(first.kind === 'resolved' && first.outcome.noteKopecks).toBe(rubles(100));
    expect(ledger.resolveOldestIntent(stacked)).toEqual({ kind: 'no-open-intent' });
    expect(ledger.resolveIntent(intent.intentId, { kind: 'unresolved', atMs: 3 }).kind).toBe(
      'no-open-intent',
    );
    expect(ledger.sessionState(session.sessionId)?.acceptedKopecks).toBe(rubles(100));
  });

  it('the database itself refuses a second outcome for an intent', () => {
    const session = sampleSession(1_000);
    ledger.openSession(session);
    depositNotes(session.sessionId, [10_000]);
    expect(() =>
      connectionOf(
        ledger,
      ).exec(`INSERT INTO intent_outcome (intent_id, kind, bill_type, credited_kopecks,
        at_ms) VALUES (1, 'stacked', 4, 10000, 5)`),
    ).toThrow(/UNIQUE/);
  });

  it('a returned note closes its intent without money', () => {
    const session = sampleSession(1_000);
    ledger.openSession(session);
    ledger.writeIntent({
      sessionId: session.sessionId,
      billType: 7,
      noteKopecks: rubles(5_000),
      atMs: 1,
    });
    const returned = ledger.resolveOldestIntent({ kind: 'returned', billType: 7, atMs: 2 });
    expect(returned.kind === 'resolved' && returned.outcome.noteKopecks).toBe(0);
    expect(ledger.sessionState(session.sessionId)?.acceptedKopecks).toBe(0);
    expect(ledger.cancelSession(session.sessionId, 'payer', 3).ok).toBe(true);
    expect(ledger.openSessionIds()).toEqual([]);
  });

  it('commits a transfer with its outbox row and computes commission from the journal', () => {
    const session = sampleSession(1_000);
    ledger.openSession(session);
    depositNotes(session.sessionId, [500_000, 100_000]);
    const transferId = uuidv7(2_000);
    const result = ledger.commitTransfer({
      transferId,
      sessionId: session.sessionId,
      recovered: false,
      createdAtMs: 2_000,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    // 3 % of 6 000 руб. = 180 руб. (above the 30 руб. minimum)
    expect(result.value.acceptedKopecks).toBe(600_000);
    expect(result.value.commissionKopecks).toBe(18_000);
    expect(result.value.creditedKopecks).toBe(582_000);
    expect(result.value.receiptState).toBe('pending');
    const outbox = ledger.outbox.row(transferId);
    expect(outbox?.idempotencyKey).toBe(transferId);
    expect(outbox?.payload.ok && outbox.payload.value.creditedKopecks).toBe(582_000);
    const again = ledger.commitTransfer({
      transferId: uuidv7(2_001),
      sessionId: session.sessionId,
      recovered: false,
      createdAtMs: 2_001,
    });
    expect(again).toEqual({ ok: false, error: { kind: 'closed', status: 'transferred' } });
    expect(ledger.markReceipt(transferId, 'printed').receiptState).toBe('printed');
    expect(ledger.markReceipt(transferId, 'unprinted').receiptState).toBe('printed');
  });

  it("keeps the sender's name from the session to its transfer, across a restart; none for an anonymous one", () => {
    const named = sampleSession(1_000, { senderName: 'Соколова Вера Андреевна' });
    ledger.openSession(named);
    depositNotes(named.sessionId, [100_000]);
    // A crash before the transfer: the name comes back with the session the recovery completes.
    ledger.close();
    ledger = openLedger(path);
    expect(ledger.sessionState(named.sessionId)?.senderName).toBe('Соколова Вера Андреевна');
    const transferId = uuidv7(2_000);
    ledger.commitTransfer({
      transferId,
      sessionId: named.sessionId,
      recovered: true,
      createdAtMs: 2_000,
    });
    expect(ledger.transferById(transferId)?.senderName).toBe('Соколова Вера Андреевна');
    const anonymous = sampleSession(3_000);
    ledger.openSession(anonymous);
    depositNotes(anonymous.sessionId, [100_000]);
    const other = uuidv7(4_000);
    ledger.commitTransfer({
      transferId: other,
      sessionId: anonymous.sessionId,
      recovered: false,
      createdAtMs: 4_000,
    });
    expect(ledger.transferById(other)?.senderName).toBeNull();
  });

  it('will not close a session while a note is in flight, nor cancel one holding money', () => {
    const session = sampleSession(1_000);
    ledger.openSession(session);
    depositNotes(session.sessionId, [10_000]);
    ledger.writeIntent({
      sessionId: session.sessionId,
      billType: 4,
      noteKopecks: rubles(100),
      atMs: 5,
    });
    const commit = {
      transferId: uuidv7(6),
      sessionId: session.sessionId,
      recovered: false,
      createdAtMs: 6,
    };
    expect(ledger.commitTransfer(commit)).toEqual({ ok: false, error: { kind: 'note-in-flight' } });
    expect(ledger.cancelSession(session.sessionId, 'payer', 6)).toEqual({
      ok: false,
      error: { kind: 'note-in-flight' },
    });
    ledger.resolveOldestIntent({ kind: 'returned', billType: 4, atMs: 7 });
    expect(ledger.cancelSession(session.sessionId, 'payer', 8)).toEqual({
      ok: false,
      error: { kind: 'has-money', acceptedKopecks: 10_000 },
    });
    expect(ledger.commitTransfer(commit).ok).toBe(true);
  });

  it('refuses an intent for a closed session (trigger)', () => {
    const session = sampleSession(1_000);
    ledger.openSession(session);
    ledger.cancelSession(session.sessionId, 'payer', 2);
    expect(() =>
      ledger.writeIntent({
        sessionId: session.sessionId,
        billType: 4,
        noteKopecks: rubles(100),
        atMs: 3,
      }),
    ).toThrow(/closed/);
  });

  it('keeps the invariant across transfers, open sessions and unmatched reports', () => {
    const a = sampleSession(1_000);
    const b = sampleSession(2_000);
    ledger.openSession(a);
    ledger.openSession(b);
    depositNotes(a.sessionId, [100_000, 50_000]);
    depositNotes(b.sessionId, [1_000]);
    ledger.commitTransfer({
      transferId: uuidv7(3),
      sessionId: a.sessionId,
      recovered: false,
      createdAtMs: 3,
    });
    ledger.recordUnmatchedStacked({ billType: 4, noteKopecks: rubles(100), atMs: 4 });
    const report = ledger.checkInvariant();
    expect(report).toMatchObject({
      cassetteNotesKopecks: 151_000,
      creditsKopecks: 151_000,
      transfersKopecks: 150_000,
      openSessionsKopecks: 1_000,
      ok: true,
    });
    expect(ledger.openSessionIds()).toEqual([b.sessionId]);
  });
});

describe('queries', () => {
  it('lists transfers by date, amount and id prefix, newest first, paged', () => {
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const session = sampleSession(10_000 + index);
      ledger.openSession(session);
      depositNotes(session.sessionId, [index % 2 === 0 ? 10_000 : 50_000]);
      const transferId = uuidv7(20_000 + index);
      ids.push(transferId);
      ledger.commitTransfer({
        transferId,
        sessionId: session.sessionId,
        recovered: false,
        createdAtMs: 20_000 + index,
      });
    }
    const page = ledger.listTransfers({ limit: 2, offset: 0 });
    expect(page.total).toBe(5);
    expect(page.transfers.map((t) => t.transferId)).toEqual([ids[4], ids[3]]);
    expect(
      ledger.listTransfers({ acceptedKopecks: kopecks(50_000), limit: 10, offset: 0 }).total,
    ).toBe(2);
    expect(ledger.listTransfers({ fromMs: 20_001, toMs: 20_003, limit: 10, offset: 0 }).total).toBe(
      2,
    );
    const byPrefix = ledger.listTransfers({ idPrefix: ids[2]!.slice(0, 30), limit: 10, offset: 0 });
    expect(byPrefix.transfers.map((t) => t.transferId)).toEqual([ids[2]]);
    expect(ledger.transferById(ids[0]!)?.acceptedKopecks).toBe(10_000);
    expect(() => ledger.listTransfers({ idPrefix: "x' OR 1=1", limit: 10, offset: 0 })).toThrow();
  });

  it('totals per denomination since the last collection, and records a collection', () => {
    const session = sampleSession(1_000);
    ledger.openSession(session);
    depositNotes(session.sessionId, [10_000, 10_000, 500_000]);
    const totals = ledger.totalsSinceLastCollection();
    expect(totals.totalKopecks).toBe(520_000);
    expect(totals.denominations).toEqual([
      { noteKopecks: 10_000, count: 2, totalKopecks: 20_000 },
      { noteKopecks: 500_000, count: 1, totalKopecks: 500_000 },
    ]);
    expect(() =>
      ledger.recordCollection({ operatorId: 'op1', endedAtMs: 5_000, counted: [], comment: '' }),
    ).toThrow(/comment/);
    const record = ledger.recordCollection({
      operatorId: 'op1',
      endedAtMs: 5_000,
      counted: [
        { noteKopecks: kopecks(10_000), count: 2 },
        { noteKopecks: kopecks(500_000), count: 1 },
      ],
      comment: '',
    });
    expect(record).toMatchObject({
      expectedKopecks: 520_000,
      countedKopecks: 520_000,
      mismatch: false,
    });
    expect(ledger.totalsSinceLastCollection().totalKopecks).toBe(0);
    depositNotes(session.sessionId, [5_000]);
    expect(ledger.totalsSinceLastCollection().denominations).toEqual([
      { noteKopecks: 5_000, count: 1, totalKopecks: 5_000 },
    ]);
  });

  it('the first period starts at the first note, not at 1970; later ones at the last collection', () => {
    expect(ledger.totalsSinceLastCollection().startedAtMs).toBe(0);
    const session = sampleSession(1_000);
    ledger.openSession(session);
    depositNotes(session.sessionId, [10_000], 7_000);
    depositNotes(session.sessionId, [10_000], 9_000);
    expect(ledger.totalsSinceLastCollection().startedAtMs).toBe(7_000);
    ledger.recordCollection({
      operatorId: 'op1',
      endedAtMs: 12_000,
      counted: [{ noteKopecks: kopecks(10_000), count: 2 }],
      comment: '',
    });
    expect(ledger.totalsSinceLastCollection().startedAtMs).toBe(12_000);
  });

  it('reads settings through a schema and appends audit entries', () => {
    ledger.settings.set('depositKopecksMax', 1_000_000, 1);
    expect(ledger.settings.get('depositKopecksMax', z.number().int())).toMatchObject({
      ok: true,
      value: 1_000_000,
    });
    expect(ledger.settings.get('depositKopecksMax', z.string())).toMatchObject({ ok: false });
    expect(ledger.settings.get('missing', z.string())).toEqual({
      ok: false,
      error: { kind: 'missing' },
    });
    ledger.audit.append({
      atMs: 1,
      actor: 'operator:1',
      action: 'settings:write',
      detail: { a: 1 },
    });
    ledger.audit.append({ atMs: 2, actor: 'system', action: 'start', detail: null });
    expect(ledger.audit.list(10).map((entry) => entry.action)).toEqual(['start', 'settings:write']);
  });

  it('generates UUIDv7 ids that sort by time', () => {
    const early = uuidv7(1_700_000_000_000);
    const late = uuidv7(1_700_000_000_001);
    expect(early).toMatch(uuidPattern);
    expect(early[14]).toBe('7');
    expect(early < late).toBe(true);
  });
});
