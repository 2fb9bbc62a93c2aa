/**
 * Console users: creation under the project's password policy (common/password.ts), scrypt
 * hashes (the payer accounts' scheme), login with an optional TOTP second factor, sessions
 * with an idle expiry, and the audit log every action writes to.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import {
  type ConsoleRole,
  type ConsoleUser,
  PERMISSIONS,
  type Permission,
  roleMay,
  type Scope,
} from '../../common/console-wire.ts';
import { passwordProblem } from '../../common/password.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { type ApiError, apiError } from '../errors.ts';
import { checkPassword, hashPassword } from '../payer/accounts.ts';
import type { AuditInput, UserChange, UserRow, UserStore } from './store-users.ts';

export const TOTP_PERIOD_S = 30;
const TOTP_ISSUER = 'Kiosk console';

export type SessionLimits = { idleMs: number; absoluteMs: number };
export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 60 * 60_000,
};

/** Who acts: the user and where from (the audit log records both). */
export type Actor = { user: UserRow; tokenHash: string; ip: string };

export type NewUserInput = {
  login: string;
  displayName: string;
  email: string | null;
  role: ConsoleRole;
  scope: Scope;
  password: string;
};

export function publicUser(user: UserRow): ConsoleUser {
  return {
    userId: user.userId,
    login: user.login,
    displayName: user.displayName,
    email: user.email,
    role: user.role,
    scope: user.scope,
    totpEnabled: user.totpSecret !== null,
    disabled: user.disabled,
    createdAtMs: user.createdAtMs,
  };
}

export function permissionsOf(role: ConsoleRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((name) => roleMay(role, name));
}

export function weakConsolePassword(password: string): ApiError | null {
  const problem = passwordProblem(password, null);
  return problem === null ? null : apiError(422, `weak-password:${problem}`, 'weak password');
}

export const hashToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

/** Checked when the login is unknown, so a wrong login costs as long as a wrong password. */
let decoyHash: Promise<string> | null = null;

function totpOf(login: string, secretBase32: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: login,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_S,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** The time step a code is valid for (±1 step of clock drift), or null. */
export function totpStep(login: string, secret: string, code: string, nowMs: number) {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpOf(login, secret).validate({ token: code, timestamp: nowMs, window: 1 });
  if (delta === null) return null;
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_S) + delta;
}

export type LoginInput = { login: string; password: string; totpCode?: string };
export type LoginFailure = 'bad-credentials' | 'totp-required' | 'totp-invalid';

export type Accounts = ReturnType<typeof createAccounts>;

/** What a route writes to the audit log for what a signed-in user did, from their address. */
export type ActorAudit = (
  actor: Actor,
  action: string,
  target: string,
  detail?: object,
) => Promise<void>;

export function auditBy(accounts: Pick<Accounts, 'audit'>, nowMs: () => number): ActorAudit {
  return async (actor, action, target, detail = {}) => {
    await accounts.audit({
      atMs: nowMs(),
      userId: actor.user.userId,
      login: actor.user.login,
      action,
      target,
      detail: detail as Record<string, unknown>,
      ip: actor.ip,
    });
  };
}

export function createAccounts(store: UserStore, limits: SessionLimits) {
  const audit = (entry: AuditInput) => store.audit(entry);

  async function createUser(
    input: NewUserInput,
    nowMs: number,
  ): Promise<Result<UserRow, ApiError>> {
    const weak = weakConsolePassword(input.password);
    if (weak !== null) return err(weak);
    const user = {
      userId: randomUUID(),
      login: input.login,
      displayName: input.displayName,
      email: input.email,
      role: input.role,
      scope: input.scope,
      passwordHash: await hashPassword(input.password),
      createdAtMs: nowMs,
    };
    if ((await store.insertUser(user, nowMs)) === 'login-taken') {
      return err(apiError(409, 'login-taken', `login ${input.login} is taken`));
    }
    const created = await store.userById(user.userId);
    return created === null ? err(apiError(500, 'internal', 'user vanished')) : ok(created);
  }

  async function checkLogin(
    input: LoginInput,
    nowMs: number,
  ): Promise<Result<UserRow, LoginFailure>> {
    const user = await store.userByLogin(input.login);
    if (user === null || user.disabled) {
      decoyHash ??= hashPassword('decoy-password-never-matches-1');
      await checkPassword(input.password, await decoyHash);
      return err('bad-credentials');
    }
    if (!(await checkPassword(input.password, user.passwordHash))) return err('bad-credentials');
    if (user.totpSecret === null) return ok(user);
    if (input.totpCode === undefined || input.totpCode === '') return err('totp-required');
    const step = totpStep(user.login, user.totpSecret, input.totpCode, nowMs);
    // A code is good once: a step at or before the last one used is a replay.
    if (step === null || step <= user.totpLastStep) return err('totp-invalid');
    await store.updateUser(user.userId, { totpLastStep: step }, nowMs);
    return ok(user);
  }

  async function openSession(user: UserRow, nowMs: number): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await store.insertSession(hashToken(token), {
      userId: user.userId,
      createdAtMs: nowMs,
      lastSeenMs: nowMs,
      expiresAtMs: nowMs + limits.absoluteMs,
    });
    return token;
  }

  /** The user of a live session (its idle clock restarted), or null. */
  async function sessionUser(token: string, nowMs: number): Promise<UserRow | null> {
    const tokenHash = hashToken(token);
    const session = await store.sessionByHash(tokenHash);
    if (session === null) return null;
    if (session.expiresAtMs <= nowMs || session.lastSeenMs + limits.idleMs <= nowMs) {
      await store.deleteSession(tokenHash);
      return null;
    }
    const user = await store.userById(session.userId);
    if (user === null || user.disabled) return null;
    await store.touchSession(tokenHash, nowMs);
    return user;
  }

  async function startTotp(user: UserRow, nowMs: number) {
    const secret = new Secret({ size: 20 }).base32;
    await store.updateUser(user.userId, { totpPendingSecret: secret }, nowMs);
    return { secret, uri: totpOf(user.login, secret).toString() };
  }

  async function confirmTotp(user: UserRow, code: string, nowMs: number): Promise<boolean> {
    const pending = user.totpPendingSecret;
    if (pending === null) return false;
    const step = totpStep(user.login, pending, code, nowMs);
    if (step === null) return false;
    const change: UserChange = { totpSecret: pending, totpPendingSecret: null, totpLastStep: step };
    await store.updateUser(user.userId, change, nowMs);
    return true;
  }

  return {
    store,
    limits,
    audit,
    createUser,
    checkLogin,
    openSession,
    sessionUser,
    startTotp,
    confirmTotp,
    async closeSession(tokenHash: string) {
      await store.deleteSession(tokenHash);
    },
  };
}
