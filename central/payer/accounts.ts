/**
 * Payer accounts: phone + password (scrypt, memory-hard), SMS codes for registration and
 * password reset, the wrong-password throttle (attempts.ts), and short sessions bound to the
 * channel that opened them: a kiosk's terminal id, or the web channel of payers' own apps
 * (caller.ts).
 */
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { passwordProblem } from '../../common/password.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { type CentralDb, statement } from '../db.ts';
import { type ApiError, apiError } from '../errors.ts';
import type { AttemptThrottle } from './attempts.ts';
import { SMS_LIMITS, type SmsBudget } from './sms-budget.ts';
import { type SmsGateway, smsText } from './sms.ts';

/** scrypt cost: N = 2^15, r = 8 → 32 MiB per hash, tens of ms; stored with the hash. */
const SCRYPT = { logN: 15, r: 8, p: 1 } as const;
const KEY_BYTES = 32;
export const SESSION_IDLE_MS = 15 * 60_000;
const CODE_TTL_MS = 10 * 60_000;
export const CODE_ATTEMPTS_MAX = 5;

export type CodePurpose = 'register' | 'reset';
export type Session = { sessionToken: string; accountId: string; expiresAtMs: number };

/**
 * Who is asking: `channel` is what a session is bound to (a terminal id or the web channel);
 * `client` keys the wrong-secret throttle (`terminal:<id>` or `ip:<address>`).
 */
export type PayerCaller = { channel: string; client: string };

type Failure = ApiError & { retryAfterMs?: number };

/** 429 for a (phone, client) that must wait; the same for a phone nobody registered. */
export const attemptsExhausted = (retryAfterMs: number): Failure => ({
  ...apiError(429, 'account-locked', 'too many wrong attempts from here; try later'),
  retryAfterMs,
});

/** The one password policy (common/password.ts) as central's answer, or null when fine. */
export function weakPassword(password: string, phone: string): ApiError | null {
  const problem = passwordProblem(password, phone);
  return problem === null ? null : apiError(422, `weak-password:${problem}`, 'weak password');
}

