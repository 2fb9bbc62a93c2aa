import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { letterQuote } from '../../common/contract.ts';
import type { CashLetter } from '../../common/letter.ts';
import { kopecks, rubles } from '../../common/money.ts';
import { walletRecipient } from '../../common/wallet.ts';
import { transferCreateFromPayload } from '../sync/outbox-payload.ts';
import { type Ledger, openLedger } from './ledger.ts';
import { migrate } from './migrations/registry.ts';
import { readOutbox } from './outbox.ts';
import { sampleRecipient, sampleSession, tempDir } from './test-support.ts';
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

const accountId = 'p0123456789abcdef0123';
const wallet = walletRecipient(accountId, '+7 *** ***-45-67');

function letterOf(text: string, replyBlanks: number): CashLetter {
  return {
    letterId: uuidv7(5_000),
    recipient: sampleRecipient,
    text,
    replyBlanks,
    ...letterQuote(text, replyBlanks),
  };
}

/** A wallet top-up session carrying `letter`, `notes` deposited, committed. */
function payLetterInCash(letter: CashLetter, notes: number[]) {
  const session = sampleSession(1_000, {
    recipient: wallet,
    payerAccountId: accountId,
    letter,
    terms: {
      depositKopecksMax: rubles(15_000),
      commissionBasisPoints: 0,
      commissionMinKopecks: kopecks(0),
    },
  });
  ledger.openSession(session);
  for (const note of notes) {
    ledger.writeIntent({
      sessionId: session.sessionId,
      billType: 2,
      noteKopecks: kopecks(note),
      atMs: 2,
    });
    ledger.resolveOldestIntent({
      kind: 'stacked',
      billType: 2,
      noteKopecks: kopecks(note),
      atMs: 3,
    });
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
  const row = readOutbox(ledger.db, transferId);
  if (row === null) throw new Error('no outbox row');
  const parsed = transferCreateFromPayload(transferId, row.payloadJson);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

describe('a letter paid in cash', () => {
  it('is stored with its session and its transfer, and rides with the outbox row when paid', () => {
    // Two pages and two reply blanks: 2 × 30 ₽ + 2 × 25 ₽ = 110 ₽, paid with 200 ₽.
    const letter = letterOf('ж'.repeat(1_900), 2);
    expect(letter.priceKopecks).toBe(rubles(110));
    const transfer = payLetterInCash(letter, [rubles(100), rubles(100)]);
    expect(transfer.letter).toEqual(letter);
    expect(ledger.sessionState(transfer.sessionId)?.letter).toEqual(letter);
    expect(sentPayload(transfer.transferId)).toMatchObject({
      inmateRef: wallet.inmateRef,
      depositedKopecks: rubles(200),
      letter,
    });
  });

  it('short of its price: the cash all stays on the wallet and no letter is sent', () => {
    const letter = letterOf('ж'.repeat(1_900), 2);
    const transfer = payLetterInCash(letter, [rubles(100)]);
    expect(transfer.letter).toEqual(letter);
    const sent = sentPayload(transfer.transferId);
    expect(sent.depositedKopecks).toBe(rubles(100));
    expect(sent.letter).toBeUndefined();
  });

  it('cannot be changed after the fact (trigger), like the money columns', () => {
    const transfer = payLetterInCash(letterOf('привет', 0), [rubles(50)]);
    expect(() =>
      ledger.db
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
