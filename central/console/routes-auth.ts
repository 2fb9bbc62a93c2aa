/**
 * The console's people routes: bootstrap of the first administrator with the admin token,
 * login (throttled, optional TOTP), logout, the user's own password and second factor, user
 * management and the audit log (administrators). Every action lands in the audit log.
 */
import type { FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { ConsoleRole, Scope } from '../../common/console-wire.ts';
import { ApiFailure, apiError } from '../errors.ts';
import { type RouteContext, route } from '../http.ts';
import { hashPassword } from '../payer/accounts.ts';
import type { RateLimiter } from '../rate-limit.ts';
import {
  type Accounts,
  auditBy,
  type Actor,
  type LoginFailure,
  permissionsOf,
  publicUser,
  type SessionLimits,
  weakConsolePassword,
} from './accounts.ts';
import { assertSameOrigin, type Gate, sessionCookie } from './gate.ts';
import type { UserChange, UserRow } from './store-users.ts';

export type AuthRouteDeps = {
  accounts: Accounts;
  gate: Gate;
  limits: SessionLimits;
  /** Every login attempt per client address. */
  loginLimiter: RateLimiter;
  /** Wrong passwords or codes per login. */
  failureLimiter: RateLimiter;
  secureCookie: boolean;
};

const LOGIN_MESSAGES: Record<LoginFailure, string> = {
  'bad-credentials': 'wrong login or password',
  'totp-required': 'enter the code of your authenticator app',
  'totp-invalid': 'wrong or already used code',
};

async function throttled(limiter: RateLimiter, key: string, nowMs: number, spend: boolean) {
  const taken = spend ? await limiter.take(key, nowMs) : await limiter.peek(key, nowMs);
  if (taken.ok) return;
  const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
  throw new ApiFailure(apiError(429, 'rate-limited', `too many attempts; retry in ${seconds} s`), {
    'retry-after': String(seconds),
  });
}

function meOf(user: UserRow, limits: SessionLimits) {
  return {
    user: publicUser(user),
    permissions: permissionsOf(user.role),
    idleTimeoutMs: limits.idleMs,
  };
}

type UserBody = {
  login: string;
  displayName: string;
  email?: string | null;
  role: ConsoleRole;
  scope: Scope;
  password: string;
};

export function registerAuthRoutes(context: RouteContext, deps: AuthRouteDeps): void {
  const { accounts, gate, limits } = deps;
  const audit = auditBy(accounts, context.nowMs);

  route(context, 'POST', '/v1/admin/console-users', 'admin', async (request, reply) => {
    const body = request.body as Omit<UserBody, 'role' | 'scope'>;
    const created = await accounts.createUser(
      { ...body, email: body.email ?? null, role: 'administrator', scope: { all: true } },
      context.nowMs(),
    );
    if (!created.ok) throw new ApiFailure(created.error);
    await accounts.audit({
      atMs: context.nowMs(),
      userId: null,
      login: '(admin token)',
      action: 'user-create',
      target: created.value.login,
      detail: { role: 'administrator', scope: { all: true } },
      ip: request.ip,
    });
    return reply.code(201).send(publicUser(created.value));
  });

  route(context, 'POST', '/v1/console/login', 'none', async (request, reply) => {
    assertSameOrigin(request);
    const body = request.body as { login: string; password: string; totpCode?: string };
    const nowMs = context.nowMs();
    await throttled(deps.loginLimiter, `console-login:${request.ip}`, nowMs, true);
    await throttled(deps.failureLimiter, `console-login:${body.login}`, nowMs, false);
    const checked = await accounts.checkLogin(body, nowMs);
    if (!checked.ok) {
      if (checked.error !== 'totp-required') {
        await deps.failureLimiter.take(`console-login:${body.login}`, nowMs);
      }
      await accounts.audit({
        atMs: nowMs,
        userId: null,
        login: body.login,
        action: 'login-failed',
        target: body.login,
        detail: { reason: checked.error },
        ip: request.ip,
      });
      throw new ApiFailure(apiError(401, checked.error, LOGIN_MESSAGES[checked.error]));
    }
    const token = await accounts.openSession(checked.value, nowMs);
    const actor = { user: checked.value, tokenHash: '', ip: request.ip };
    await audit(actor, 'login', checked.value.login);
    const maxAgeS = Math.floor(limits.absoluteMs / 1000);
    void reply.header('set-cookie', sessionCookie(token, maxAgeS, deps.secureCookie));
    return { ...meOf(checked.value, limits), sessionToken: token };
  });

  gate.route('POST', '/v1/console/logout', 'self', async (_request, reply, actor) => {
    await accounts.closeSession(actor.tokenHash);
    await audit(actor, 'logout', actor.user.login);
    void reply.header('set-cookie', sessionCookie('', 0, deps.secureCookie));
    return { ok: true };
  });

  gate.route('GET', '/v1/console/me', 'self', async (_request, _reply, actor) =>
    meOf(actor.user, limits),
  );

  registerOwnAccountRoutes(context, deps, audit);
  registerUserAdminRoutes(context, deps, audit);
}

type Audit = (actor: Actor, action: string, target: string, detail?: object) => Promise<void>;

function registerOwnAccountRoutes(context: RouteContext, deps: AuthRouteDeps, audit: Audit) {
  const { accounts, gate, limits } = deps;
  const requirePassword = async (request: FastifyRequest, actor: Actor, password: string) => {
    const checked = await accounts.checkLogin(
      { login: actor.user.login, password, totpCode: '' },
      context.nowMs(),
    );
    if (!checked.ok && checked.error === 'bad-credentials') {
      await deps.failureLimiter.take(`console-login:${actor.user.login}`, context.nowMs());
      await audit(actor, 'password-check-failed', actor.user.login, { route: request.url });
      throw new ApiFailure(apiError(403, 'bad-credentials', 'the current password is wrong'));
    }
  };

  gate.route('POST', '/v1/console/me/password', 'self', async (request, _reply, actor) => {
    const body = request.body as { currentPassword: string; newPassword: string };
    await throttled(
      deps.failureLimiter,
      `console-login:${actor.user.login}`,
      context.nowMs(),
      false,
    );
    await requirePassword(request, actor, body.currentPassword);
    const weak = weakConsolePassword(body.newPassword);
    if (weak !== null) throw new ApiFailure(weak);
    const change = { passwordHash: await hashPassword(body.newPassword) };
    await accounts.store.updateUser(actor.user.userId, change, context.nowMs());
    await audit(actor, 'password-change', actor.user.login);
    return { ok: true };
  });

  gate.route('POST', '/v1/console/me/totp/setup', 'self', async (_request, _reply, actor) => {
    const { secret, uri } = await accounts.startTotp(actor.user, context.nowMs());
    await audit(actor, 'totp-setup', actor.user.login);
    return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
  });

  gate.route('POST', '/v1/console/me/totp/confirm', 'self', async (request, _reply, actor) => {
    const { code } = request.body as { code: string };
    const user = (await accounts.store.userById(actor.user.userId)) ?? actor.user;
    if (!(await accounts.confirmTotp(user, code, context.nowMs()))) {
      await audit(actor, 'totp-confirm-failed', actor.user.login);
      throw new ApiFailure(apiError(422, 'totp-invalid', 'wrong code; try the next one'));
    }
    await audit(actor, 'totp-enable', actor.user.login);
    const updated = (await accounts.store.userById(actor.user.userId)) ?? actor.user;
    return meOf(updated, limits);
  });

  gate.route('POST', '/v1/console/me/totp/disable', 'self', async (request, _reply, actor) => {
    const { password } = request.body as { password: string };
    await requirePassword(request, actor, password);
    const change: UserChange = { totpSecret: null, totpPendingSecret: null };
    await accounts.store.updateUser(actor.user.userId, change, context.nowMs());
    await audit(actor, 'totp-disable', actor.user.login);
    const updated = (await accounts.store.userById(actor.user.userId)) ?? actor.user;
    return meOf(updated, limits);
  });
}

function registerUserAdminRoutes(context: RouteContext, deps: AuthRouteDeps, audit: Audit) {
  const { accounts, gate } = deps;

  gate.route('GET', '/v1/console/users', 'users.manage', async () => ({
    users: (await accounts.store.listUsers()).map(publicUser),
  }));

  gate.route('POST', '/v1/console/users', 'users.manage', async (request, reply, actor) => {
    const body = request.body as UserBody;
    const created = await accounts.createUser(
      { ...body, email: body.email ?? null },
      context.nowMs(),
    );
    if (!created.ok) throw new ApiFailure(created.error);
    await audit(actor, 'user-create', created.value.login, {
      role: body.role,
      scope: body.scope,
    });
    return reply.code(201).send(publicUser(created.value));
  });

  gate.route('POST', '/v1/console/users/{userId}', 'users.manage', async (request, _r, actor) => {
    const { userId } = request.params as { userId: string };
    const body = request.body as Partial<UserBody> & { disabled?: boolean };
    const user = await accounts.store.userById(userId);
    if (user === null) throw new ApiFailure(apiError(404, 'unknown-user', 'no such user'));
    if (userId === actor.user.userId && (body.disabled === true || body.role !== undefined)) {
      throw new ApiFailure(
        apiError(409, 'self-lockout', 'you may not disable yourself or change your own role'),
      );
    }
    const change: UserChange = {};
    if (body.displayName !== undefined) change.displayName = body.displayName;
    if (body.email !== undefined) change.email = body.email;
    if (body.role !== undefined) change.role = body.role;
    if (body.scope !== undefined) change.scope = body.scope;
    if (body.disabled !== undefined) change.disabled = body.disabled;
    if (body.password !== undefined) {
      const weak = weakConsolePassword(body.password);
      if (weak !== null) throw new ApiFailure(weak);
      change.passwordHash = await hashPassword(body.password);
    }
    await accounts.store.updateUser(userId, change, context.nowMs());
    // A changed role, scope, password or a disabled account takes effect now, not at expiry.
    if (Object.keys(change).some((key) => key !== 'displayName' && key !== 'email')) {
      await accounts.store.deleteUserSessions(userId);
    }
    const { passwordHash: _hidden, ...shown } = change;
    const detail = { ...shown, ...(_hidden === undefined ? {} : { password: 'changed' }) };
    await audit(actor, 'user-update', user.login, detail);
    return publicUser((await accounts.store.userById(userId)) ?? user);
  });

  gate.route('GET', '/v1/console/audit', 'audit.read', async (request) => {
    const query = request.query as {
      beforeId?: string;
      action?: string;
      login?: string;
      limit?: string;
    };
    const entries = await accounts.store.auditPage({
      beforeId: query.beforeId === undefined ? null : Number(query.beforeId),
      action: query.action ?? null,
      login: query.login ?? null,
      limit: Math.min(500, Math.max(1, Number(query.limit ?? 100))),
    });
    return {
      entries: entries.map(({ userId: _userId, ...entry }) => entry),
    };
  });
}
