/**
 * The payer's own app served by central at /app/ (built by `npm run build:app` into
 * app/dist). Same origin as the API, so the app needs no CORS. The page and the service worker
 * are revalidated on every load (a new release reaches payers at once); the content-hashed
 * files are cached for a year. Everything sits flat in app/dist (no subfolders to walk).
 * The CSP lets the page load only its own files and call only central.
 *
 * Text files go compressed (brotli, else gzip) to a browser that says it takes it: a payer on a
 * slow mobile link loads the first page several times faster (`npm run bench -- app`). The
 * build writes each one's `.br` and `.gz` beside it at the highest settings (app/vite.config.ts);
 * a file without them is compressed here, quickly, once, and kept in memory.
 */
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
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

/** woff2 and png are compressed already; compressing them again only costs time. */
const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json)|image\/svg)/;

type Encoding = 'br' | 'gzip';

/** The encoding to answer with: brotli when offered, else gzip, else none (q=0 refuses). */
export function chosenEncoding(acceptEncoding: string | undefined): Encoding | null {
  const offered = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((param) => /^\s*q=([0-9.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    if (name) offered.set(name, q === undefined ? 1 : Number(q));
  }
  for (const encoding of ['br', 'gzip'] as const) {
    if ((offered.get(encoding) ?? 0) > 0) return encoding;
  }
  return null;
}

/** Compressed files by path, encoding, size and mtime: a new build makes new entries. */
const compressed = new Map<string, Buffer>();
const COMPRESSED_ENTRIES_MAX = 200;

async function compressedFile(path: string, bytes: Buffer, encoding: Encoding): Promise<Buffer> {
  const built = await readFile(`${path}.${encoding === 'br' ? 'br' : 'gz'}`).catch(() => null);
  if (built !== null) return built;
  const { size, mtimeMs } = await stat(path);
  const key = `${path}\0${encoding}\0${size}\0${mtimeMs}`;
  const known = compressed.get(key);
  if (known !== undefined) return known;
  const packed =
    encoding === 'br'
      ? brotliCompressSync(bytes, {
          params: {
            // Quality 5: a tenth of 11's time for 10 % more bytes, paid while a payer waits.
            [zlibConstants.BROTLI_PARAM_QUALITY]: 5,
            [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        })
      : gzipSync(bytes, { level: 6 });
  if (compressed.size >= COMPRESSED_ENTRIES_MAX) compressed.clear();
  compressed.set(key, packed);
  return packed;
}

async function sendFile(
  reply: FastifyReply,
  dir: string,
  name: string,
  cacheControl: string,
  acceptEncoding: string | undefined,
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
  if (!COMPRESSIBLE.test(type)) return reply.send(bytes);
  void reply.header('vary', 'accept-encoding');
  const encoding = chosenEncoding(acceptEncoding);
  if (encoding === null) return reply.send(bytes);
  const packed = await compressedFile(join(dir, name), bytes, encoding);
  return reply.header('content-encoding', encoding).send(packed);
}

export function registerAppStatic(context: RouteContext, distDir = APP_DIST_DIR): void {
  route(context, 'GET', '/app/', 'none', (request, reply) =>
    sendFile(reply, distDir, 'index.html', 'no-cache', request.headers['accept-encoding']),
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
      request.headers['accept-encoding'],
    );
  });
}
