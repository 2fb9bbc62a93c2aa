import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  parseSignature,
  parseSignatureInput,
  signatureBase,
  splitTarget,
} from '../../common/signing.ts';
import { generateTerminalKeys, sha256Base64, signRequest } from './signing.ts';

const keys = generateTerminalKeys();

function sign(overrides: Partial<Parameters<typeof signRequest>[0]> = {}) {
  return signRequest({
    method: 'post',
    target: '/v1/transfers?x=1',
    body: '{"a":1}',
    terminalId: 'kiosk-7',
    privateKeyPem: keys.privateKeyPem,
    idempotencyKey: null,
    nowMs: 1_764_000_000_123,
    ...overrides,
  });
}

/** Verifies headers the way central does, from the shared signature base. */
function verifies(headers: Record<string, string>, method: string, target: string): boolean {
  const input = parseSignatureInput(
    headers['signature-input']!,
    headers['idempotency-key'] ?? null,
    headers['payer-session'] ?? null,
  );
  const signature = parseSignature(headers.signature!);
  if (!input.ok || !signature.ok) return false;
  const { path, query } = splitTarget(target);
  const request = {
    method,
    path,
    query,
    contentDigest: headers['content-digest']!,
    idempotencyKey: headers['idempotency-key'] ?? null,
    payerSession: headers['payer-session'] ?? null,
  };
  const { base } = signatureBase(request, input.value);
  const key = createPublicKey(keys.publicKeyPem);
  return verify(null, Buffer.from(base), key, Buffer.from(signature.value, 'base64'));
}

describe('generateTerminalKeys', () => {
  it('makes an Ed25519 pair in PEM', () => {
    expect(keys.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(createPublicKey(keys.publicKeyPem).asymmetricKeyType).toBe('ed25519');
  });
});

describe('signRequest', () => {
  it('digests the exact body and signs method, path, query and digest', () => {
    const headers = sign();
    expect(headers['content-digest']).toBe(`sha-256=:${sha256Base64('{"a":1}')}:`);
    expect(headers['signature-input']).toBe(
      'kiosk=("@method" "@path" "@query" "content-digest");created=1764000000;' +
        `nonce="${/nonce="([^"]+)"/.exec(headers['signature-input']!)![1]}";keyid="kiosk-7";` +
        'alg="ed25519";tag="kiosk-central-v1"',
    );
    expect(verifies(headers, 'POST', '/v1/transfers?x=1')).toBe(true);
  });

  it('a different method, path or query no longer verifies', () => {
    const headers = sign();
    expect(verifies(headers, 'GET', '/v1/transfers?x=1')).toBe(false);
    expect(verifies(headers, 'POST', '/v1/transfers?x=2')).toBe(false);
    expect(verifies(headers, 'POST', '/v1/transfer?x=1')).toBe(false);
  });

  it('covers the Idempotency-Key when there is one', () => {
    const headers = sign({ idempotencyKey: 'key-1' });
    expect(headers['signature-input']).toContain('"content-digest" "idempotency-key")');
    expect(verifies(headers, 'POST', '/v1/transfers?x=1')).toBe(true);
    expect(verifies({ ...headers, 'idempotency-key': 'key-2' }, 'POST', '/v1/transfers?x=1')).toBe(
      false,
    );
  });

  it('covers the Payer-Session: swapped or dropped, it no longer verifies', () => {
    const headers = sign({ idempotencyKey: 'key-1', payerSession: 'session-of-payer-a-0000' });
    expect(headers['payer-session']).toBe('session-of-payer-a-0000');
    expect(headers['signature-input']).toContain(
      '"content-digest" "idempotency-key" "payer-session")',
    );
    expect(verifies(headers, 'POST', '/v1/transfers?x=1')).toBe(true);
    const swapped = { ...headers, 'payer-session': 'session-of-payer-b-0000' };
    expect(verifies(swapped, 'POST', '/v1/transfers?x=1')).toBe(false);
    const { 'payer-session': _dropped, ...without } = headers;
    expect(verifies(without, 'POST', '/v1/transfers?x=1')).toBe(false);
  });

  it('without a Payer-Session the component list is the original one', () => {
    expect(sign({ payerSession: null })['signature-input']).toContain('"content-digest");');
    expect(sign({ payerSession: null })['payer-session']).toBeUndefined();
  });

  it('uses a fresh nonce each time unless one is given', () => {
    const nonce = (headers: Record<string, string>) =>
      /nonce="([^"]+)"/.exec(headers['signature-input']!)![1];
    expect(nonce(sign())).not.toBe(nonce(sign()));
    expect(nonce(sign({ nonce: 'fixed-nonce-000000000' }))).toBe('fixed-nonce-000000000');
  });
});
