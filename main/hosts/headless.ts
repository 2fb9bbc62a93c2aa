import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { WireEvent } from '../../common/contract.ts';
import type { Logger } from '../log.ts';
import type { Dispatcher } from './dispatch.ts';
import { createWsEndpoint, type WsEndpoint } from './ws-endpoint.ts';

/**
 * The headless host: the built renderer over HTTP on 127.0.0.1 and the contract over a
 * WebSocket that needs this run's random token and a same-origin page. Used by `npm start`
 * where Electron is absent, by the e2e tests, and by anyone testing the kiosk from outside.
 */
export type EventSource = {
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
};

export type WsApp = { dispatch: Dispatcher; events: EventSource };

export type HeadlessOptions = {
  port: number;
  /** Built renderer (vite output): index.html for the kiosk, panel.html for the emulator panel. */
  staticDir: string;
  kiosk: WsApp;
  /** The emulator panel and test control; present only when devices are emulated. */
  panel: WsApp | null;
  log: Logger;
  /** For tests; by default a fresh random token per run. */
  token?: string;
};

export type HeadlessHost = {
  url: string;
  panelUrl: string | null;
  port: number;
  token: string;
  close(): Promise<void>;
};

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export async function startHeadlessHost(options: HeadlessOptions): Promise<HeadlessHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log.child({ host: 'headless' });
  const kioskWs = createWsEndpoint('ws', options.kiosk.dispatch, log);
  const panelWs = options.panel ? createWsEndpoint('panel', options.panel.dispatch, log) : null;
  const unsubscribers = [forward(options.kiosk.events, kioskWs)];
  if (options.panel && panelWs) unsubscribers.push(forward(options.panel.events, panelWs));

  let port = options.port;
  const server = createServer((request, response) => {
    serveStatic(request, response, options.staticDir, port, log).catch((error: unknown) => {
      log.error({ err: error, url: request.url }, 'static serving failed');
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const endpoint =
      url.pathname === '/ws' ? kioskWs : url.pathname === '/panel-ws' ? panelWs : null;
    const refusal = endpoint ? checkUpgrade(request, url, token, port) : 'unknown endpoint';
    if (refusal !== null || endpoint === null) {
      log.warn(
        { refusal, origin: request.headers.origin, path: url.pathname },
        'refused websocket',
      );
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    endpoint.handleUpgrade(request, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/?token=${token}`,
    panelUrl: panelWs ? `${base}/panel.html?token=${token}` : null,
    port,
    token,
    async close() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      await kioskWs.close();
      await panelWs?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function forward(events: EventSource, endpoint: WsEndpoint): () => void {
  return events.subscribe((event, payload) => {
    const message: WireEvent = { event, payload };
    endpoint.broadcast(message);
  });
}

/** Returns why an upgrade is refused, or null. Token, Host and Origin must all match. */
function checkUpgrade(
  request: IncomingMessage,
  url: URL,
  token: string,
  port: number,
): string | null {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(request.headers.host ?? '')) return 'bad host';
  const origin = request.headers.origin;
  if (!origin || !allowedHosts.some((host) => origin === `http://${host}`)) return 'bad origin';
  const given = Buffer.from(url.searchParams.get('token') ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad token';
  return null;
}

function securityHeaders(port: number): Record<string, string> {
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}

async function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  staticDir: string,
  port: number,
  log: Logger,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const relative = decodedPath(url.pathname === '/' ? '/index.html' : url.pathname);
  if (relative === null) {
    // The client's mistake, not ours: one line, no stack.
    log.warn({ url: request.url?.slice(0, 200) }, 'malformed percent-encoding in a path: 400');
    response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request');
    return;
  }
  const root = path.resolve(staticDir);
  const file = path.resolve(root, `.${relative}`);
  if (!file.startsWith(root + path.sep)) {
    response.writeHead(403).end();
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    const missingBuild = relative === '/index.html';
    response
      .writeHead(missingBuild ? 503 : 404, { 'Content-Type': 'text/plain; charset=utf-8' })
      .end(missingBuild ? 'Renderer is not built: run `npm run build:renderer`.' : 'Not found');
    return;
  }
  const type = contentTypes[path.extname(file)] ?? 'application/octet-stream';
  const cache = relative.startsWith('/assets/')
    ? 'public, max-age=31536000, immutable'
    : 'no-cache';
  response.writeHead(200, {
    'Content-Type': type,
    'Cache-Control': cache,
    ...securityHeaders(port),
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  response.end(await readFile(file));
}

function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}
