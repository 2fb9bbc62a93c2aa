/**
 * A payer's wallet and paid letters. The balance is the sum of wallet entries (no stored
 * balance to drift); top-ups, payments from the wallet and letters are idempotent on the
 * kiosk's id, and a payment creates its transfer and debits the wallet in one transaction.
 */
import { createHash } from 'node:crypto';
import { letterQuote } from '../../common/letter.ts';
import { maskedName } from '../../common/names.ts';
import { type CentralDb, statement } from '../db.ts';
import { errorBody } from '../errors.ts';
import type {
  CashLetterWire,
  LetterCreate,
  WalletPaymentCreate,
} from '../../common/central-wire.ts';
import type { CreateAnswer, TransferCreate, TransferStore } from '../transfers.ts';

const ENTRIES_LISTED_MAX = 100;

/** POST /v1/payer/letters. */
export type LetterInput = LetterCreate;

/** A letter paid with the cash of the top-up it comes with (POST /v1/terminal/wallet-top-ups). */
export type CashLetter = CashLetterWire;

function letterFingerprintParts(letter: CashLetter, paidFrom: LetterInput['paidFrom']) {
  return [
    letter.letterId.toLowerCase(),
    letter.inmateRef,
    letter.text,
    letter.replyBlanks,
    paidFrom,
  ];
}

export type WalletPayment = WalletPaymentCreate;

const fingerprintOf = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

const json = (httpStatus: number, body: unknown, replayed = false): CreateAnswer => ({
  httpStatus,
  bodyText: JSON.stringify(body),
  replayed,
});

export type Wallet = ReturnType<typeof createWallet>;

