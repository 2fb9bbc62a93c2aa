/**
 * The console app's files (console/dist, built by `npm run build:console`) at /console/. The
 * app routes inside the page (#/fleet, #/terminal/…), so three routes serve it all. Strict
 * content security policy: scripts, styles and fonts only from here, no inline script.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RouteContext, route } from '../http.ts';

export const CONSOLE_DIST = join(import.meta.dirname, '..', '..', 'console', 'dist');

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  woff2: 'font/woff2',
  woff: 'font/woff',
  svg: 'image/svg+xml',
  png: 'image/png',
};

const NOT_BUILT =
  '<!doctype html><meta charset="utf-8"><title>Console</title>' +
  '<p>The console is not built: run <code>npm run build:console</code>.</p>';

export function registerConsoleStatic(context: RouteContext, dist = CONSOLE_DIST): void {
  const secure = (reply: import('fastify').FastifyReply) =>
    reply
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer');

  route(context, 'GET', '/console/', 'none', async (_request, reply) => {
    const file = join(dist, 'index.html');
    const built = existsSync(file);
    return secure(reply)
      .code(built ? 200 : 503)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(built ? readFileSync(file) : NOT_BUILT);
  });

  route(context, 'GET', '/console/assets/{file}', 'none', async (request, reply) => {
    const { file } = request.params as { file: string };
    const extension = /^[A-Za-z0-9_.-]+\.([a-z0-9]+)$/.exec(file)?.[1];
    const type = extension === undefined ? undefined : TYPES[extension];
    const path = join(dist, 'assets', file);
    if (type === undefined || file.includes('..') || !existsSync(path)) {
      return reply.code(404).send({ error: { code: 'not-found', message: 'no such file' } });
    }
    // Vite names each built file by its content hash: it never changes under one name.
    return secure(reply)
      .header('content-type', type)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(readFileSync(path));
  });
}
