/**
 * A payer's web app on its own site calls central from a browser: CORS headers for the listed
 * origins on the payer routes only; a preflight is answered; other origins and the kiosk-only
 * routes get nothing, so a browser refuses to read their answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCorsOrigins } from '../../central/cors.ts';
import { startTestCentral, type TestCentral } from '../support/central-harness.ts';

const APP = 'https://pay.example.ru';
let server: TestCentral;

beforeAll(async () => {
  server = await startTestCentral({ corsOrigins: [APP] });
});
afterAll(async () => {
  await server.stop();
});

const request = (method: string, path: string, headers: Record<string, string>) =>
  fetch(`${server.central.url}${path}`, { method, headers });

describe('CORS for payer web apps', () => {
  it('answers a preflight from a listed origin for a payer route', async () => {
    const answer = await request('OPTIONS', '/v1/payer/login', {
      origin: APP,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP);
    expect(answer.headers.get('access-control-allow-methods')).toContain('POST');
    expect(answer.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('marks real answers (errors included) readable for that origin', async () => {
    const answer = await request('GET', '/v1/payer/profile', { origin: APP });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP);
    expect(answer.headers.get('vary')).toContain('Origin');
  });

  it('gives nothing to another origin, nor on kiosk-only routes', async () => {
    const stranger = await request('GET', '/v1/payer/profile', { origin: 'https://evil.example' });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const kioskOnly = await request('OPTIONS', '/v1/terminal/wallet-top-ups', { origin: APP });
    expect(kioskOnly.headers.get('access-control-allow-origin')).toBeNull();
    expect(kioskOnly.status).toBe(404);
  });

  it('refuses a malformed origin in the configuration instead of ignoring it', () => {
    expect(parseCorsOrigins('https://a.ru, http://b.ru:8080')).toEqual([
      'https://a.ru',
      'http://b.ru:8080',
    ]);
    expect(parseCorsOrigins('https://a.ru/path')).toEqual({ invalid: 'https://a.ru/path' });
    expect(parseCorsOrigins('*')).toEqual({ invalid: '*' });
    expect(parseCorsOrigins(undefined)).toEqual([]);
  });
});
