/**
 * The payer's own app served by central at /app/ (built by `npm run build:app` into
 * app/dist). Same origin as the API, so the app needs no CORS. The page and the service worker
 * are revalidated on every load (a new release reaches payers at once); the content-hashed
 * files are cached for a year. Everything sits flat in app/dist (no subfolders to walk).
 * The CSP lets the page load only its own files and call only central.
 */
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { FastifyReply } from 'fastify';
import { ApiFailure, apiError } from '../errors.ts';
import { type RouteContext, route } from '../http.ts';

export const APP_DIST_DIR = join(import.meta.dirname, '..', '..', 'app', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

async function sendFile(
  reply: FastifyReply,
  dir: string,
  name: string,
  cacheControl: string,
): Promise<FastifyReply> {
  const type = TYPES[extname(name)];
  let bytes: Buffer;
  try {
    if (!FILE_NAME.test(name) || type === undefined) throw new Error('not served');
    bytes = await readFile(join(dir, name));
  } catch {
    const why = `no app file ${name} (is the app built? npm run build:app)`;
    throw new ApiFailure(apiError(404, 'not-found', why));
  }
  void reply
    .header('content-type', type)
    .header('cache-control', cacheControl)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer');
  if (type.startsWith('text/html')) {
    void reply.header('content-security-policy', CSP).header('x-frame-options', 'DENY');
  }
  if (name === 'sw.js') void reply.header('service-worker-allowed', '/app/');
  return reply.send(bytes);
}

export function registerAppStatic(context: RouteContext, distDir = APP_DIST_DIR): void {
  route(context, 'GET', '/app/', 'none', (_request, reply) =>
    sendFile(reply, distDir, 'index.html', 'no-cache'),
  );
  route(context, 'GET', '/app/{file}', 'none', (request, reply) => {
    const { file } = request.params as { file: string };
    // Built files carry a content hash in their names (index-3f9a….js): they never change.
    const hashed = /-[A-Za-z0-9_-]{8}\.(js|css|woff2?)$/.test(file);
    return sendFile(
      reply,
      distDir,
      file,
      hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    );
  });
}
