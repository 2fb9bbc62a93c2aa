/**
 * Transfers: created idempotently (the kiosk's transfer id is the Idempotency-Key, kept
 * forever, because a kiosk may hold a transfer offline for days), then moved by the facility
 * side accepted → sent → credited | returned.
 *
 * Concurrency: each create runs in a serializable transaction (storage/port.ts), its own or
 * its caller's (the routes' creations share one with concurrent requests through
 * storage/group-commit.ts), so two duplicates never both insert, in one process or in several
 * on one PostgreSQL database: the second one finds the first one's row (in the same batch at
 * once; across processes on PostgreSQL after a retry) and gets its stored answer, byte for
 * byte.
 */
import { createHash } from 'node:crypto';
import { limits } from '../common/limits.ts';
import { maskedName } from '../common/names.ts';
import { err, ok, type Result } from '../common/result.ts';
import { type CentralDb, statement } from './db.ts';
import { type ApiError, apiError, errorBody } from './errors.ts';
import { returnIfReleased } from './routing.ts';
import {
  TRANSFERS_LISTED_MAX,
  type PublicTransferStatus,
  type Transfer,
  type TransferCreate,
  type TransferStatus,
} from '../common/central-wire.ts';

export type { PublicTransferStatus, TransferCreate, TransferStatus };

/** A transfer as the API answers it (openapi.yaml Transfer). */
export type TransferView = Transfer;

type Recipient = {
  surname: string;
  name: string;
  patronymic: string;
  birth_year: number;
  facility_id: string;
  short_name: string;
  status: string;
};

/** The transfer (if that id exists) and the recipient (if that ref exists), side by side. */
type Lookup = {
  [K in keyof Recipient]: Recipient[K] | null;
} & { fingerprint: string | null; response: string | null; sender_name: string | null };

function recipientOf(found: Lookup): Recipient | null {
  const { surname, name, patronymic, birth_year, facility_id, short_name, status } = found;
  if (surname === null || name === null || patronymic === null || birth_year === null) return null;
  if (facility_id === null || short_name === null || status === null) return null;
  return { surname, name, patronymic, birth_year, facility_id, short_name, status };
}

/** The HTTP answer of one create, as stored for replays: status plus the exact body text. */
export type CreateAnswer = { httpStatus: number; bodyText: string; replayed: boolean };

type Row = {
  id: string;
  terminal_id: string;
  status: TransferStatus;
  deposited_kopecks: number;
  amount_kopecks: number;
  commission_kopecks: number;
  recipient_masked: string;
  recipient_birth_year: number;
  facility_id: string;
  facility_name: string;
  inmate_ref: string;
  kiosk_created_at_ms: number;
  accepted_at_ms: number;
  sent_at_ms: number | null;
  credited_at_ms: number | null;
  returned_at_ms: number | null;
  return_reason: string | null;
  /** Copied from the sender's account at creation; null: anonymous (or before migration 220). */
  sender_name?: string | null;
};

/** The columns a transfer's view is made of (the console's search reads them too). */
export type TransferViewRow = Omit<Row, 'inmate_ref'>;

export function transferViewOf(row: TransferViewRow): TransferView {
  return {
    ...(row.sender_name ? { senderName: row.sender_name } : {}),
    transferId: row.id,
    status: row.status,
    depositedKopecks: row.deposited_kopecks,
    amountKopecks: row.amount_kopecks,
    commissionKopecks: row.commission_kopecks,
    recipientMasked: row.recipient_masked,
    recipientBirthYear: row.recipient_birth_year,
    facilityId: row.facility_id,
    facilityName: row.facility_name,
    kioskCreatedAtMs: row.kiosk_created_at_ms,
    acceptedAtMs: row.accepted_at_ms,
    sentAtMs: row.sent_at_ms,
    creditedAtMs: row.credited_at_ms,
    returnedAtMs: row.returned_at_ms,
    returnReason: row.return_reason,
  };
}