export function createWallet(db: CentralDb, transfers: TransferStore) {
  const balanceOf = statement(
    db,
    'SELECT COALESCE(SUM(delta_kopecks), 0) AS balance FROM wallet_entries WHERE account_id = ?',
  );
  const entries = statement(
    db,
    `SELECT id, kind, delta_kopecks, created_at_ms FROM wallet_entries WHERE account_id = ?
       ORDER BY created_at_ms DESC, rowid DESC LIMIT ${ENTRIES_LISTED_MAX}`,
  );
  const entry = statement(db, 'SELECT fingerprint, response FROM wallet_entries WHERE id = ?');
  const insertEntry = statement(
    db,
    `INSERT INTO wallet_entries (id, account_id, kind, delta_kopecks, fingerprint, response,
       created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const letter = statement(db, 'SELECT fingerprint, response FROM letters WHERE id = ?');
  const insertLetter = statement(
    db,
    `INSERT INTO letters (id, account_id, terminal_id, inmate_ref, recipient_masked,
       facility_name, body, pages, reply_blanks, price_kopecks, paid_from, status, fingerprint,
       response, created_at_ms, facility_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'accepted', ?, ?, ?, ?)`,
  );
  const recipient = statement(
    db,
    `SELECT i.surname, i.name, i.patronymic, i.facility_id, f.short_name FROM inmates i
       JOIN facilities f ON f.id = i.facility_id WHERE i.ref = ?`,
  );
  const balance = async (accountId: string): Promise<number> =>
    (await balanceOf.get<{ balance: number }>(accountId))!.balance;
  const insufficient = () =>
    json(422, errorBody('insufficient-funds', 'the wallet balance does not cover this'));
  const reused = (id: string) =>
    json(422, errorBody('idempotency-key-reused', `${id} already exists with a different body`));

  /**
   * Inside the caller's transaction: a letter and its debit. `arrivingKopecks` is cash of a
   * top-up committed in the same transaction (the letter may spend it). Idempotent on letterId.
   */
  const placeLetter = async (
    accountId: string,
    terminalId: string,
    input: LetterInput,
    at: { arrivingKopecks: number; nowMs: number },
  ): Promise<CreateAnswer> => {
    const id = input.letterId.toLowerCase();
    const fingerprint = fingerprintOf([
      accountId,
      ...letterFingerprintParts(input, input.paidFrom),
    ]);
    const found = await letter.get<{ fingerprint: string; response: string }>(id);
    if (found !== undefined) {
      if (found.fingerprint !== fingerprint) return reused(id);
      return { httpStatus: 201, bodyText: found.response, replayed: true };
    }
    const person = await recipient.get<{
      surname: string;
      name: string;
      patronymic: string;
      facility_id: string;
      short_name: string;
    }>(input.inmateRef);
    if (person === undefined) return json(422, errorBody('unknown-recipient', 'no such inmateRef'));
    const { pages, priceKopecks } = letterQuote(input.text, input.replyBlanks);
    if ((await balance(accountId)) + at.arrivingKopecks < priceKopecks) return insufficient();
    const recipientMasked = maskedName(person.surname, person.name, person.patronymic);
    const answer = json(201, {
      letterId: id,
      recipientMasked,
      facilityName: person.short_name,
      pages,
      replyBlanks: input.replyBlanks,
      priceKopecks,
      paidFrom: input.paidFrom,
      status: 'accepted',
      createdAtMs: at.nowMs,
    });
    await insertLetter.run(
      id,
      accountId,
      terminalId,
      input.inmateRef,
      recipientMasked,
      person.short_name,
      input.text,
      pages,
      input.replyBlanks,
      priceKopecks,
      input.paidFrom,
      fingerprint,
      answer.bodyText,
      at.nowMs,
      // The facility it goes to, kept: a transfer of the person later does not move it.
      person.facility_id,
    );
    await insertEntry.run(`letter:${id}`, accountId, 'letter', -priceKopecks, '', '', at.nowMs);
    return answer;
  };

  return {
    balance,
    /** True once a transfer with this id exists (a repeat of it is an idempotent replay). */
    paymentExists: async (transferId: string): Promise<boolean> =>
      (await transfers.get(transferId.toLowerCase())) !== null,
    entries: async (accountId: string) =>
      (
        await entries.all<{
          id: string;
          kind: string;
          delta_kopecks: number;
          created_at_ms: number;
        }>(accountId)
      ).map((row) => ({
        entryId: row.id,
        kind: row.kind,
        deltaKopecks: row.delta_kopecks,
        createdAtMs: row.created_at_ms,
      })),

    /**
     * Cash a kiosk took. A letter typed at the kiosk and paid in cash rides with its top-up:
     * the cash lands on the wallet and the letter is paid from it in the same transaction, so
     * the money is there whether or not the letter could be accepted (then it stays on the
     * wallet, and the answer says why).
     */
    topUp(
      accountId: string,
      input: { topUpId: string; amountKopecks: number; letter?: CashLetter },
      terminalId: string,
      nowMs: number,
    ) {
      const id = input.topUpId.toLowerCase();
      const letterInput = input.letter;
      const fingerprint = fingerprintOf(
        letterInput === undefined
          ? [accountId, id, input.amountKopecks]
          : [accountId, id, input.amountKopecks, letterFingerprintParts(letterInput, 'cash')],
      );
      return db.transaction(async (): Promise<CreateAnswer> => {
        const found = await entry.get<{ fingerprint: string; response: string }>(id);
        if (found !== undefined) {
          if (found.fingerprint !== fingerprint) return reused(id);
          return { httpStatus: 201, bodyText: found.response, replayed: true };
        }
        if (input.amountKopecks <= 0)
          return json(422, errorBody('amount-not-positive', 'top-up of zero'));
        // The letter first, counting the cash of this top-up as already there; then the
        // top-up row with the final answer (entries are never updated).
        const placed =
          letterInput === undefined
            ? null
            : await placeLetter(
                accountId,
                terminalId,
                { ...letterInput, paidFrom: 'cash', kioskCreatedAtMs: nowMs },
                { arrivingKopecks: input.amountKopecks, nowMs },
              );
        const letterBody =
          placed === null ? null : (JSON.parse(placed.bodyText) as { error?: unknown });
        const answer = json(201, {
          topUpId: id,
          amountKopecks: input.amountKopecks,
          balanceKopecks: (await balance(accountId)) + input.amountKopecks,
          createdAtMs: nowMs,
          ...(placed === null
            ? {}
            : placed.httpStatus === 201
              ? { letter: letterBody, letterRefusal: null }
              : { letter: null, letterRefusal: letterBody?.error ?? null }),
        });
        await insertEntry.run(
          id,
          accountId,
          'top-up',
          input.amountKopecks,
          fingerprint,
          answer.bodyText,
          nowMs,
        );
        return answer;
      });
    },

    /** A transfer paid from the wallet: created and debited together, or neither. */
    payTransfer(accountId: string, terminalId: string, input: WalletPayment, nowMs: number) {
      const transfer: TransferCreate = {
        ...input,
        depositedKopecks: input.amountKopecks + input.commissionKopecks,
        payerAccountId: accountId,
      };
      return db.transaction(async (): Promise<CreateAnswer> => {
        const isNew = (await transfers.get(input.transferId.toLowerCase())) === null;
        if (isNew && (await balance(accountId)) < transfer.depositedKopecks) return insufficient();
        const answer = await transfers.create(terminalId, transfer, nowMs);
        if (isNew && answer.httpStatus === 201) {
          const id = `transfer:${input.transferId.toLowerCase()}`;
          const debit = -transfer.depositedKopecks;
          await insertEntry.run(id, accountId, 'transfer', debit, '', '', nowMs);
        }
        return answer;
      });
    },

    /** A letter paid from the wallet's balance (cash letters come with their top-up). */
    async letter(accountId: string, terminalId: string, input: LetterInput, nowMs: number) {
      if (input.paidFrom !== 'wallet') {
        const why = 'a letter is paid in cash only at a kiosk, together with its cash top-up';
        return json(422, errorBody('cash-only-with-top-up', why));
      }
      return db.transaction(() =>
        placeLetter(accountId, terminalId, input, { arrivingKopecks: 0, nowMs }),
      );
    },
  };
}
