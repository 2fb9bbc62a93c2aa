import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../../common/result.ts';
import { appHost, appScheme, contentSecurityPolicy } from './electron-security.ts';

/**
 * `app://kiosk/…` serves the built renderer and nothing else. A custom secure scheme instead of
 * file:// gives the page a real origin (for the CSP and the IPC sender check) and keeps the rest
 * of the disk out of reach.
 */
export const appSchemePrivileges = {
  scheme: appScheme,
  // corsEnabled: vite emits <script type="module" crossorigin>, which loads in CORS mode.
  privileges: {
    standard: true,
    secure: true,
    supportFetchAPI: true,
    corsEnabled: true,
    codeCache: true,
  },
} as const;

export type AppFileRefusal = { kind: 'bad-url' | 'bad-host' | 'traversal' | 'bad-method' };

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

/** Maps an app:// URL to a path inside `rootDir`, or says why not. Pure: no disk access. */
export function resolveAppPath(rootDir: string, url: string): Result<string, AppFileRefusal> {
  let parsed: URL;
  let pathname: string;
  try {
    parsed = new URL(url);
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return err({ kind: 'bad-url' });
  }
  if (parsed.protocol !== `${appScheme}:`) return err({ kind: 'bad-url' });
  if (parsed.host !== appHost) return err({ kind: 'bad-host' });
  // NUL and backslashes never name a renderer file; on Windows `\` would be a separator.
  if (pathname.includes('\0') || pathname.includes('\\')) return err({ kind: 'traversal' });
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.slice(1);
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return err({ kind: 'traversal' });
  return ok(file);
}

function textResponse(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'",
    },
  });
}

/** The `protocol.handle` handler. It never throws: every failure is a 4xx/5xx response. */
export function createAppProtocolHandler(
  rootDir: string,
  onRefused: (url: string, reason: string) => void,
): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        onRefused(request.url, 'bad-method');
        return textResponse(405, 'Method not allowed');
      }
      const resolved = resolveAppPath(rootDir, request.url);
      if (!resolved.ok) {
        onRefused(request.url, resolved.error.kind);
        return textResponse(resolved.error.kind === 'traversal' ? 403 : 400, 'Refused');
      }
      const file = await checkedRealPath(rootDir, resolved.value);
      if (file === 'outside') {
        onRefused(request.url, 'symlink-escape');
        return textResponse(403, 'Refused');
      }
      if (file === null) {
        const isIndex = resolved.value === path.resolve(rootDir, 'index.html');
        return isIndex
          ? textResponse(503, 'Renderer is not built: run `npm run build:renderer`.')
          : textResponse(404, 'Not found');
      }
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          'Content-Type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
          'Content-Security-Policy': contentSecurityPolicy,
          'X-Content-Type-Options': 'nosniff',
          'Referrer-Policy': 'no-referrer',
          'Cache-Control': 'no-cache',
        },
      });
    } catch (error) {
      onRefused(request.url, `error: ${String(error).slice(0, 200)}`);
      return textResponse(500, 'Internal error');
    }
  };
}

/** The real path of a regular file, 'outside' if a symlink leads out of the root, else null. */
async function checkedRealPath(rootDir: string, file: string): Promise<string | 'outside' | null> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  const [realRoot, realFile] = await Promise.all([realpath(rootDir), realpath(file)]);
  return realFile.startsWith(realRoot + path.sep) ? realFile : 'outside';
}
