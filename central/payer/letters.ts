/**
 * A letter's way after it is paid: the facility's staff mark it delivered and attach the
 * scanned reply written on its paid reply blank; the payer reads the status and the reply.
 * The only SQL on letters' delivery and on letter_replies (migration 210).
 *
 * Status: accepted → delivered → answered. A reply attached to a letter nobody marked
 * delivered marks it delivered too (the reply proves it was). One reply per letter: a second
 * is refused (409), so a payer never sees a reply replaced after reading it.
 */
import type { LetterStatus } from '../../common/central-wire-wallet.ts';
import type { ConsoleLetter } from '../../common/console-wire-letters.ts';
import type { Scope } from '../../common/console-wire.ts';
import { displayNamePart } from '../../common/names.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { type CentralDb, statement } from '../db.ts';
import { type ApiError, apiError } from '../errors.ts';
import type { ReplyFile } from './reply-file.ts';

/** Newest first; a facility's office works through a few hundred letters at most at a time. */
const CONSOLE_LISTED_MAX = 500;

type Row = {
  id: string;
  facility_id: string | null;
  facility_name: string;
  region_code: string | null;
  surname: string | null;
  name: string | null;
  patronymic: string | null;
  birth_year: number | null;
  body: string;
  pages: number;
  reply_blanks: number;
  status: string;
  created_at_ms: number;
  delivered_at_ms: number | null;
  answered_at_ms: number | null;
  content_type: string | null;
  size_bytes: number | null;
};

const SELECT = `
  SELECT l.id, l.facility_id, l.facility_name, f.region_code, i.surname, i.name, i.patronymic,
    i.birth_year, l.body, l.pages, l.reply_blanks, l.status, l.created_at_ms, l.delivered_at_ms,
    l.answered_at_ms, r.content_type, r.size_bytes
  FROM letters l
  LEFT JOIN facilities f ON f.id = l.facility_id
  LEFT JOIN inmates i ON i.ref = l.inmate_ref
  LEFT JOIN letter_replies r ON r.letter_id = l.id`;

export function inLetterScope(scope: Scope, facilityId: string | null, regionCode: string | null) {
  if ('all' in scope) return true;
  if (facilityId === null) return false;
  return (
    (scope.facilities ?? []).includes(facilityId) ||
    (regionCode !== null && scope.regions.includes(regionCode))
  );
}

function consoleView(row: Row): ConsoleLetter {
  const parts = [row.surname, row.name, row.patronymic]
    .filter((part): part is string => part !== null && part !== '')
    .map(displayNamePart);
  return {
    letterId: row.id,
    facilityId: row.facility_id ?? '',
    facilityName: row.facility_name,
    recipientName: parts.join(' '),
    recipientBirthYear: row.birth_year,
    text: row.body,
    pages: row.pages,
    replyBlanks: row.reply_blanks,
    status: row.status as LetterStatus,
    createdAtMs: row.created_at_ms,
    deliveredAtMs: row.delivered_at_ms,
    answeredAtMs: row.answered_at_ms,
    reply:
      row.content_type === null || row.size_bytes === null
        ? null
        : { contentType: row.content_type as never, sizeBytes: row.size_bytes },
  };
}

type ReplyRow = { content_type: string; size_bytes: number; bytes: Uint8Array; file_name: string };

function replyFileOf(letterId: string, row: ReplyRow) {
  return {
    letterId,
    contentType: row.content_type as ReplyFile['contentType'],
    sizeBytes: row.size_bytes,
    fileName: row.file_name,
    dataBase64: Buffer.from(row.bytes).toString('base64'),
  };
}

export type LetterStore = ReturnType<typeof createLetterStore>;