/** The row a new transfer gets, as read back after its INSERT (checked by transfers.test.ts). */
function newRow(
  id: string,
  terminalId: string,
  input: TransferCreate,
  person: Recipient,
  nowMs: number,
): Row {
  return {
    id,
    terminal_id: terminalId,
    status: 'accepted',
    deposited_kopecks: input.depositedKopecks,
    amount_kopecks: input.amountKopecks,
    commission_kopecks: input.commissionKopecks,
    recipient_masked: maskedName(person.surname, person.name, person.patronymic),
    recipient_birth_year: person.birth_year,
    facility_id: person.facility_id,
    facility_name: person.short_name,
    inmate_ref: input.inmateRef,
    kiosk_created_at_ms: input.kioskCreatedAtMs,
    accepted_at_ms: nowMs,
    sent_at_ms: null,
    credited_at_ms: null,
    returned_at_ms: null,
    return_reason: null,
  };
}

export function publicStatusOf(view: TransferView): PublicTransferStatus {
  return {
    transferId: view.transferId,
    status: view.status,
    amountKopecks: view.amountKopecks,
    recipientMasked: view.recipientMasked,
    acceptedAtMs: view.acceptedAtMs,
    sentAtMs: view.sentAtMs,
    creditedAtMs: view.creditedAtMs,
    returnedAtMs: view.returnedAtMs,
  };
}

