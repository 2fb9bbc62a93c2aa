/**
 * Central serves the payer's app at /app/: the page with a strict CSP, the manifest an
 * installable app needs, and a service worker whose precache list is the shell alone — never
 * an API path, so no answer with a payer's data can end up in its cache.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIST_DIR, chosenEncoding } from '../../central/payer/app-static.ts';
import { startTestCentral, type TestCentral } from '../support/central-harness.ts';
import { ensureAppBuilt } from './payer-app-support.ts';

let server: TestCentral;

beforeAll(async () => {
  ensureAppBuilt();
  server = await startTestCentral({ paymentProvider: null });
});

afterAll(async () => {
  await server.stop();
});

const get = (target: string) => fetch(`${server.central.url}${target}`);

/** The bytes as sent (fetch would decode them), with the headers. */
function raw(target: string, acceptEncoding: string | null) {
  return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const headers = acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding };
    const sent = request(`${server.central.url}${target}`, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('compression of the app files', () => {
  const script = readdirSync(APP_DIST_DIR).find((name) => /^index-.*\.js$/.test(name))!;
  const icon = readdirSync(APP_DIST_DIR).find((name) => name.endsWith('.png'))!;

  it('brotli when offered, else gzip, else the plain file; each decodes to the file itself', async () => {
    const file = readFileSync(path.join(APP_DIST_DIR, script));
    const br = await raw(`/app/${script}`, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(br.body.length).toBeLessThan(file.length / 3);
    expect(brotliDecompressSync(br.body).equals(file)).toBe(true);
    const gzip = await raw(`/app/${script}`, 'gzip');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).equals(file)).toBe(true);
    const plain = await raw(`/app/${script}`, null);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(file)).toBe(true);
    const page = await raw('/app/', 'br');
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('sends images as they are: PNG is compressed already', async () => {
    const sent = await raw(`/app/${icon}`, 'br, gzip');
    expect(sent.headers['content-encoding']).toBeUndefined();
    expect(sent.body.equals(readFileSync(path.join(APP_DIST_DIR, icon)))).toBe(true);
  });

  it("brings no web font: the phone's own UI font has every letter of the five languages", () => {
    expect(readdirSync(APP_DIST_DIR).filter((name) => /\.woff2?$/.test(name))).toEqual([]);
  });

  it('reads Accept-Encoding as browsers and proxies write it, q=0 refusing', () => {
    expect(chosenEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(chosenEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(chosenEncoding('identity')).toBeNull();
    expect(chosenEncoding(undefined)).toBeNull();
    expect(chosenEncoding('GZIP')).toBe('gzip');
  });
});

describe('the app at /app/', () => {
  it('serves the page revalidated on every load, under a CSP that allows only itself', async () => {
    const page = await get('/app/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('<link rel="manifest" href="/app/manifest.webmanifest"');
    const script = /src="(\/app\/[^"/]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await get(script!);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('has a manifest an installable app needs, with icons that are real PNGs', async () => {
    const response = await get('/app/manifest.webmanifest');
    expect(response.headers.get('content-type')).toBe('application/manifest+json');
    const manifest = (await response.json()) as {
      start_url: string;
      scope: string;
      display: string;
      icons: { src: string; sizes: string }[];
    };
    expect(manifest).toMatchObject({ start_url: '/app/', scope: '/app/', display: 'standalone' });
    const sizes = manifest.icons.map((icon) => icon.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) {
      const png = Buffer.from(await (await get(`/app/${icon.src}`)).arrayBuffer());
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      const width = png.readUInt32BE(16);
      expect(`${width}x${png.readUInt32BE(20)}`).toBe(icon.sizes);
    }
  });

  it('the service worker precaches the shell files only and never an API path', async () => {
    const response = await get('/app/sw.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('service-worker-allowed')).toBe('/app/');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const source = await response.text();
    const list = JSON.parse(
      /const SHELL_FILES = (\[[^\]]*\]);/.exec(source)?.[1] ?? '[]',
    ) as string[];
    expect(list).toContain('./');
    expect(list).toContain('./manifest.webmanifest');
    expect(list.length).toBeGreaterThan(4);
    for (const file of list) {
      expect(file.startsWith('./')).toBe(true);
      expect(file).not.toContain('v1');
      const served = await get(new URL(file, `${server.central.url}/app/`).pathname);
      expect(served.status, file).toBe(200);
    }
    // The worker leaves everything outside its scope (the API) to the network.
    expect(source).toContain('if (!url.pathname.startsWith(scope.pathname)) return;');
    expect(source).not.toMatch(/cache\.put/);
    const onDisk = readFileSync(path.join(APP_DIST_DIR, 'sw.js'), 'utf8');
    expect(onDisk).toBe(source);
  });

  it('refuses names outside the app and paths that try to leave it', async () => {
    expect((await get('/app/central.sqlite')).status).toBe(404);
    // The path parameters' pattern refuses them before any file is looked at.
    for (const target of ['/app/..%2Fpackage.json', '/app/..%2F..%2Fpackage.json']) {
      const refused = await get(target);
      expect(refused.status, target).toBe(400);
      expect(await refused.text()).not.toContain('"devDependencies"');
    }
    expect((await get('/app/missing.js')).status).toBe(404);
  });

  it('without a provider: no webhook endpoint to talk to', async () => {
    const response = await fetch(`${server.central.url}/v1/payment-provider/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'notification', event: 'payment.succeeded', object: {} }),
    });
    expect(response.status).toBe(404);
  });
});