export function createLetterStore(db: CentralDb) {
  const one = statement(db, `${SELECT} WHERE l.id = ?`);
  const markDelivered = statement(
    db,
    `UPDATE letters SET status = 'delivered', delivered_at_ms = ?
       WHERE id = ? AND status = 'accepted'`,
  );
  const markAnswered = statement(
    db,
    `UPDATE letters SET status = 'answered', answered_at_ms = ?,
       delivered_at_ms = COALESCE(delivered_at_ms, ?) WHERE id = ? AND status <> 'answered'`,
  );
  const insertReply = statement(
    db,
    `INSERT INTO letter_replies (letter_id, content_type, size_bytes, sha256, bytes, file_name,
       uploaded_by, uploaded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const replyOf = statement(
    db,
    `SELECT r.content_type, r.size_bytes, r.bytes, r.file_name FROM letter_replies r
       JOIN letters l ON l.id = r.letter_id WHERE r.letter_id = ? AND l.account_id = ?`,
  );
  const replyByLetter = statement(
    db,
    'SELECT content_type, size_bytes, bytes, file_name FROM letter_replies WHERE letter_id = ?',
  );
  const accountPhone = statement(
    db,
    `SELECT a.id AS account_id, a.phone, l.recipient_masked FROM letters l
       JOIN payer_accounts a ON a.id = l.account_id WHERE l.id = ?`,
  );
  const smsSent = statement(
    db,
    'UPDATE letter_replies SET sms_sent_at_ms = ? WHERE letter_id = ? AND sms_sent_at_ms IS NULL',
  );
  const smsNotSent = statement(
    db,
    'UPDATE letter_replies SET sms_sent_at_ms = NULL WHERE letter_id = ? AND sms_sent_at_ms = ?',
  );

  /** The letter if the scope sees it; otherwise it does not exist for that user (404). */
  const visible = async (scope: Scope, letterId: string): Promise<Result<Row, ApiError>> => {
    const row = await one.get<Row>(letterId.toLowerCase());
    if (row === undefined || !inLetterScope(scope, row.facility_id, row.region_code)) {
      return err(apiError(404, 'unknown-letter', 'no such letter'));
    }
    return ok(row);
  };

  return {
    /**
     * The scope is a WHERE clause, so the newest letters of a small facility are found among a
     * country's; its lists are bounded by the scope schema (100 regions, 100 facilities).
     */
    async list(scope: Scope, status: LetterStatus | undefined): Promise<ConsoleLetter[]> {
      const where: string[] = [];
      const params: string[] = [];
      if (!('all' in scope)) {
        const facilities = scope.facilities ?? [];
        const marks = (values: readonly string[]) => values.map(() => '?').join(', ');
        const either = [
          ...(facilities.length === 0 ? [] : [`l.facility_id IN (${marks(facilities)})`]),
          ...(scope.regions.length === 0 ? [] : [`f.region_code IN (${marks(scope.regions)})`]),
        ];
        if (either.length === 0) return [];
        where.push(`(${either.join(' OR ')})`);
        params.push(...facilities, ...scope.regions);
      }
      if (status !== undefined) {
        where.push('l.status = ?');
        params.push(status);
      }
      const sql = `${SELECT} ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
        ORDER BY l.created_at_ms DESC, l.id DESC LIMIT ${CONSOLE_LISTED_MAX}`;
      const rows = await db.all<Row>(sql, ...params);
      // The same rule as one letter's, so a list and a page never disagree.
      return rows
        .filter((row) => inLetterScope(scope, row.facility_id, row.region_code))
        .map(consoleView);
    },

    async delivered(
      scope: Scope,
      letterId: string,
      nowMs: number,
    ): Promise<Result<{ letter: ConsoleLetter; changed: boolean }, ApiError>> {
      return db.transaction(async () => {
        const found = await visible(scope, letterId);
        if (!found.ok) return found;
        const changed = (await markDelivered.run(nowMs, found.value.id)) > 0;
        const row = (await one.get<Row>(found.value.id))!;
        return ok({ letter: consoleView(row), changed });
      });
    },

    /** Stores the reply and answers the letter, in one transaction; the SMS is the caller's. */
    async attachReply(
      scope: Scope,
      letterId: string,
      file: ReplyFile,
      uploadedBy: string,
      nowMs: number,
    ): Promise<Result<ConsoleLetter, ApiError>> {
      return db.transaction(async () => {
        const found = await visible(scope, letterId);
        if (!found.ok) return found;
        const letter = found.value;
        if (letter.reply_blanks === 0) {
          const why = 'this letter paid for no reply blank, so it has no reply to attach';
          return err(apiError(422, 'no-reply-blanks', why));
        }
        if (letter.content_type !== null) {
          return err(apiError(409, 'reply-exists', 'this letter already has its reply'));
        }
        await insertReply.run(
          letter.id,
          file.contentType,
          file.bytes.length,
          file.sha256,
          file.bytes,
          file.fileName,
          uploadedBy,
          nowMs,
        );
        await markAnswered.run(nowMs, nowMs, letter.id);
        return ok(consoleView((await one.get<Row>(letter.id))!));
      });
    },

    /** Claims the one SMS of a reply: true for exactly one caller. */
    claimSms: async (letterId: string, nowMs: number): Promise<boolean> =>
      (await smsSent.run(nowMs, letterId)) > 0,

    /** Takes back the claim made at `nowMs`: the SMS did not go (budget, gateway). */
    releaseSms: async (letterId: string, nowMs: number): Promise<void> => {
      await smsNotSent.run(letterId, nowMs);
    },

    payerOf: (letterId: string) =>
      accountPhone.get<{ account_id: string; phone: string; recipient_masked: string }>(letterId),

    /** The reply of a letter the scope sees, for the facility to check what it attached. */
    async replyInScope(scope: Scope, letterId: string) {
      const found = await visible(scope, letterId);
      if (!found.ok) return found;
      const row = await replyByLetter.get<ReplyRow>(found.value.id);
      if (row === undefined) return err(apiError(404, 'no-reply', 'no reply to this letter'));
      return ok(replyFileOf(found.value.id, row));
    },

    /** The reply of one of the account's own letters, or null (another's is as unknown). */
    async reply(accountId: string, letterId: string) {
      const row = await replyOf.get<ReplyRow>(letterId.toLowerCase(), accountId);
      return row === undefined ? null : replyFileOf(letterId.toLowerCase(), row);
    },
  };
}