function scryptAsync(password: string, salt: Buffer, logN: number, r: number, p: number) {
  const N = 2 ** logN;
  const maxmem = 256 * N * r;
  return new Promise<Buffer>((resolve, reject) => {
    scrypt(password, salt, KEY_BYTES, { N, r, p, maxmem }, (error, key) =>
      error === null ? resolve(key) : reject(error),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT.logN, SCRYPT.r, SCRYPT.p);
  return [
    'scrypt',
    SCRYPT.logN,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$');
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(
    password,
    Buffer.from(salt, 'base64'),
    Number(logN),
    Number(r),
    Number(p),
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** +7XXXXXXXXXX from the ways people type a Russian mobile number, or null. */
export function normalisePhone(raw: string): string | null {
  const digits = raw.replace(/\D/g, '');
  if (digits.length === 11 && (digits[0] === '7' || digits[0] === '8'))
    return `+7${digits.slice(1)}`;
  if (digits.length === 10 && digits[0] === '9') return `+7${digits}`;
  return null;
}

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/** How an SMS code is stored: never the code itself. */
export const codeHash = (phone: string, code: string): string => sha256(`${phone}:${code.trim()}`);

export type CodeRow = { id: number; code_hash: string; attempts: number };

/**
 * Spends the newest live code (`row`) if `code` matches it; a wrong guess counts against it, and
 * after CODE_ATTEMPTS_MAX guesses it matches nothing. Used for every kind of SMS code.
 */
export async function spendCode(
  row: CodeRow | undefined,
  phone: string,
  code: string,
  mark: { fail(id: number): Promise<unknown>; use(id: number): Promise<unknown> },
): Promise<boolean> {
  if (row === undefined || row.attempts >= CODE_ATTEMPTS_MAX) return false;
  const given = Buffer.from(codeHash(phone, code));
  if (!timingSafeEqual(given, Buffer.from(row.code_hash))) {
    await mark.fail(row.id);
    return false;
  }
  await mark.use(row.id);
  return true;
}

/**
 * A new payer session bound to `channel` (a terminal id, or the web channel). A session opened
 * at a kiosk is also remembered per (account, terminal): it is what lets that terminal put the
 * account on a cash transfer later (payer-link.ts).
 */
export function sessionOpener(db: CentralDb) {
  const insertSession = statement(
    db,
    'INSERT INTO payer_sessions (token_hash, account_id, terminal_id, expires_at_ms) VALUES (?, ?, ?, ?)',
  );
  const rememberTerminal = statement(
    db,
    `INSERT INTO payer_terminal_sessions (account_id, terminal_id, last_opened_ms)
       VALUES (?, ?, ?) ON CONFLICT (account_id, terminal_id)
       DO UPDATE SET last_opened_ms = excluded.last_opened_ms`,
  );
  return async (accountId: string, channel: string, nowMs: number): Promise<Session> => {
    const sessionToken = randomBytes(32).toString('base64url');
    const expiresAtMs = nowMs + SESSION_IDLE_MS;
    await insertSession.run(sha256(sessionToken), accountId, channel, expiresAtMs);
    // Channels outside the terminal id pattern ('@web') are not terminals.
    if (!channel.startsWith('@')) await rememberTerminal.run(accountId, channel, nowMs);
    return { sessionToken, accountId, expiresAtMs };
  };
}

const badPhone = (): ApiError => apiError(400, 'bad-phone', 'a Russian mobile number is expected');
const badCode = (): ApiError =>
  apiError(401, 'sms-code-invalid', 'wrong, used or expired SMS code');

export type PayerAccounts = ReturnType<typeof createPayerAccounts>;

/** A password hash that matches nothing, checked when a phone is unknown to even out timing. */
let dummyHash: Promise<string> | null = null;

export type PayerAccountDeps = { sms: SmsGateway; attempts: AttemptThrottle; budget: SmsBudget };

export function createPayerAccounts(db: CentralDb, deps: PayerAccountDeps) {
  const { sms, attempts, budget } = deps;
  const lastCodes = statement(
    db,
    `SELECT sent_at_ms FROM sms_codes WHERE phone = ? AND purpose = ? AND sent_at_ms > ?
       ORDER BY sent_at_ms DESC`,
  );
  const insertCode = statement(
    db,
    `INSERT INTO sms_codes (phone, purpose, code_hash, sent_at_ms, expires_at_ms)
       VALUES (?, ?, ?, ?, ?)`,
  );
  const liveCode = statement(
    db,
    `SELECT rowid AS id, code_hash, attempts FROM sms_codes WHERE phone = ? AND purpose = ?
       AND used = 0 AND expires_at_ms > ? ORDER BY sent_at_ms DESC LIMIT 1`,
  );
  const failCode = statement(db, 'UPDATE sms_codes SET attempts = attempts + 1 WHERE rowid = ?');
  const useCode = statement(db, 'UPDATE sms_codes SET used = 1 WHERE rowid = ?');
  const byPhone = statement(db, 'SELECT * FROM payer_accounts WHERE phone = ?');
  const insertAccount = statement(
    db,
    `INSERT INTO payer_accounts (id, phone, password_hash, display_name, created_at_ms)
       VALUES (?, ?, ?, ?, ?)`,
  );
  const setPassword = statement(
    db,
    'UPDATE payer_accounts SET password_hash = ?, failed_logins = 0, locked_until_ms = 0 WHERE id = ?',
  );
  const session = statement(
    db,
    'SELECT account_id, terminal_id, expires_at_ms FROM payer_sessions WHERE token_hash = ?',
  );
  const touchSession = statement(
    db,
    'UPDATE payer_sessions SET expires_at_ms = ? WHERE token_hash = ?',
  );
  const dropSession = statement(db, 'DELETE FROM payer_sessions WHERE token_hash = ?');
  const dropAccountSessions = statement(db, 'DELETE FROM payer_sessions WHERE account_id = ?');

  type AccountRow = { id: string; password_hash: string };

  const openSession = sessionOpener(db);
  const redeemCode = async (phone: string, purpose: CodePurpose, code: string, nowMs: number) =>
    spendCode(await liveCode.get<CodeRow>(phone, purpose, nowMs), phone, code, {
      fail: (id) => failCode.run(id),
      use: (id) => useCode.run(id),
    });

  return {
    async requestCode(
      rawPhone: string,
      purpose: CodePurpose,
      nowMs: number,
    ): Promise<Result<{ expiresAtMs: number }, ApiError & { retryAfterMs?: number }>> {
      const phone = normalisePhone(rawPhone);
      if (phone === null) return err(badPhone());
      const recent = await lastCodes.all<{ sent_at_ms: number }>(phone, purpose, nowMs - 3_600_000);
      const latest = recent[0]?.sent_at_ms;
      if (latest !== undefined && nowMs - latest < SMS_LIMITS.resendMs) {
        const retryAfterMs = SMS_LIMITS.resendMs - (nowMs - latest);
        budget.refused('resend-too-soon');
        return err({
          ...apiError(429, 'sms-too-soon', 'wait before asking for another code'),
          retryAfterMs,
        });
      }
      if (recent.length >= SMS_LIMITS.perPhonePurposePerHour) {
        budget.refused('phone-purpose-hourly');
        return err({
          ...apiError(429, 'sms-limit', 'too many codes this hour'),
          retryAfterMs: 3_600_000,
        });
      }
      const granted = await budget.take(phone, purpose, nowMs);
      if (!granted.ok) return err(granted.error);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAtMs = nowMs + CODE_TTL_MS;
      await insertCode.run(phone, purpose, codeHash(phone, code), nowMs, expiresAtMs);
      // A reset for an unknown phone is "sent" too (silently), so the answer reveals nothing.
      const known = (await byPhone.get(phone)) !== undefined;
      if (purpose === 'register' || known) {
        await sms.send({ phone, text: smsText(purpose, code), sentAtMs: nowMs });
        budget.sent(purpose);
      }
      return ok({ expiresAtMs });
    },

    async register(
      input: { phone: string; code: string; password: string; displayName: string },
      terminalId: string,
      nowMs: number,
    ): Promise<Result<Session, ApiError>> {
      const phone = normalisePhone(input.phone);
      if (phone === null) return err(badPhone());
      const weak = weakPassword(input.password, phone);
      if (weak !== null) return err(weak);
      const passwordHash = await hashPassword(input.password);
      return db.transaction(async (): Promise<Result<Session, ApiError>> => {
        // The code first: only whoever holds the phone learns that it is registered.
        if (!(await redeemCode(phone, 'register', input.code, nowMs))) return err(badCode());
        if ((await byPhone.get(phone)) !== undefined) {
          return err(apiError(409, 'phone-registered', 'this phone already has an account'));
        }
        const accountId = `p${randomBytes(10).toString('hex')}`;
        await insertAccount.run(accountId, phone, passwordHash, input.displayName.trim(), nowMs);
        return ok(await openSession(accountId, terminalId, nowMs));
      });
    },

    async login(
      input: { phone: string; password: string },
      caller: PayerCaller,
      nowMs: number,
    ): Promise<Result<Session, Failure>> {
      const phone = normalisePhone(input.phone);
      if (phone === null) return err(badPhone());
      // Reserved before the hash runs: parallel guesses each take a place in the count.
      const reserved = await attempts.reserve(phone, caller.client, nowMs);
      if (!reserved.ok) return err(attemptsExhausted(reserved.error.retryAfterMs));
      const account = await byPhone.get<AccountRow>(phone);
      dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      const valid = await checkPassword(
        input.password,
        account?.password_hash ?? (await dummyHash),
      );
      if (account === undefined || !valid) {
        return err(apiError(401, 'invalid-credentials', 'wrong phone or password'));
      }
      await attempts.succeeded(phone, caller.client);
      return ok(await openSession(account.id, caller.channel, nowMs));
    },

    async resetPassword(
      input: { phone: string; code: string; newPassword: string },
      terminalId: string,
      nowMs: number,
    ): Promise<Result<Session, ApiError>> {
      const phone = normalisePhone(input.phone);
      if (phone === null) return err(badPhone());
      const weak = weakPassword(input.newPassword, phone);
      if (weak !== null) return err(weak);
      const passwordHash = await hashPassword(input.newPassword);
      return db.transaction(async (): Promise<Result<Session, ApiError>> => {
        const account = await byPhone.get<AccountRow>(phone);
        if (!(await redeemCode(phone, 'reset', input.code, nowMs)) || account === undefined) {
          return err(badCode());
        }
        await setPassword.run(passwordHash, account.id);
        await dropAccountSessions.run(account.id);
        return ok(await openSession(account.id, terminalId, nowMs));
      });
    },

    /** The account of a live session opened on this channel; extends the session. */
    async authenticate(
      token: string | undefined,
      terminalId: string,
      nowMs: number,
    ): Promise<Result<string, ApiError>> {
      const denied = apiError(401, 'payer-session-invalid', 'log in again');
      if (token === undefined || token.length < 20 || token.length > 100) return err(denied);
      const hash = sha256(token);
      const row = await session.get<{
        account_id: string;
        terminal_id: string;
        expires_at_ms: number;
      }>(hash);
      if (row === undefined || row.expires_at_ms <= nowMs || row.terminal_id !== terminalId) {
        return err(denied);
      }
      await touchSession.run(nowMs + SESSION_IDLE_MS, hash);
      return ok(row.account_id);
    },

    async logout(token: string): Promise<void> {
      await dropSession.run(sha256(token));
    },
  };
}
