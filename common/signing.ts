/**
 * Request signing between a kiosk and the central API, in the shape of RFC 9421 (HTTP Message
 * Signatures) with Content-Digest (RFC 9530). Pure: this file builds and parses the strings;
 * the Ed25519 sign/verify and the SHA-256 digest live with node:crypto on each side
 * (main/sync/signing.ts, central/auth.ts), so both sides sign exactly the same bytes.
 *
 *   Content-Digest:  sha-256=:<base64>:
 *   Signature-Input: kiosk=("@method" "@path" "@query" "content-digest");created=<s>;
 *                    nonce="<nonce>";keyid="<terminal id>";alg="ed25519";tag="kiosk-central-v1"
 *   Signature:       kiosk=:<base64 Ed25519 signature over the signature base>:
 *
 * A request with an Idempotency-Key also signs "idempotency-key", so the key cannot be swapped;
 * one with a Payer-Session (a logged-in payer at the kiosk) also signs "payer-session", so a
 * relay cannot move the request into another payer's session. Without those headers the
 * component list is the original one, so old-style signatures keep verifying.
 */
import { err, ok, type Result } from './result.ts';

export const SIGNATURE_LABEL = 'kiosk';
export const SIGNATURE_TAG = 'kiosk-central-v1';
export const SIGNATURE_ALG = 'ed25519';
/** A signature older or newer than this is refused: kiosk clocks drift, but not by more. */
export const SIGNATURE_SKEW_SEC_MAX = 300;

const BASE_COMPONENTS = ['@method', '@path', '@query', 'content-digest'] as const;
const IDEMPOTENCY_COMPONENT = 'idempotency-key';
const PAYER_SESSION_COMPONENT = 'payer-session';

export const TERMINAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

export type SignedRequest = {
  method: string;
  /** Path as sent on the wire, without the query: "/v1/transfers". */
  path: string;
  /** "?a=1&b=2" as sent, or "?" when there is none (RFC 9421 §2.2.7). */
  query: string;
  /** The Content-Digest header value, see contentDigestValue(). */
  contentDigest: string;
  idempotencyKey: string | null;
  /** The Payer-Session header value; null or absent when the request carries none. */
  payerSession?: string | null;
};

export type SignatureParams = { createdSec: number; nonce: string; keyId: string };

export type SignatureInput = { components: readonly string[]; params: SignatureParams };

/** Splits a request target ("/v1/x?a=1") into the RFC 9421 @path and @query values. */
export function splitTarget(target: string): { path: string; query: string } {
  const mark = target.indexOf('?');
  if (mark < 0) return { path: target, query: '?' };
  return { path: target.slice(0, mark), query: target.slice(mark) };
}

export function contentDigestValue(sha256Base64: string): string {
  return `sha-256=:${sha256Base64}:`;
}

/** The components a request must sign: the optional headers exactly when it carries them. */
export function componentsFor(
  idempotencyKey: string | null,
  payerSession: string | null = null,
): readonly string[] {
  const components: string[] = [...BASE_COMPONENTS];
  if (idempotencyKey !== null) components.push(IDEMPOTENCY_COMPONENT);
  if (payerSession !== null) components.push(PAYER_SESSION_COMPONENT);
  return components;
}

function paramsValue(components: readonly string[], params: SignatureParams): string {
  const list = components.map((name) => `"${name}"`).join(' ');
  return (
    `(${list});created=${params.createdSec};nonce="${params.nonce}";keyid="${params.keyId}"` +
    `;alg="${SIGNATURE_ALG}";tag="${SIGNATURE_TAG}"`
  );
}

function componentValue(request: SignedRequest, name: string): string {
  switch (name) {
    case '@method':
      return request.method.toUpperCase();
    case '@path':
      return request.path;
    case '@query':
      return request.query;
    case 'content-digest':
      return request.contentDigest;
    case IDEMPOTENCY_COMPONENT:
      return request.idempotencyKey ?? '';
    case PAYER_SESSION_COMPONENT:
      return request.payerSession ?? '';
    default:
      return '';
  }
}

/**
 * The signature base (RFC 9421 §2.5) and the Signature-Input header value for a request.
 * Both sides call this with the same inputs; the signer signs `base`, the verifier rebuilds it.
 */
export function signatureBase(
  request: SignedRequest,
  input: SignatureInput,
): { base: string; signatureInput: string } {
  const value = paramsValue(input.components, input.params);
  const lines = input.components.map((name) => `"${name}": ${componentValue(request, name)}`);
  lines.push(`"@signature-params": ${value}`);
  return { base: lines.join('\n'), signatureInput: `${SIGNATURE_LABEL}=${value}` };
}

const INPUT_PATTERN = new RegExp(
  `^${SIGNATURE_LABEL}=\\(((?:"[a-z@-]+" ?)+)\\);created=(\\d{1,12});nonce="([^"]*)";` +
    `keyid="([^"]*)";alg="([^"]*)";tag="([^"]*)"$`,
);

/**
 * Parses our own Signature-Input form strictly (exact parameter order): the server only has
 * to accept what its kiosks send, and a strict parser leaves no room for ambiguity.
 */
export function parseSignatureInput(
  header: string,
  idempotencyKey: string | null,
  payerSession: string | null = null,
): Result<SignatureInput, string> {
  const match = INPUT_PATTERN.exec(header.trim());
  if (match === null) return err('Signature-Input is not in the expected form');
  const [, list, created, nonce, keyId, alg, tag] = match;
  const components = (list ?? '')
    .trim()
    .split(' ')
    .map((quoted) => quoted.slice(1, -1));
  const expected = componentsFor(idempotencyKey, payerSession);
  if (components.join(' ') !== expected.join(' ')) {
    return err(`Signature-Input must cover exactly ${expected.join(' ')}`);
  }
  if (alg !== SIGNATURE_ALG) return err(`unsupported alg "${alg}"`);
  if (tag !== SIGNATURE_TAG) return err(`unexpected tag "${tag}"`);
  if (!NONCE_PATTERN.test(nonce ?? '')) return err('nonce must be 16–64 base64url characters');
  if (!TERMINAL_ID_PATTERN.test(keyId ?? '')) return err('keyid is not a terminal id');
  const createdSec = Number(created);
  return ok({ components, params: { createdSec, nonce: nonce!, keyId: keyId! } });
}

/** Extracts the base64 signature from `kiosk=:…:`. */
export function parseSignature(header: string): Result<string, string> {
  const prefix = `${SIGNATURE_LABEL}=:`;
  const value = header.trim();
  if (!value.startsWith(prefix) || !value.endsWith(':')) {
    return err('Signature is not in the form kiosk=:<base64>:');
  }
  const signature = value.slice(prefix.length, -1);
  if (!BASE64_PATTERN.test(signature) || signature.length > 200) {
    return err('Signature is not base64');
  }
  return ok(signature);
}

/** Extracts the base64 SHA-256 from `sha-256=:…:`. */
export function parseContentDigest(header: string): Result<string, string> {
  const match = /^sha-256=:([A-Za-z0-9+/]{43}=):$/.exec(header.trim());
  if (match === null) return err('Content-Digest must be sha-256=:<base64>:');
  return ok(match[1]!);
}

/** True when the signature's created time is within the allowed skew of `nowSec`. */
export function isFresh(createdSec: number, nowSec: number): boolean {
  return Math.abs(nowSec - createdSec) <= SIGNATURE_SKEW_SEC_MAX;
}
