/**
 * The kiosk's side of request signing: Ed25519 keys from node:crypto and the headers of one
 * signed request. The strings themselves come from common/signing.ts, shared with central.
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import {
  componentsFor,
  contentDigestValue,
  signatureBase,
  splitTarget,
} from '../../common/signing.ts';

export type TerminalKeys = { privateKeyPem: string; publicKeyPem: string };

/** A fresh Ed25519 key pair; the private key never leaves the kiosk's data directory. */
export function generateTerminalKeys(): TerminalKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export function sha256Base64(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('base64');
}

export type SignArgs = {
  method: string;
  /** Request target as it goes on the wire: path plus query, e.g. "/v1/facilities?regionId=77". */
  target: string;
  /** Exact body bytes sent ('' for none): the digest covers what the server receives. */
  body: string;
  terminalId: string;
  privateKeyPem: string;
  idempotencyKey: string | null;
  /** A logged-in payer's session token, sent as Payer-Session and covered by the signature. */
  payerSession?: string | null;
  nowMs: number;
  /** Only tests pass a nonce, to replay one on purpose. */
  nonce?: string;
};

/** Headers to add to a request so central can authenticate it and refuse a replay. */
export function signRequest(args: SignArgs): Record<string, string> {
  const { path, query } = splitTarget(args.target);
  const payerSession = args.payerSession ?? null;
  const contentDigest = contentDigestValue(sha256Base64(args.body));
  const params = {
    createdSec: Math.floor(args.nowMs / 1000),
    nonce: args.nonce ?? randomBytes(18).toString('base64url'),
    keyId: args.terminalId,
  };
  const request = {
    method: args.method,
    path,
    query,
    contentDigest,
    idempotencyKey: args.idempotencyKey,
    payerSession,
  };
  const components = componentsFor(args.idempotencyKey, payerSession);
  const { base, signatureInput } = signatureBase(request, { components, params });
  const key = createPrivateKey(args.privateKeyPem);
  const signature = sign(null, Buffer.from(base, 'utf8'), key).toString('base64');
  const headers: Record<string, string> = {
    'content-digest': contentDigest,
    'signature-input': signatureInput,
    signature: `kiosk=:${signature}:`,
  };
  if (args.idempotencyKey !== null) headers['idempotency-key'] = args.idempotencyKey;
  if (payerSession !== null) headers['payer-session'] = payerSession;
  return headers;
}
