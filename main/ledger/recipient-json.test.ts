import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  sampleAccountId,
  sampleRecipient,
  sampleSession,
  sampleWallet,
  tempDir,
} from '../../tests/support/ledger-support.ts';
import { outgoingTransferOf } from '../sync/outgoing-transfer.ts';
import { type Ledger, openLedger } from './ledger.ts';
import { migrate, migrations, userVersion } from './migrations/registry.ts';
import { withStoredKind } from './recipient-json.ts';
import { connectionOf } from './test-access.ts';

/** What builds before ledger version 70 stored for a wallet top-up: a dressed-up inmate. */
const oldWallet = {
  inmateRef: `wallet:${sampleAccountId}`,
  maskedName: 'Кошелёк +7 *** ***-45-67',
  birthYear: 1900,
  facilityId: 'wallet',
  facilityName: 'Пополнение кошелька',
};
const { kind: _kind, ...oldInmate } = sampleRecipient;

describe('a stored recipient without a kind', () => {
  it('is read as older builds meant it: a wallet by its reference, else an inmate', () => {
    expect(withStoredKind(oldWallet)).toEqual(sampleWallet);
    expect(withStoredKind(oldInmate)).toEqual(sampleRecipient);
    expect(withStoredKind({ inmateRef: `wallet:${sampleAccountId}` })).toEqual({
      kind: 'wallet',
      accountId: sampleAccountId,
    });
    expect(withStoredKind(sampleWallet)).toBe(sampleWallet);
    expect(withStoredKind('wallet:x')).toBe('wallet:x');
  });
});

let temp: ReturnType<typeof tempDir>;
let path: string;
let ledger: Ledger | null;
beforeEach(() => {
  temp = tempDir();
  path = join(temp.dir, 'ledger.db');
  ledger = null;
});
afterEach(() => {
  ledger?.close();
  temp.remove();
});

const walletSessionId = '0192b3c4-0000-7000-8000-000000000001';
const walletTransferId = '0192b3c4-0000-7000-8000-0000000000aa';
const inmateSessionId = '0192b3c4-0000-7000-8000-000000000002';
const inmateTransferId = '0192b3c4-0000-7000-8000-0000000000bb';

/** One paid session, its transfer and outbox row, written as a version-60 build wrote them. */
function writeOldPayment(
  db: DatabaseSync,
  ids: { session: string; transfer: string },
  recipient: object,
  sequence: number,
): void {
  const recipientJson = JSON.stringify(recipient);
  db.prepare(
    `INSERT INTO deposit_session (id, recipient_json, payer_account_id, deposit_kopecks_max,
       commission_basis_points, commission_min_kopecks, opened_at_ms) VALUES (?, ?, ?, ?, 0, 0, 1)`,
  ).run(ids.session, recipientJson, sampleAccountId, 1_500_000);
  db.prepare(
    `INSERT INTO stack_intent (session_id, bill_type, note_kopecks, created_at_ms)
     VALUES (?, 2, 10000, 2)`,
  ).run(ids.session);
  db.exec(`INSERT INTO intent_outcome (intent_id, kind, bill_type, credited_kopecks, at_ms)
    VALUES (${sequence}, 'stacked', 2, 10000, 3)`);
  db.prepare(
    `INSERT INTO transfer (id, session_id, accepted_kopecks, commission_kopecks,
       credited_kopecks, recipient_json, payer_account_id, recovered, receipt_state,
       created_at_ms) VALUES (?, ?, 10000, 0, 10000, ?, ?, 0, 'printed', 4)`,
  ).run(ids.transfer, ids.session, recipientJson, sampleAccountId);
  const payload = {
    kioskSequence: sequence,
    transferId: ids.transfer,
    recipient,
    payerAccountId: sampleAccountId,
    acceptedKopecks: 10_000,
    commissionKopecks: 0,
    creditedKopecks: 10_000,
    recovered: false,
    createdAtMs: 4,
  };
  db.prepare(
    `INSERT INTO outbox (transfer_id, idempotency_key, payload_json, next_attempt_at_ms,
       created_at_ms) VALUES (?, ?, ?, 4, 4)`,
  ).run(ids.transfer, ids.transfer, JSON.stringify(payload));
}

describe('a ledger written by a version-60 build', () => {
  function openOldLedger(): Ledger {
    const old = new DatabaseSync(path);
    migrate(old, 60);
    writeOldPayment(old, { session: walletSessionId, transfer: walletTransferId }, oldWallet, 1);
    writeOldPayment(old, { session: inmateSessionId, transfer: inmateTransferId }, oldInmate, 2);
    old.close();
    ledger = openLedger(path);
    return ledger;
  }

  it('reads its wallet top-up as a wallet and its transfer as an inmate', () => {
    const opened = openOldLedger();
    expect(userVersion(connectionOf(opened))).toBe(migrations.at(-1)!.version);
    expect(opened.transferById(walletTransferId)?.recipient).toEqual(sampleWallet);
    expect(opened.transferById(inmateTransferId)?.recipient).toEqual(sampleRecipient);
  });

  it('sends the old outbox rows by kind: the wallet to its account, the inmate by reference', () => {
    const opened = openOldLedger();
    const sent = (transferId: string) => {
      const payload = opened.outbox.row(transferId)?.payload;
      if (payload === undefined || !payload.ok) throw new Error(`unreadable ${transferId}`);
      return outgoingTransferOf(payload.value).recipient;
    };
    expect(sent(walletTransferId)).toEqual({ kind: 'wallet', accountId: sampleAccountId });
    expect(sent(inmateTransferId)).toEqual({ kind: 'inmate', inmateRef: oldInmate.inmateRef });
  });

  it('writes new rows with their kind, refuses rows without one, keeps old rows frozen', () => {
    const opened = openOldLedger();
    const session = sampleSession(10_000, { recipient: sampleWallet });
    opened.openSession(session);
    expect(opened.sessionState(session.sessionId)?.recipient).toEqual(sampleWallet);
    const db = connectionOf(opened);
    const stored = db
      .prepare('SELECT recipient_json FROM deposit_session WHERE id = ?')
      .get(session.sessionId);
    expect(JSON.parse(String(stored?.recipient_json))).toEqual(sampleWallet);
    expect(() =>
      db
        .prepare(
          `INSERT INTO deposit_session (id, recipient_json, payer_account_id, deposit_kopecks_max,
             commission_basis_points, commission_min_kopecks, opened_at_ms)
           VALUES ('0192b3c4-0000-7000-8000-000000000009', ?, NULL, 1500000, 0, 0, 1)`,
        )
        .run(JSON.stringify(oldInmate)),
    ).toThrow(/recipient must name its kind/);
    expect(() =>
      db
        .prepare('UPDATE transfer SET recipient_json = ? WHERE id = ?')
        .run(JSON.stringify(sampleWallet), walletTransferId),
    ).toThrow(/only receipt_state may change/);
  });
});