/** What makes two requests "the same": every field the kiosk sent, plus who sent it. */
export function transferFingerprint(terminalId: string, input: TransferCreate): string {
  const canonical = JSON.stringify([
    terminalId,
    input.transferId.toLowerCase(),
    input.inmateRef,
    input.depositedKopecks,
    input.amountKopecks,
    input.commissionKopecks,
    input.kioskCreatedAtMs,
    input.payerAccountId ?? null,
    input.receiptNumber ?? null,
    input.kioskSequence ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function checkAmounts(input: TransferCreate): ApiError | null {
  if (input.amountKopecks + input.commissionKopecks !== input.depositedKopecks) {
    return apiError(
      422,
      'amounts-inconsistent',
      'depositedKopecks must equal amountKopecks + commissionKopecks',
    );
  }
  if (input.amountKopecks <= 0) {
    return apiError(422, 'amount-not-positive', 'amountKopecks must be above zero');
  }
  if (input.depositedKopecks > limits.depositKopecksMaxCeiling) {
    return apiError(422, 'amount-above-limit', 'depositedKopecks is above the system ceiling');
  }
  return null;
}

const answer = (httpStatus: number, body: unknown, replayed = false): CreateAnswer => ({
  httpStatus,
  bodyText: JSON.stringify(body),
  replayed,
});

export type Step = Result<TransferView, ApiError>;

export type TransferStore = {
  create(terminalId: string, input: TransferCreate, nowMs: number): Promise<CreateAnswer>;
  /**
   * A kiosk's backlog in one durable commit: each item is still idempotent on its own (its
   * own answer: replayed, refused or created), but the batch pays for one fsync instead of one
   * per transfer.
   */
  createMany(
    terminalId: string,
    inputs: readonly TransferCreate[],
    nowMs: number,
  ): Promise<CreateAnswer[]>;
  get(transferId: string): Promise<TransferView | null>;
  /** The terminal that created the transfer. */
  ownerOf(transferId: string): Promise<string | null>;
  /** A facility's transfers in `status`, oldest first, at most TRANSFERS_LISTED_MAX. */
  listForFacility(facilityId: string, status: TransferStatus): Promise<TransferView[]>;
  send(transferId: string, nowMs: number): Promise<Step>;
  credit(transferId: string, nowMs: number): Promise<Step>;
  returnToSender(transferId: string, reason: string, nowMs: number): Promise<Step>;
  /** The demo's facility side: sends and then credits (or returns) transfers by age. */
  sweep(nowMs: number, creditAfterMs: number): Promise<number>;
};

export function createTransferStore(db: CentralDb): TransferStore {
  const byId = statement(db, 'SELECT * FROM transfers WHERE id = ?');
  // What a creation needs to know, in one round trip: the transfer with this id, if any (its
  // idempotency record), and the recipient with their facility's name, if they exist.
  const lookup = statement(
    db,
    `SELECT t.fingerprint, t.response, i.surname, i.name, i.patronymic, i.birth_year,
         i.facility_id, f.short_name, i.status, a.sender_name
       FROM (SELECT 1 AS one) AS q
       LEFT JOIN transfers t ON t.id = ?
       LEFT JOIN inmates i ON i.ref = ?
       LEFT JOIN facilities f ON f.id = i.facility_id
       LEFT JOIN payer_accounts a ON a.id = ?`,
  );
  // The answer is stored with the row, in one statement: a creation in a shared batch
  // (storage/group-commit.ts) costs as few round trips to a PostgreSQL server as it can.
  const insert = statement(
    db,
    `INSERT INTO transfers (id, terminal_id, fingerprint, response, inmate_ref, facility_id,
       recipient_masked, recipient_birth_year, facility_name, deposited_kopecks, amount_kopecks,
       commission_kopecks, payer_account_id, receipt_number, kiosk_created_at_ms, status,
       accepted_at_ms, kiosk_sequence, sender_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'accepted', ?, ?, ?)`,
  );
  const storeResponse = statement(db, 'UPDATE transfers SET response = ? WHERE id = ?');
  const read = async (id: string): Promise<TransferView | null> => {
    const row = await byId.get<Row>(id);
    return row === undefined ? null : transferViewOf(row);
  };

  const create = (
    terminalId: string,
    input: TransferCreate,
    nowMs: number,
  ): Promise<CreateAnswer> => {
    const id = input.transferId.toLowerCase();
    const fingerprint = transferFingerprint(terminalId, input);
    const work = async (): Promise<CreateAnswer> => {
      const found = (await lookup.get<Lookup>(id, input.inmateRef, input.payerAccountId ?? ''))!;
      if (found.fingerprint !== null && found.response !== null) {
        if (found.fingerprint === fingerprint) {
          return { httpStatus: 201, bodyText: found.response, replayed: true };
        }
        return answer(
          422,
          errorBody(
            'idempotency-key-reused',
            `transfer ${id} already exists with a different body; a new transfer needs a new id`,
          ),
        );
      }
      const problem = checkAmounts(input);
      if (problem !== null) return answer(problem.status, errorBody(problem.code, problem.message));
      const person = recipientOf(found);
      if (person === null) {
        return answer(422, errorBody('unknown-recipient', 'no inmate has this inmateRef'));
      }
      // The answer stored for replays leaves the sender out: a payer link the terminal had no
      // session for is dropped after this (payer-link.ts), and the kiosk knows its payer anyway.
      const row = newRow(id, terminalId, input, person, nowMs);
      const created = answer(201, transferViewOf(row));
      await insert.run(
        id,
        terminalId,
        fingerprint,
        created.bodyText,
        input.inmateRef,
        row.facility_id,
        row.recipient_masked,
        row.recipient_birth_year,
        row.facility_name,
        row.deposited_kopecks,
        row.amount_kopecks,
        row.commission_kopecks,
        input.payerAccountId ?? null,
        input.receiptNumber ?? null,
        row.kiosk_created_at_ms,
        nowMs,
        input.kioskSequence ?? null,
        // The name as the account holds it now: a later change through support does not
        // rewrite what staff were told about money already sent.
        found.sender_name,
      );
      if (person.status !== 'released') return created;
      // Released before the money came: it goes back at once (docs/domain.md), and the stored
      // answer says so.
      await returnIfReleased(db, id, person.status, person.facility_id, nowMs);
      const returned = answer(201, (await read(id))!);
      await storeResponse.run(returned.bodyText, id);
      return returned;
    };
    // Its only write is one INSERT, atomic on its own: inside a caller's transaction (a shared
    // batch, a wallet payment) it needs no savepoint of its own, and saves two round trips.
    return db.inTransaction() ? work() : db.transaction(work);
  };

  const owner = statement(db, 'SELECT terminal_id FROM transfers WHERE id = ?');
  const ownerOf = async (id: string): Promise<string | null> =>
    (await owner.get<{ terminal_id: string }>(id))?.terminal_id ?? null;
  const step = createSteps(db, read);
  const byFacility = statement(
    db,
    `SELECT * FROM transfers WHERE facility_id = ? AND status = ?
       ORDER BY accepted_at_ms, id LIMIT ${TRANSFERS_LISTED_MAX}`,
  );
  const listForFacility = async (facilityId: string, status: TransferStatus) =>
    (await byFacility.all<Row>(facilityId, status)).map(transferViewOf);
  const createMany = (terminalId: string, inputs: readonly TransferCreate[], nowMs: number) => {
    const work = async () => {
      const answers: CreateAnswer[] = [];
      for (const input of inputs) answers.push(await create(terminalId, input, nowMs));
      return answers;
    };
    // As create(): inside a caller's transaction (a shared batch, where PostgreSQL runs items
    // at once and allows no savepoints) the caller's rollback already undoes all of it.
    return db.inTransaction() ? work() : db.transaction(work);
  };
  return { create, createMany, get: read, ownerOf, listForFacility, ...step };
}

function createSteps(
  db: CentralDb,
  read: (id: string) => Promise<TransferView | null>,
): Pick<TransferStore, 'send' | 'credit' | 'returnToSender' | 'sweep'> {
  const markSent = statement(
    db,
    "UPDATE transfers SET status = 'sent', sent_at_ms = ? WHERE id = ? AND status = 'accepted'",
  );
  const markCredited = statement(
    db,
    `UPDATE transfers SET status = 'credited', sent_at_ms = COALESCE(sent_at_ms, ?),
       credited_at_ms = ? WHERE id = ? AND status IN ('accepted', 'sent')`,
  );
  const markReturned = statement(
    db,
    `UPDATE transfers SET status = 'returned', sent_at_ms = COALESCE(sent_at_ms, ?),
       returned_at_ms = ?, return_reason = ? WHERE id = ? AND status IN ('accepted', 'sent')`,
  );
  const dueToSend = statement(
    db,
    `SELECT id FROM transfers WHERE status = 'accepted' AND accepted_at_ms <= ?
       ORDER BY terminal_id, kiosk_sequence NULLS FIRST, accepted_at_ms LIMIT 500`,
  );
  const dueToCredit = statement(
    db,
    `SELECT t.id, i.status AS inmate_status FROM transfers t JOIN inmates i ON i.ref = t.inmate_ref
       WHERE t.status = 'sent' AND t.accepted_at_ms <= ? LIMIT 500`,
  );
  const notFound = (id: string): ApiError =>
    apiError(404, 'transfer-not-found', `no transfer ${id}`);

  const transition = async (
    id: string,
    target: TransferStatus,
    run: () => Promise<number>,
  ): Promise<Step> => {
    const before = await read(id);
    if (before === null) return err(notFound(id));
    if (before.status === target) return ok(before); // repeating a step is harmless
    await run();
    const after = (await read(id))!;
    if (after.status !== target) {
      return err(
        apiError(409, 'transfer-state', `transfer ${id} is ${after.status}, not ${target}`),
      );
    }
    return ok(after);
  };

  return {
    send: (id, nowMs) => transition(id, 'sent', () => markSent.run(nowMs, id)),
    credit: (id, nowMs) => transition(id, 'credited', () => markCredited.run(nowMs, nowMs, id)),
    returnToSender: (id, reason, nowMs) =>
      transition(id, 'returned', () => markReturned.run(nowMs, nowMs, reason, id)),
    sweep(nowMs, creditAfterMs) {
      return db.transaction(async () => {
        let moved = 0;
        const sendIds = await dueToSend.all<{ id: string }>(nowMs - Math.floor(creditAfterMs / 2));
        for (const { id } of sendIds) moved += await markSent.run(nowMs, id);
        const creditRows = await dueToCredit.all<{ id: string; inmate_status: string }>(
          nowMs - creditAfterMs,
        );
        for (const { id, inmate_status } of creditRows) {
          // Money follows a moved inmate's file; a released one's goes back to the payer.
          moved +=
            inmate_status === 'released'
              ? await markReturned.run(nowMs, nowMs, 'recipient-released', id)
              : await markCredited.run(nowMs, nowMs, id);
        }
        return moved;
      });
    },
  };
}
