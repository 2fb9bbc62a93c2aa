/**
 * Central serves the payer's app at /app/: the page with a strict CSP, the manifest an
 * installable app needs, and a service worker whose precache list is the shell alone — never
 * an API path, so no answer with a payer's data can end up in its cache.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIST_DIR } from '../../central/payer/app-static.ts';
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
