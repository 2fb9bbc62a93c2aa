import { describe, expect, it } from 'vitest';
import {
  contentDigestValue,
  isFresh,
  parseContentDigest,
  parseSignature,
  parseSignatureInput,
  signatureBase,
  splitTarget,
} from './signing.ts';

const params = { createdSec: 1_700_000_000, nonce: 'abcdefghijklmnop', keyId: 'kiosk-1' };

describe('signatureBase', () => {
  it('builds the RFC 9421 base: one line per component, then @signature-params', () => {
    const { base, signatureInput } = signatureBase(
      {
        method: 'post',
        path: '/v1/x',
        query: '?',
        contentDigest: 'sha-256=:AAA=:',
        idempotencyKey: null,
      },
      { components: ['@method', '@path', '@query', 'content-digest'], params },
    );
    const value =
      '("@method" "@path" "@query" "content-digest");created=1700000000;nonce="abcdefghijklmnop";' +
      'keyid="kiosk-1";alg="ed25519";tag="kiosk-central-v1"';
    expect(base).toBe(
      [
        '"@method": POST',
        '"@path": /v1/x',
        '"@query": ?',
        '"content-digest": sha-256=:AAA=:',
        `"@signature-params": ${value}`,
      ].join('\n'),
    );
    expect(signatureInput).toBe(`kiosk=${value}`);
  });
});

describe('parsers', () => {
  const header =
    'kiosk=("@method" "@path" "@query" "content-digest");created=1700000000;' +
    'nonce="abcdefghijklmnop";keyid="kiosk-1";alg="ed25519";tag="kiosk-central-v1"';

  it('round-trips our own Signature-Input', () => {
    const parsed = parseSignatureInput(header, null);
    expect(parsed.ok && parsed.value.params).toEqual(params);
  });

  it('refuses other component lists, algorithms, tags, short nonces and bad key ids', () => {
    expect(parseSignatureInput(header, 'key').ok).toBe(false);
    expect(parseSignatureInput(header.replace(' "@query"', ''), null).ok).toBe(false);
    expect(parseSignatureInput(header.replace('ed25519', 'hmac-sha256'), null).ok).toBe(false);
    expect(parseSignatureInput(header.replace('kiosk-central-v1', 'other'), null).ok).toBe(false);
    expect(parseSignatureInput(header.replace('abcdefghijklmnop', 'short'), null).ok).toBe(false);
    expect(parseSignatureInput(header.replace('kiosk-1', 'kiosk 1'), null).ok).toBe(false);
    expect(parseSignatureInput('garbage', null).ok).toBe(false);
  });

  it('reads Signature and Content-Digest values and refuses malformed ones', () => {
    expect(parseSignature('kiosk=:QUJD:')).toEqual({ ok: true, value: 'QUJD' });
    expect(parseSignature('other=:QUJD:').ok).toBe(false);
    expect(parseSignature('kiosk=:not base64!:').ok).toBe(false);
    const digest = contentDigestValue('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    expect(parseContentDigest(digest).ok).toBe(true);
    expect(parseContentDigest('sha-512=:AAA=:').ok).toBe(false);
  });

  it('splits a target into @path and @query', () => {
    expect(splitTarget('/v1/a?b=1')).toEqual({ path: '/v1/a', query: '?b=1' });
    expect(splitTarget('/v1/a')).toEqual({ path: '/v1/a', query: '?' });
  });

  it('allows 300 s of clock skew each way', () => {
    expect(isFresh(1_000, 1_300)).toBe(true);
    expect(isFresh(1_000, 1_301)).toBe(false);
    expect(isFresh(1_301, 1_000)).toBe(false);
  });
});
