/**
 * The HTTP plumbing shared by every route: raw-body JSON parsing (the signature covers the
 * exact bytes), route registration from openapi.yaml, authentication hooks and error bodies.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assert } from '../common/assert.ts';
import { checkAdmin, type TerminalVerifier } from './auth.ts';
import { ApiFailure, apiError, errorBody } from './errors.ts';
import { type OpenApiOperation, toFastifyPath } from './openapi.ts';

const rawBodies = new WeakMap<FastifyRequest, Buffer>();
const terminals = new WeakMap<FastifyRequest, string>();
const EMPTY = Buffer.alloc(0);

export function rawBodyOf(request: FastifyRequest): Buffer {
  return rawBodies.get(request) ?? EMPTY;
}

/** The terminal a signed request came from; only called on routes with auth 'terminal'. */
export function terminalOf(request: FastifyRequest): string {
  const terminalId = terminals.get(request);
  assert(terminalId !== undefined, 'terminalOf: route is not terminal-authenticated');
  return terminalId;
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
    request.log.error({ err: error }, 'unhandled error');
    void reply.code(500).send(errorBody('internal', 'internal server error'));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(errorBody('not-found', `no route ${request.method} ${request.url}`));
  });
}

export type Auth = 'none' | 'terminal' | 'admin';

export type RouteContext = {
  app: FastifyInstance;
  operations: ReadonlyMap<string, OpenApiOperation>;
  verifier: TerminalVerifier;
  adminToken: string | null;
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
): void {
  const operation = context.operations.get(`${method} ${path}`);
  assert(operation !== undefined, `route ${method} ${path} is not in openapi.yaml`);
  context.app.route({
    method,
    url: toFastifyPath(path),
    schema: operation.schemas,
    preValidation: async (request) => {
      if (auth === 'terminal') {
        const verified = context.verifier.verify(
          {
            method: request.method,
            url: request.url,
            headers: request.headers,
            rawBody: rawBodyOf(request),
          },
          context.nowMs(),
        );
        if (!verified.ok) throw new ApiFailure(verified.error);
        terminals.set(request, verified.value);
      } else if (auth === 'admin') {
        const checked = checkAdmin(request.headers.authorization, context.adminToken);
        if (!checked.ok) throw new ApiFailure(checked.error);
      }
    },
    handler,
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
