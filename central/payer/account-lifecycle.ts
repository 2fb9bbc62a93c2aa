/**
 * The end of the profile (docs/PAYER-APP.md § Phone number and deleting the account): moving
 * the account to a new phone number, and deleting it.
 *
 * A new number is proved by a code sent to it (bound to this account and that number, 10
 * minutes, 5 tries) and the change needs the current password too, so a session left open on
 * someone's phone cannot move the account away; the old number is told by SMS, so a payer whose
 * account was taken over learns it.
 *
 * Deleting keeps what the law requires a payment agent to keep — every transfer, wallet entry,
 * top-up and letter, with amounts, dates, terminal and the masked recipient — and erases the
 * person: phone, names, e-mail, password, templates, support messages, notification choices,
 * sessions, letter texts and the sender's name on their transfers. It is refused while money is
 * on the wallet (it belongs to the payer and goes back through support first) and while a
 * transfer of theirs is still on its way (the facility's staff still need the sender's name).
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
  normalisePhone,
  type PayerCaller,
  sha256,
  spendCode,
} from './accounts.ts';
import type { AttemptThrottle } from './attempts.ts';
import { SMS_LIMITS, type SmsBudget } from './sms-budget.ts';
import type { SmsGateway } from './sms.ts';

const CODE_TTL_MS = 10 * 60_000;

type Failure = ApiError & { retryAfterMs?: number };

/** «+7 *** ***-45-67»: enough for the payer to recognise their number, in an SMS to another. */
export function maskedPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `+7 *** ***-${digits.slice(-4, -2)}-${digits.slice(-2)}`;
}

export type AccountLifecycle = ReturnType<typeof createAccountLifecycle>;

