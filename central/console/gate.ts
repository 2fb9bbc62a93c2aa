/**
 * The console's door: a session from the HttpOnly cookie or a bearer token, the role's
 * permission, and a same-origin check on every state-changing request. Routes come from
 * openapi.yaml like every other central route (http.ts route()).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Permission, Scope } from '../../common/console-wire.ts';
import { roleMay } from '../../common/console-wire.ts';
import { ApiFailure, apiError } from '../errors.ts';
import { type RouteContext, route } from '../http.ts';
import { type Accounts, type Actor, hashToken } from './accounts.ts';

export const SESSION_COOKIE = 'console_session';

export type ConsoleHandler = (
  request: FastifyRequest,
  reply: FastifyReply,
  actor: Actor,
) => Promise<unknown>;

export function cookieValue(header: string | undefined, name: string): string | null {
  if (header === undefined) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

export function tokenOf(request: FastifyRequest): string | null {
  const bearer = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(request.headers.authorization ?? '');
  if (bearer !== null) return bearer[1]!;
  const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
  return cookie !== null && /^[A-Za-z0-9_-]{20,100}$/.test(cookie) ? cookie : null;
}

/**
 * A browser sends Origin on every cross-site POST; one that names another host is refused
 * even though the SameSite=Strict cookie would not have been sent with it anyway.
 */
export function assertSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin === undefined || request.method === 'GET') return;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  if (host !== request.headers.host) {
    throw new ApiFailure(apiError(403, 'cross-origin', 'console requests must come from itself'));
  }
}

export function sessionCookie(token: string, maxAgeS: number, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${maxAgeS}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

export type Gate = {
  /** The acting user of a request, or a 401. */
  actor(request: FastifyRequest): Promise<Actor>;
  /**
   * Registers a console route: `self` (one's own session and account) for every role, `read`
   * for every role that reads the fleet (`fleet.read`), or a named permission.
   */
  route(
    method: 'GET' | 'POST',
    path: string,
    permission: Permission | 'read' | 'self',
    handler: ConsoleHandler,
    options?: { bodyLimit?: number },
  ): void;
};

export function createGate(context: RouteContext, accounts: Accounts): Gate {
  const actor = async (request: FastifyRequest): Promise<Actor> => {
    const token = tokenOf(request);
    const user = token === null ? null : await accounts.sessionUser(token, context.nowMs());
    if (token === null || user === null) {
      throw new ApiFailure(apiError(401, 'console-session-invalid', 'log in to the console'));
    }
    return { user, tokenHash: hashToken(token), ip: request.ip };
  };
  return {
    actor,
    route(method, path, permission, handler, options = {}) {
      const needed: Permission | null =
        permission === 'self' ? null : permission === 'read' ? 'fleet.read' : permission;
      route(
        context,
        method,
        path,
        'none',
        async (request, reply) => {
          assertSameOrigin(request);
          const who = await actor(request);
          if (needed !== null && !roleMay(who.user.role, needed)) {
            throw new ApiFailure(
              apiError(403, 'forbidden', `the role ${who.user.role} may not do this`),
            );
          }
          void reply.header('cache-control', 'no-store');
          return handler(request, reply, who);
        },
        options,
      );
    },
  };
}

/** Does a scope cover a terminal (its id and the regions of its facilities)? */
export function inScope(scope: Scope, terminalId: string, regionCodes: readonly string[]): boolean {
  if ('all' in scope) return true;
  return (
    scope.terminals.includes(terminalId) || regionCodes.some((code) => scope.regions.includes(code))
  );
}
