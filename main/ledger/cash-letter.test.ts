import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CashLetter, cashLetter } from '../../common/letter.ts';
import { kopecks, rubles } from '../../common/money.ts';
import { outgoingTransferOf } from '../sync/outgoing-transfer.ts';
import { type Ledger, openLedger } from './ledger.ts';
import { migrate } from './migrations/registry.ts';
import { connectionOf } from './test-access.ts';
import {
  sampleAccountId,
  sampleLetterSession,
  sampleRecipient,
  sampleSession,
  tempDir,
} from '../../tests/support/ledger-support.ts';
import { uuidv7 } from './uuidv7.ts';

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

function letterOf(text: string, replyBlanks: number): CashLetter {
  return cashLetter(uuidv7(5_000), sampleRecipient, text, replyBlanks);
}

function openLetterSession(letter: CashLetter) {
  const session = sampleLetterSession(1_000, letter.terms);
  ledger.openSession(session, letter.text);
  return session;
}

/** A wallet top-up session carrying `letter`, `notes` deposited, committed. */
function payLetterInCash(letter: CashLetter, notes: number[]) {
  const session = openLetterSession(letter);
  for (const note of notes) {
    const noteKopecks = kopecks(note);
    ledger.writeIntent({ sessionId: session.sessionId, billType: 2, noteKopecks, atMs: 2 });
    ledger.resolveOldestIntent({ kind: 'stacked', billType: 2, noteKopecks, atMs: 3 });
  }
  const committed = ledger.commitTransfer({
    transferId: uuidv7(9_000),
    sessionId: session.sessionId,
    recovered: false,
    createdAtMs: 9_000,
  });
  if (!committed.ok) throw new Error(committed.error.kind);
  return committed.value;
}

function sentPayload(transferId: string) {
  const row = ledger.outbox.row(transferId);
  if (row === null) throw new Error('no outbox row');
  if (!row.payload.ok) throw new Error(row.payload.error);
  return outgoingTransferOf(row.payload.value, ledger.letterText);
}

describe('a letter paid in cash', () => {
  it('is stored with its session and its transfer, and rides with the outbox row when paid', () => {
    // Two pages and two reply blanks: 2 × 30 ₽ + 2 × 25 ₽ = 110 ₽, paid with 200 ₽.
    const letter = letterOf('ж'.repeat(1_900), 2);
    expect(letter.terms.priceKopecks).toBe(rubles(110));
    const transfer = payLetterInCash(letter, [rubles(100), rubles(100)]);
    expect(transfer.letter).toEqual(letter.terms);
    expect(ledger.sessionState(transfer.sessionId)?.letter).toEqual(letter.terms);
    expect(sentPayload(transfer.transferId)).toMatchObject({
      recipient: { kind: 'wallet', accountId: sampleAccountId },
      acceptedKopecks: rubles(200),
      letter,
    });
  });

  it('short of its price: the cash all stays on the wallet and no letter is sent', () => {
    const letter = letterOf('ж'.repeat(1_900), 2);
    const transfer = payLetterInCash(letter, [rubles(100)]);
    expect(transfer.letter).toEqual(letter.terms);
    const sent = sentPayload(transfer.transferId);
    expect(sent.acceptedKopecks).toBe(rubles(100));
    expect(sent.letter).toBeUndefined();
  });

  it('keeps its words only until central has them, and never in a frozen row', () => {
    const words = 'Держись, брат, скоро увидимся';
    const letter = letterOf(words, 1);
    const transfer = payLetterInCash(letter, [rubles(100)]);
    const frozen = connectionOf(ledger)
      .prepare(
        `SELECT t.letter_json || s.letter_json || o.payload_json AS frozen FROM transfer t
           JOIN deposit_session s ON s.id = t.session_id JOIN outbox o ON o.transfer_id = t.id
           WHERE t.id = ?`,
      )
      .get(transfer.transferId) as { frozen: string };
    expect(frozen.frozen).toContain(letter.terms.letterId);
    expect(frozen.frozen).not.toContain('брат');
    expect(ledger.letterText(letter.terms.letterId)).toBe(words);
    ledger.outbox.apply(
      [{ transferId: transfer.transferId, outcome: { kind: 'delivered' } }],
      10_000,
    );
    expect(ledger.letterText(letter.terms.letterId)).toBeNull();
  });

  it('forgets the words of a letter that will not be sent: cash short, or no cash at all', () => {
    const short = letterOf('мало денег', 5);
    payLetterInCash(short, [rubles(50)]);
    expect(ledger.letterText(short.terms.letterId)).toBeNull();
    const cancelled = letterOf('передумал', 0);
    const session = openLetterSession(cancelled);
    expect(ledger.letterText(cancelled.terms.letterId)).toBe('передумал');
    expect(ledger.cancelSession(session.sessionId, 'payer', 4_000).ok).toBe(true);
    expect(ledger.letterText(cancelled.terms.letterId)).toBeNull();
  });

  it('cannot be changed after the fact (trigger), like the money columns', () => {
    const transfer = payLetterInCash(letterOf('привет', 0), [rubles(50)]);
    expect(() =>
      connectionOf(ledger)
        .prepare('UPDATE transfer SET letter_json = NULL WHERE id = ?')
        .run(transfer.transferId),
    ).toThrow(/only receipt_state may change/);
  });

  it('a corrupt letter in a row is a clear ledger error, not a crash elsewhere', () => {
    const transfer = payLetterInCash(letterOf('привет', 0), [rubles(50)]);
    ledger.close();
    const raw = new DatabaseSync(path);
    raw.exec('DROP TRIGGER transfer_letter_frozen');
    raw
      .prepare(`UPDATE transfer SET letter_json = '{"letterId":1}' WHERE id = ?`)
      .run(transfer.transferId);
    raw.close();
    ledger = openLedger(path);
    expect(() => ledger.transferById(transfer.transferId)).toThrow(/letter_json/);
  });

  it('a ledger from before letters migrates with every old row letter-free', () => {
    ledger.close();
    const oldPath = join(temp.dir, 'old.db');
    const old = new DatabaseSync(oldPath);
    migrate(old, 50);
    old.close();
    ledger = openLedger(oldPath);
    const session = sampleSession(1_000);
    ledger.openSession(session);
    expect(ledger.sessionState(session.sessionId)?.letter).toBeNull();
  });
});
