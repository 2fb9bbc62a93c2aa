/**
 * Login with a one-time SMS code, password change, support requests about a transfer, and
 * support answers written by the operator. Uses the same tables and the same session format
 * as accounts.ts.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { err, ok, type Result } from '../../common/result.ts';
import { type CentralDb, statement } from '../db.ts';
import { type ApiError, apiError } from '../errors.ts';
import {
  attemptsExhausted,
  type CodeRow,
  checkPassword,
  codeHash,
  hashPassword,
  normalisePhone,
  type PayerCaller,
  type Session,
  sessionOpener,
  sha256,
  spendCode,
  weakPassword,
} from './accounts.ts';
import type { AttemptThrottle } from './attempts.ts';
import { SMS_LIMITS, type SmsBudget } from './sms-budget.ts';
import type { SmsGateway } from './sms.ts';

const CODE_TTL_MS = 5 * 60_000;
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

export type AccountExtrasDeps = { sms: SmsGateway; attempts: AttemptThrottle; budget: SmsBudget };

export function createAccountExtras(db: CentralDb, deps: AccountExtrasDeps) {
  const { sms, attempts, budget } = deps;
  const recentCodes = statement(
    db,
    `SELECT sent_at_ms FROM payer_login_codes WHERE phone = ? AND sent_at_ms > ?
       ORDER BY sent_at_ms DESC`,
  );
  const insertCode = statement(
    db,
    'INSERT INTO payer_login_codes (phone, code_hash, sent_at_ms, expires_at_ms) VALUES (?, ?, ?, ?)',
  );
  const liveCode = statement(
    db,
    `SELECT rowid AS id, code_hash, attempts FROM payer_login_codes WHERE phone = ? AND used = 0
       AND expires_at_ms > ? ORDER BY sent_at_ms DESC LIMIT 1`,
  );
  const failCode = statement(
    db,
    'UPDATE payer_login_codes SET attempts = attempts + 1 WHERE rowid = ?',
  );
  const useCode = statement(db, 'UPDATE payer_login_codes SET used = 1 WHERE rowid = ?');
  const byPhone = statement(db, 'SELECT id FROM payer_accounts WHERE phone = ?');
  const byId = statement(db, 'SELECT phone, password_hash FROM payer_accounts WHERE id = ?');
  const setPassword = statement(
    db,
    'UPDATE payer_accounts SET password_hash = ?, failed_logins = 0 WHERE id = ?',
  );
  const dropOtherSessions = statement(
    db,
    'DELETE FROM payer_sessions WHERE account_id = ? AND token_hash <> ?',
  );
  const insertSupport = statement(
    db,
    `INSERT INTO support_messages (id, account_id, terminal_id, body, created_at_ms, transfer_id)
       VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const allSupport = statement(
    db,
    `SELECT m.id, m.terminal_id, a.phone, m.transfer_id, m.body, m.reply, m.created_at_ms
       FROM support_messages m JOIN payer_accounts a ON a.id = m.account_id
       WHERE (? = 0 OR m.reply IS NULL) ORDER BY m.created_at_ms DESC LIMIT ${SUPPORT_LISTED_MAX}`,
  );
  const answer = statement(
    db,
    'UPDATE support_messages SET reply = ?, answered_at_ms = ? WHERE id = ?',
  );

  /** Spends the newest live login code if it matches; a wrong guess counts against it. */
  const redeem = async (phone: string, code: string, nowMs: number): Promise<boolean> =>
    spendCode(await liveCode.get<CodeRow>(phone, nowMs), phone, code, {
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
      const recent = await recentCodes.all<{ sent_at_ms: number }>(phone, nowMs - 3_600_000);
      const latest = recent[0]?.sent_at_ms;
      if (latest !== undefined && nowMs - latest < SMS_LIMITS.resendMs) {
        const retryAfterMs = SMS_LIMITS.resendMs - (nowMs - latest);
        budget.refused('resend-too-soon');
        return err({ ...apiError(429, 'sms-too-soon', 'wait before asking again'), retryAfterMs });
      }
      if (recent.length >= SMS_LIMITS.perPhonePurposePerHour) {
        const retryAfterMs = 3_600_000;
        budget.refused('phone-purpose-hourly');
        return err({ ...apiError(429, 'sms-limit', 'too many codes this hour'), retryAfterMs });
      }
      const granted = await budget.take(phone, 'login', nowMs);
      if (!granted.ok) return err(granted.error);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAtMs = nowMs + CODE_TTL_MS;
      await insertCode.run(phone, codeHash(phone, code), nowMs, expiresAtMs);
      // An unknown phone gets the same answer and no SMS: the endpoint reveals no accounts.
      if ((await byPhone.get(phone)) !== undefined) {
        const text = `Код входа: ${code}. Никому не сообщайте его.`;
        await sms.send({ phone, text, sentAtMs: nowMs });
        budget.sent('login');
      }
      return ok({ expiresAtMs });
    },

    /**
     * A wrong code is a wrong password: the same throttle (attempts.ts), or codes would be a
     * side door around it (5 guesses per code, 5 codes an hour).
     */
    async loginWithCode(
      input: { phone: string; code: string },
      caller: PayerCaller,
      nowMs: number,
    ): Promise<Result<Session, Failure>> {
      const phone = normalisePhone(input.phone);
      if (phone === null) return err(badPhone());
      const reserved = await attempts.reserve(phone, caller.client, nowMs);
      if (!reserved.ok) return err(attemptsExhausted(reserved.error.retryAfterMs));
      return db.transaction(async (): Promise<Result<Session, Failure>> => {
        const account = await byPhone.get<{ id: string }>(phone);
        if (!(await redeem(phone, input.code, nowMs)) || account === undefined) {
          return err(badCode());
        }
        await attempts.succeeded(phone, caller.client);
        return ok(await openSession(account.id, caller.channel, nowMs));
      });
    },

    /** Wrong current passwords count in the same throttle as wrong logins, reserved first. */
    async changePassword(
      accountId: string,
      sessionToken: string,
      input: { currentPassword: string; newPassword: string },
      caller: PayerCaller,
      nowMs: number,
    ): Promise<Result<{ changed: true }, Failure>> {
      const row = (await byId.get<{ phone: string; password_hash: string }>(accountId))!;
      const reserved = await attempts.reserve(row.phone, caller.client, nowMs);
      if (!reserved.ok) return err(attemptsExhausted(reserved.error.retryAfterMs));
      if (!(await checkPassword(input.currentPassword, row.password_hash))) {
        return err(apiError(401, 'invalid-credentials', 'the current password is wrong'));
      }
      await attempts.succeeded(row.phone, caller.client);
      const weak = weakPassword(input.newPassword, row.phone);
      if (weak !== null) return err(weak);
      const hash = await hashPassword(input.newPassword);
      await db.transaction(async () => {
        await setPassword.run(hash, accountId);
        // Other devices signed in with the old password lose their sessions.
        await dropOtherSessions.run(accountId, sha256(sessionToken));
      });
      return ok({ changed: true });
    },

    async addSupportRequest(
      accountId: string,
      terminalId: string,
      input: { text: string; transferId: string | null },
      nowMs: number,
    ): Promise<Omit<SupportEntry, 'terminalId' | 'phone'>> {
      // Stored as typed, never looked up: the payer may ask about a transfer paid in cash
      // without logging in, and the answer must not confirm that some other id exists.
      const transferId = input.transferId?.toLowerCase() ?? null;
      const messageId = `m${randomBytes(8).toString('hex')}`;
      await insertSupport.run(messageId, accountId, terminalId, input.text, nowMs, transferId);
      return { messageId, transferId, text: input.text, reply: null, createdAtMs: nowMs };
    },

    async supportQueue(unansweredOnly: boolean): Promise<SupportEntry[]> {
      const rows = await allSupport.all<{
        id: string;
        terminal_id: string;
        phone: string;
        transfer_id: string | null;
        body: string;
        reply: string | null;
        created_at_ms: number;
      }>(unansweredOnly ? 1 : 0);
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

    async answerSupport(messageId: string, reply: string, nowMs: number): Promise<boolean> {
      return (await answer.run(reply, nowMs, messageId)) > 0;
    },
  };
}