export function createAccountLifecycle(
  db: CentralDb,
  deps: { sms: SmsGateway; budget: SmsBudget; attempts: AttemptThrottle },
) {
  const account = statement(
    db,
    'SELECT phone, password_hash FROM payer_accounts WHERE id = ? AND deleted_at_ms IS NULL',
  );
  const byPhone = statement(db, 'SELECT id FROM payer_accounts WHERE phone = ?');
  const recentCodes = statement(
    db,
    `SELECT sent_at_ms FROM payer_phone_codes WHERE account_id = ? AND sent_at_ms > ?
       ORDER BY sent_at_ms DESC`,
  );
  const insertCode = statement(
    db,
    `INSERT INTO payer_phone_codes (id, account_id, phone, code_hash, sent_at_ms, expires_at_ms)
       VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const liveCode = statement(
    db,
    `SELECT id, code_hash, attempts FROM payer_phone_codes WHERE account_id = ? AND phone = ?
       AND used = 0 AND expires_at_ms > ? ORDER BY sent_at_ms DESC LIMIT 1`,
  );
  const failCode = statement(
    db,
    'UPDATE payer_phone_codes SET attempts = attempts + 1 WHERE id = ?',
  );
  const useCode = statement(db, 'UPDATE payer_phone_codes SET used = 1 WHERE id = ?');
  const setPhone = statement(db, 'UPDATE payer_accounts SET phone = ? WHERE id = ?');
  const dropOtherSessions = statement(
    db,
    'DELETE FROM payer_sessions WHERE account_id = ? AND token_hash <> ?',
  );
  const balance = statement(
    db,
    'SELECT COALESCE(SUM(delta_kopecks), 0) AS n FROM wallet_entries WHERE account_id = ?',
  );
  const inFlight = statement(
    db,
    `SELECT COUNT(*) AS n FROM transfers WHERE payer_account_id = ?
       AND status IN ('accepted', 'sent')`,
  );
  const erase = [
    `UPDATE payer_accounts SET phone = 'deleted:' || id, password_hash = '', display_name = '',
       email = NULL, sender_name = NULL, failed_logins = 0, locked_until_ms = 0,
       deleted_at_ms = ? WHERE id = ?`,
    'UPDATE transfers SET sender_name = NULL WHERE payer_account_id = ?',
    `UPDATE letters SET body = '' WHERE account_id = ?`,
    'DELETE FROM payer_templates WHERE account_id = ?',
    'DELETE FROM support_messages WHERE account_id = ?',
    'DELETE FROM payer_notify_prefs WHERE account_id = ?',
    'DELETE FROM payer_phone_codes WHERE account_id = ?',
    'DELETE FROM payer_terminal_sessions WHERE account_id = ?',
    'DELETE FROM payer_sessions WHERE account_id = ?',
  ].map((sql) => statement(db, sql));

  /** The current password, counted in the wrong-password throttle like a login. */
  const passwordHolds = async (
    accountId: string,
    password: string,
    caller: PayerCaller,
    nowMs: number,
  ): Promise<Result<{ phone: string }, Failure>> => {
    const row = await account.get<{ phone: string; password_hash: string }>(accountId);
    if (row === undefined) return err(apiError(401, 'payer-session-invalid', 'log in again'));
    const reserved = await deps.attempts.reserve(row.phone, caller.client, nowMs);
    if (!reserved.ok) return err(attemptsExhausted(reserved.error.retryAfterMs));
    if (!(await checkPassword(password, row.password_hash))) {
      return err(apiError(401, 'invalid-credentials', 'the current password is wrong'));
    }
    await deps.attempts.succeeded(row.phone, caller.client);
    return ok({ phone: row.phone });
  };

  return {
    async requestPhoneCode(
      accountId: string,
      rawPhone: string,
      nowMs: number,
    ): Promise<Result<{ expiresAtMs: number }, Failure>> {
      const phone = normalisePhone(rawPhone);
      if (phone === null) return err(apiError(400, 'bad-phone', 'a Russian mobile number'));
      const recent = await recentCodes.all<{ sent_at_ms: number }>(accountId, nowMs - 3_600_000);
      const latest = recent[0]?.sent_at_ms;
      if (latest !== undefined && nowMs - latest < SMS_LIMITS.resendMs) {
        const retryAfterMs = SMS_LIMITS.resendMs - (nowMs - latest);
        return err({ ...apiError(429, 'sms-too-soon', 'wait before asking again'), retryAfterMs });
      }
      if (recent.length >= SMS_LIMITS.perPhonePurposePerHour) {
        const retryAfterMs = 3_600_000;
        return err({ ...apiError(429, 'sms-limit', 'too many codes this hour'), retryAfterMs });
      }
      // Said before any SMS: a number with an account is not sent codes for another one.
      if ((await byPhone.get(phone)) !== undefined) {
        return err(apiError(409, 'phone-registered', 'this phone already has an account'));
      }
      const granted = await deps.budget.take(phone, 'phone-change', nowMs);
      if (!granted.ok) return err(granted.error);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAtMs = nowMs + CODE_TTL_MS;
      const id = `n${randomBytes(10).toString('hex')}`;
      await insertCode.run(id, accountId, phone, codeHash(phone, code), nowMs, expiresAtMs);
      const text = `Код ${code}: смена номера аккаунта на этот. Никому не сообщайте его.`;
      await deps.sms.send({ phone, text, sentAtMs: nowMs });
      deps.budget.sent('phone-change');
      return ok({ expiresAtMs });
    },

    async changePhone(
      accountId: string,
      sessionToken: string,
      input: { phone: string; code: string; currentPassword: string },
      caller: PayerCaller,
      nowMs: number,
    ): Promise<Result<{ oldPhone: string; phone: string }, Failure>> {
      const phone = normalisePhone(input.phone);
      if (phone === null) return err(apiError(400, 'bad-phone', 'a Russian mobile number'));
      const holds = await passwordHolds(accountId, input.currentPassword, caller, nowMs);
      if (!holds.ok) return holds;
      const oldPhone = holds.value.phone;
      const changed = await db.transaction(async (): Promise<Result<void, Failure>> => {
        const row = await liveCode.get<CodeRow>(accountId, phone, nowMs);
        const spent = await spendCode(row, phone, input.code, {
          fail: () => failCode.run((row as unknown as { id: string }).id),
          use: () => useCode.run((row as unknown as { id: string }).id),
        });
        if (!spent) return err(apiError(401, 'sms-code-invalid', 'wrong, used or expired code'));
        if ((await byPhone.get(phone)) !== undefined) {
          return err(apiError(409, 'phone-registered', 'this phone already has an account'));
        }
        await setPhone.run(phone, accountId);
        // Other devices signed in under the old number lose their sessions.
        await dropOtherSessions.run(accountId, sha256(sessionToken));
        return ok(undefined);
      });
      if (!changed.ok) return changed;
      // Told after the change committed; outside the budget, which would let the new holder
      // exhaust it first and keep the old number from hearing of the change.
      const text =
        `Номер вашего аккаунта изменён на ${maskedPhone(phone)}. ` +
        'Если это были не вы, позвоните в поддержку: номер указан на чеке.';
      await deps.sms.send({ phone: oldPhone, text, sentAtMs: nowMs });
      deps.budget.sent('phone-changed');
      return ok({ oldPhone, phone });
    },

    async deleteAccount(
      accountId: string,
      currentPassword: string,
      caller: PayerCaller,
      nowMs: number,
    ): Promise<Result<{ deleted: true }, Failure>> {
      const holds = await passwordHolds(accountId, currentPassword, caller, nowMs);
      if (!holds.ok) return holds;
      return db.transaction(async (): Promise<Result<{ deleted: true }, Failure>> => {
        if ((await balance.get<{ n: number }>(accountId))!.n !== 0) {
          const why = 'money is on the wallet: support returns it before the account goes';
          return err(apiError(409, 'wallet-not-empty', why));
        }
        if ((await inFlight.get<{ n: number }>(accountId))!.n > 0) {
          const why = 'a transfer is still on its way; the account can go once it has arrived';
          return err(apiError(409, 'transfers-in-flight', why));
        }
        const [account, ...rest] = erase;
        await account!.run(nowMs, accountId);
        for (const step of rest) await step.run(accountId);
        return ok({ deleted: true });
      });
    },
  };
}
