import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppPath } from '../../main/hosts/electron-protocol.ts';

const secret = 'SECRET-LEDGER-KEY';
let base: string;
let root: string;
const refusals: string[] = [];
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(path.join(tmpdir(), 'kiosk-protocol-'));
  root = path.join(base, 'renderer', 'dist');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Kiosk</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(base, 'secret.txt'), secret);
  writeFileSync(path.join(base, 'renderer', 'secret.txt'), secret);
  // A sibling whose name starts with the root's name must not count as inside it.
  mkdirSync(`${root}-evil`);
  writeFileSync(path.join(`${root}-evil`, 'x.js'), secret);
  symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'link.txt'));
  handle = createAppProtocolHandler(root, (_url, reason) => refusals.push(reason));
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('app:// protocol', () => {
  it('serves index.html at / with a strict CSP', async () => {
    const response = await get('app://kiosk/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Kiosk</title>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves assets with their content type', async () => {
    const response = await get('app://kiosk/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log(1)');
  });

  it.each([
    'app://kiosk/..%2f..%2fsecret.txt',
    'app://kiosk/..%2fsecret.txt',
    'app://kiosk/assets/..%2f..%2f..%2fsecret.txt',
    'app://kiosk/..%5c..%5csecret.txt',
    'app://kiosk/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://kiosk/..%2fdist-evil%2fx.js',
    'app://kiosk/index.html%00.png',
    'app://kiosk/assets/link.txt',
  ])('refuses %s without leaking the file', async (url) => {
    const before = refusals.length;
    const response = await get(url);
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain(secret);
    expect(refusals.length).toBe(before + 1);
  });

  it.each([
    'app://kiosk/../../secret.txt',
    'app://kiosk/%2e%2e/%2e%2e/secret.txt',
    'app://kiosk/./../secret.txt',
  ])('%s is normalised by the URL parser to a path inside the root (404)', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(secret);
  });

  it('refuses another host, a bad escape and non-GET methods', async () => {
    expect((await get('app://other/index.html')).status).toBe(400);
    expect((await get('app://kiosk/%E0%A4%A')).status).toBe(400);
    expect((await get('app://kiosk/index.html', 'POST')).status).toBe(405);
  });

  it('says the renderer is not built when index.html is missing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'kiosk-empty-'));
    const response = await createAppProtocolHandler(empty, () => {})(new Request('app://kiosk/'));
    expect(response.status).toBe(503);
    rmSync(empty, { recursive: true, force: true });
  });

  it('property: a resolved path is always inside the root', () => {
    const segment = fc.constantFrom(
      '..',
      '.',
      '%2e%2e',
      '%2E%2E',
      '..%2f',
      '%2f',
      '%5c',
      'a',
      'assets',
      'index.html',
      '',
      '%00',
      '~',
      '%252e%252e',
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (segments) => {
        const result = resolveAppPath(root, `app://kiosk/${segments.join('/')}`);
        if (result.ok) expect(result.value.startsWith(root + path.sep)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
