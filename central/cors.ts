/**
 * CORS for a payer's web app served from another origin (its own site): only the routes such an
 * app may call (payer, catalogue, search, public tracking), only for origins the operator lists
 * (CENTRAL_CORS_ORIGINS). Kiosks and mobile apps do not send Origin and are not affected.
 * Credentials are never allowed: the app sends its session as a bearer token, not a cookie.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const PAYER_APP_PATHS = [
  /^\/v1\/payer\//,
  /^\/v1\/public\/transfers\//,
  /^\/v1\/(regions|facilities|inmates\/search)(\?|$)/,
];
const ALLOWED_HEADERS = 'authorization, content-type, idempotency-key';
const PREFLIGHT_CACHE_S = 600;

/** `https://pay.example.ru` → itself; anything that is not a bare origin → null. */
export function parseOrigin(raw: string): string | null {
  try {
    const url = new URL(raw);
    const bare = `${url.protocol}//${url.host}`;
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return raw.replace(/\/$/, '') === bare ? bare : null;
  } catch {
    return null;
  }
}

/** CENTRAL_CORS_ORIGINS: comma-separated origins; a malformed one is an error, not ignored. */
export function parseCorsOrigins(raw: string | undefined): string[] | { invalid: string } {
  if (raw === undefined || raw.trim() === '') return [];
  const origins: string[] = [];
  for (const piece of raw.split(',').map((part) => part.trim())) {
    const origin = parseOrigin(piece);
    if (origin === null) return { invalid: piece };
    origins.push(origin);
  }
  return origins;
}

export function installCors(app: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  const applies = (request: FastifyRequest): string | null => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !allowed.has(origin)) return null;
    return PAYER_APP_PATHS.some((path) => path.test(request.url)) ? origin : null;
  };
  const grant = (reply: FastifyReply, origin: string) =>
    reply
      .header('access-control-allow-origin', origin)
      .header('vary', 'Origin')
      .header('access-control-expose-headers', 'retry-after, idempotent-replayed');
  app.addHook('onRequest', async (request, reply) => {
    const origin = applies(request);
    if (origin === null) return;
    grant(reply, origin);
    if (request.method !== 'OPTIONS') return;
    // A preflight: answered here, before routing (there are no OPTIONS routes).
    await reply
      .header('access-control-allow-methods', 'GET, POST')
      .header('access-control-allow-headers', ALLOWED_HEADERS)
      .header('access-control-max-age', String(PREFLIGHT_CACHE_S))
      .code(204)
      .send();
  });
}
