/**
 * The HTTP plumbing shared by every route: raw-body JSON parsing (the signature covers the
 * exact bytes), route registration from openapi.yaml, authentication hooks and error bodies.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assert } from '../common/assert.ts';
import type { AdminGate, TerminalVerifier } from './auth.ts';
import { ApiFailure, apiError, errorBody } from './errors.ts';
import { type OpenApiOperation, toFastifyPath } from './openapi.ts';

/**
 * Who may call a route:
 * - 'none': anyone (health, enrolment, public tracking);
 * - 'terminal': an enrolled kiosk, every request signed (central/auth.ts);
 * - 'admin': the operator's bearer token;
 * - 'payer': the payer-account routes. A kiosk calls them signed, exactly as a 'terminal'
 *   route; a payer's own app (web, mobile) has no terminal key and calls them unsigned. The
 *   handler learns which from callerOf() and authenticates the payer itself (its session
 *   token is bound to that channel). A request with any signature header, or with the kiosk's
 *   Payer-Session header, is a kiosk request and must verify: it never falls back to 'web'.
 */
export type Auth = 'none' | 'terminal' | 'admin' | 'payer';

export type Caller = { kind: 'terminal'; terminalId: string } | { kind: 'web'; ip: string };

const rawBodies = new WeakMap<FastifyRequest, Buffer>();
const callers = new WeakMap<FastifyRequest, Caller>();
/** Signed requests of `nonce: 'with-write'` routes whose nonce their handler spends. */
const pendingNonces = new WeakMap<FastifyRequest, { spend(): Promise<void>; taken: boolean }>();
const EMPTY = Buffer.alloc(0);

export function rawBodyOf(request: FastifyRequest): Buffer {
  return rawBodies.get(request) ?? EMPTY;
}

/**
 * The signed request's nonce spend, for a `nonce: 'with-write'` route's handler to run inside
 * the transaction of its write, so the replay guard and the effect share one commit (and,
 * batched, one place in the queue). A request that was not signed gets a no-op.
 */
export function nonceSpendOf(request: FastifyRequest): () => Promise<void> {
  const pending = pendingNonces.get(request);
  if (pending === undefined) return async () => {};
  return () => {
    pending.taken = true;
    return pending.spend();
  };
}

/** Who sent a request on a 'terminal' or 'payer' route. */
export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  assert(caller !== undefined, 'callerOf: route is not terminal- or payer-authenticated');
  return caller;
}

/** The terminal a signed request came from; only for routes that a kiosk alone may call. */
export function terminalOf(request: FastifyRequest): string {
  const caller = callerOf(request);
  assert(caller.kind === 'terminal', 'terminalOf: not a terminal-signed request');
  return caller.terminalId;
}

const KIOSK_HEADERS = ['signature', 'signature-input', 'payer-session'] as const;

function claimsTerminal(request: FastifyRequest): boolean {
  return KIOSK_HEADERS.some((name) => request.headers[name] !== undefined);
}

export function installJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    rawBodies.set(request, bytes);
    if (bytes.length === 0) {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(bytes.toString('utf8')));
    } catch {
      done(new ApiFailure(apiError(400, 'bad-json', 'the body is not valid JSON')), undefined);
    }
  });
}

type FastifyishError = Error & { statusCode?: number; validation?: unknown; code?: string };

function codeForStatus(status: number): string {
  if (status === 413) return 'body-too-large';
  if (status === 415) return 'unsupported-media-type';
  if (status === 404) return 'not-found';
  return 'bad-request';
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyishError, request, reply) => {
    if (error instanceof ApiFailure) {
      void reply
        .code(error.status)
        .headers(error.headers)
        .send(errorBody(error.code, error.message));
      return;
    }
    if (error.validation !== undefined) {
      void reply.code(400).send(errorBody('bad-request', error.message));
      return;
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      void reply.code(status).send(errorBody(codeForStatus(status), error.message));
      return;
    }
    // One line, no personal data: where it failed and what kind of error, never the body,
    // the query or the error's message (which may quote a value).
    request.log.error(
      {
        status: 500,
        method: request.method,
        route: request.routeOptions.url ?? 'unknown',
        errorType: error.name,
        errorCode: typeof error.code === 'string' ? error.code : null,
      },
      'server error',
    );
    void reply.code(500).send(errorBody('internal', 'internal server error'));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody('not-found', `no route ${request.method} ${request.url}`));
  });
}

export type RouteContext = {
  app: FastifyInstance;
  operations: ReadonlyMap<string, OpenApiOperation>;
  verifier: TerminalVerifier;
  admin: AdminGate;
  nowMs: () => number;
};

type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export function operationIndex(
  operations: readonly OpenApiOperation[],
): Map<string, OpenApiOperation> {
  return new Map(
    operations.map((operation) => [`${operation.method} ${operation.path}`, operation]),
  );
}

/**
 * Registers one route with the request schemas of the matching openapi.yaml operation.
 * A route the document does not describe is a bug: it fails at startup, not in production.
 */
export function route(
  context: RouteContext,
  method: 'GET' | 'POST',
  path: string,
  auth: Auth,
  handler: Handler,
  options: {
    /** A route that takes more than the server's default body limit (a kiosk's log upload). */
    bodyLimit?: number;
    /**
     * 'with-write': the handler spends a signed request's nonce in its own write's transaction
     * (nonceSpendOf). Default: the nonce is spent before the handler runs.
     */
    nonce?: 'before-handler' | 'with-write';
  } = {},
): void {
  const operation = context.operations.get(`${method} ${path}`);
  assert(operation !== undefined, `route ${method} ${path} is not in openapi.yaml`);
  context.app.route({
    method,
    url: toFastifyPath(path),
    schema: operation.schemas,
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    preValidation: async (request) => {
      if (auth === 'terminal' || (auth === 'payer' && claimsTerminal(request))) {
        const parts = {
          method: request.method,
          url: request.url,
          headers: request.headers,
          rawBody: rawBodyOf(request),
        };
        if (options.nonce === 'with-write') {
          const checked = await context.verifier.check(parts, context.nowMs());
          if (!checked.ok) throw new ApiFailure(checked.error);
          pendingNonces.set(request, { spend: checked.value.spendNonce, taken: false });
          callers.set(request, { kind: 'terminal', terminalId: checked.value.keyId });
          return;
        }
        const verified = await context.verifier.verify(parts, context.nowMs());
        if (!verified.ok) throw new ApiFailure(verified.error);
        callers.set(request, { kind: 'terminal', terminalId: verified.value });
      } else if (auth === 'payer') {
        callers.set(request, { kind: 'web', ip: request.ip });
      } else if (auth === 'admin') {
        await context.admin.check(request.headers.authorization, request.ip, context.nowMs());
      }
    },
    handler:
      options.nonce === 'with-write'
        ? async (request, reply) => {
            const answer = await handler(request, reply);
            // A handler that answered without writing still spends the nonce before its
            // answer leaves: a replayed request never gets a success.
            const pending = pendingNonces.get(request);
            if (pending !== undefined && !pending.taken) await pending.spend();
            return answer;
          }
        : handler,
  });
}

/** Sends a stored answer byte for byte (idempotent replays must be identical). */
export function sendStored(
  reply: FastifyReply,
  answer: { httpStatus: number; bodyText: string; replayed: boolean },
): FastifyReply {
  if (answer.replayed) void reply.header('idempotent-replayed', 'true');
  return reply
    .code(answer.httpStatus)
    .header('content-type', 'application/json; charset=utf-8')
    .send(answer.bodyText);
}
