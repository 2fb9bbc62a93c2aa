/**
 * Login with a one-time SMS code, password change, support requests about a transfer, and
 * support answers written by the operator. Uses the same tables and the same session format
 * as accounts.ts.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { passwordProblem } from '../../common/password.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { type CentralDb, inTransaction } from '../db.ts';
import { type ApiError, apiError } from '../errors.ts';
import {
  type CodeRow,
  checkPassword,
  codeHash,
  failedLoginRecorder,
  hashPassword,
  normalisePhone,
  type Session,
  sessionOpener,
  sha256,
  spendCode,
} from './accounts.ts';
import type { SmsGateway } from './sms.ts';

const CODE_TTL_MS = 5 * 60_000;
const CODE_RESEND_MS = 60_000;
const CODES_PER_HOUR_MAX = 5;
const SUPPORT_LISTED_MAX = 200;

type Failure = ApiError & { retryAfterMs?: number };
const badPhone = (): ApiError => apiError(400, 'bad-phone', 'a Russian mobile number is expected');
const badCode = (): ApiError =>
  apiError(401, 'sms-code-invalid', 'wrong, used or expired SMS code');

export type SupportEntry = {
  messageId: string;
  terminalId: string;
  phone: string;
  transferId: string | null;
  text: string;
  reply: string | null;
  createdAtMs: number;
};

export type AccountExtras = ReturnType<typeof createAccountExtras>;

export function createAccountExtras(db: CentralDb, sms: SmsGateway) {
  const recentCodes = db.prepare(
    `SELECT sent_at_ms FROM payer_login_codes WHERE phone = ? AND sent_at_ms > ?
       ORDER BY sent_at_ms DESC`,
  );
  const insertCode = db.prepare(
    'INSERT INTO payer_login_codes (phone, code_hash, sent_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)',
  );
  const liveCode = db.prepare(
    `SELECT rowid AS id, code_hash, attempts FROM payer_login_codes WHERE phone = ? AND used = 0
       AND expires_at_ms > ? ORDER BY sent_at_ms DESC LIMIT 1`,
  );
  const failCode = db.prepare(
    'UPDATE payer_login_codes SET attempts = attempts + 1 WHERE rowid = ?',
  );
  const useCode = db.prepare('UPDATE payer_login_codes SET used = 1 WHERE rowid = ?');
  const byPhone = db.prepare('SELECT id, locked_until_ms FROM payer_accounts WHERE phone = ?');
  const byId = db.prepare('SELECT phone, password_hash FROM payer_accounts WHERE id = ?');
  const wrongPassword = failedLoginRecorder(db);
  const loginOk = db.prepare('UPDATE payer_accounts SET failed_logins = 0 WHERE id = ?');
  const lockedUntil = db.prepare('SELECT locked_until_ms FROM payer_accounts WHERE id = ?');
  const setPassword = db.prepare(
    'UPDATE payer_accounts SET password_hash = ?, failed_logins = 0 WHERE id = ?',
  );
  const dropOtherSessions = db.prepare(
    'DELETE FROM payer_sessions WHERE account_id = ? AND token_hash <> ?',
  );
  const insertSupport = db.prepare(
    `INSERT INTO support_messages (id, account_id, terminal_id, body, created_at_ms, transfer_id)
       VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const allSupport = db.prepare(
    `SELECT m.id, m.terminal_id, a.phone, m.transfer_id, m.body, m.reply, m.created_at_ms
       FROM support_messages m JOIN payer_accounts a ON a.id = m.account_id
       WHERE (? = 0 OR m.reply IS NULL) ORDER BY m.created_at_ms DESC LIMIT ${SUPPORT_LISTED_MAX}`,
  );
  const answer = db.prepare(
    'UPDATE support_messages SET reply = ?, answered_at_ms = ? WHERE id = ?',
  );

  /** Spends the newest live login code if it matches; a wrong guess counts against it. */
  const redeem = (phone: string, code: string, nowMs: number): boolean =>
    spendCode(liveCode.get(phone, nowMs) as CodeRow | undefined, phone, code, {
      fail: (id) => failCode.run(id),
      use: (id) => useCode.run(id),
    });
  const openSession = sessionOpener(db);

  return {
    async requestLoginCode(
      rawPhone: string,
      nowMs: number,
    ): Promise<Result<{ expiresAtMs: number }, Failure>> {
      const phone = normalisePhone(rawPhone);
      if (phone === null) return err(badPhone());
      const recent = recentCodes.all(phone, nowMs - 3_600_000) as { sent_at_ms: number }[];
      const latest = recent[0]?.sent_at_ms;
      if (latest !== undefined && nowMs - latest < CODE_RESEND_MS) {
        const retryAfterMs = CODE_RESEND_MS - (nowMs - latest);
        return err({ ...apiError(429, 'sms-too-soon', 'wait before asking again'), retryAfterMs });
      }
      if (recent.length >= CODES_PER_HOUR_MAX) {
        const retryAfterMs = 3_600_000;
        return err({ ...apiError(429, 'sms-limit', 'too many codes this hour'), retryAfterMs });
      }
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAtMs = nowMs + CODE_TTL_MS;
      insertCode.run(phone, codeHash(phone, code), nowMs, expiresAtMs);
      // An unknown phone gets the same answer and no SMS: the endpoint reveals no accounts.
      if (byPhone.get(phone) !== undefined) {
        const text = `Код входа: ${code}. Никому не сообщайте его.`;
        await sms.send({ phone, text, sentAtMs: nowMs });
      }
      return ok({ expiresAtMs });
    },

    /** Wrong codes count toward the same lockout as wrong passwords (failedLoginRecorder). */
    loginWithCode(
      input: { phone: string; code: string },
      terminalId: string,
      nowMs: number,
    ): Result<Session, Failure> {
      const phone = normalisePhone(input.phone);
      if (phone === null) return err(badPhone());
      return inTransaction(db, (): Result<Session, Failure> => {
        const account = byPhone.get(phone) as { id: string; locked_until_ms: number } | undefined;
        if (account !== undefined && account.locked_until_ms > nowMs) {
          const retryAfterMs = account.locked_until_ms - nowMs;
          return err({ ...apiError(429, 'account-locked', 'try later'), retryAfterMs });
        }
        if (account === undefined) {
          redeem(phone, input.code, nowMs);
          return err(badCode());
        }
        if (!redeem(phone, input.code, nowMs)) {
          // A wrong code is a wrong password: the same lockout, or codes would be a side door
          // around it (5 guesses per code, 5 codes an hour, with no account-wide limit).
          wrongPassword(account.id, nowMs);
          return err(badCode());
        }
        loginOk.run(account.id);
        return ok(openSession(account.id, terminalId, nowMs));
      });
    },

    /** Wrong current passwords count toward the same lockout as wrong logins. */
    async changePassword(
      accountId: string,
      sessionToken: string,
      input: { currentPassword: string; newPassword: string },
      nowMs: number,
    ): Promise<Result<{ changed: true }, Failure>> {
      const row = byId.get(accountId) as { phone: string; password_hash: string };
      const locked = (lockedUntil.get(accountId) as { locked_until_ms: number }).locked_until_ms;
      if (locked > nowMs) {
        const retryAfterMs = locked - nowMs;
        return err({ ...apiError(429, 'account-locked', 'try later'), retryAfterMs });
      }
      if (!(await checkPassword(input.currentPassword, row.password_hash))) {
        wrongPassword(accountId, nowMs);
        return err(apiError(401, 'invalid-credentials', 'the current password is wrong'));
      }
      const problem = passwordProblem(input.newPassword, row.phone);
      if (problem !== null) return err(apiError(422, `weak-password:${problem}`, 'weak password'));
      const hash = await hashPassword(input.newPassword);
      inTransaction(db, () => {
        setPassword.run(hash, accountId);
        // Other devices signed in with the old password lose their sessions.
        dropOtherSessions.run(accountId, sha256(sessionToken));
      });
      return ok({ changed: true });
    },

    addSupportRequest(
      accountId: string,
      terminalId: string,
      input: { text: string; transferId: string | null },
      nowMs: number,
    ): Omit<SupportEntry, 'terminalId' | 'phone'> {
      // Stored as typed, never looked up: the payer may ask about a transfer paid in cash
      // without logging in, and the answer must not confirm that some other id exists.
      const transferId = input.transferId?.toLowerCase() ?? null;
      const messageId = `m${randomBytes(8).toString('hex')}`;
      insertSupport.run(messageId, accountId, terminalId, input.text, nowMs, transferId);
      return { messageId, transferId, text: input.text, reply: null, createdAtMs: nowMs };
    },

    supportQueue(unansweredOnly: boolean): SupportEntry[] {
      const rows = allSupport.all(unansweredOnly ? 1 : 0) as {
        id: string;
        terminal_id: string;
        phone: string;
        transfer_id: string | null;
        body: string;
        reply: string | null;
        created_at_ms: number;
      }[];
      return rows.map((row) => ({
        messageId: row.id,
        terminalId: row.terminal_id,
        phone: row.phone,
        transferId: row.transfer_id,
        text: row.body,
        reply: row.reply,
        createdAtMs: row.created_at_ms,
      }));
    },

    answerSupport(messageId: string, reply: string, nowMs: number): boolean {
      return Number(answer.run(reply, nowMs, messageId).changes) > 0;
    },
  };
}
