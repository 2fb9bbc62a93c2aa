/**
 * Test and bench support: a facility registry as central sees one: enrolled with a one-time
 * code and its own Ed25519 key, then sending signed roster batches over real HTTP. It signs
 * with the shared definitions of common/signing.ts, as a terminal does.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type { RosterRecord, RosterRecordResult } from '../../common/central-wire-roster.ts';
import {
  componentsFor,
  contentDigestValue,
  signatureBase,
  splitTarget,
} from '../../common/signing.ts';

export type RegistryClient = {
  registryId: string;
  /** One signed POST /v1/registry/roster-batches; throws on anything but 200. */
  send(records: readonly (RosterRecord | Record<string, unknown>)[]): Promise<RosterRecordResult[]>;
  /** The raw response, for tests of refusals (a replayed nonce, a wrong key). */
  post(bodyText: string, options?: { nonce?: string; privateKeyPem?: string }): Promise<Response>;
};

const BATCH_PATH = '/v1/registry/roster-batches';

export type SignedHeaderArgs = {
  keyId: string;
  privateKeyPem: string | KeyObject;
  method: 'GET' | 'POST';
  target: string;
  bodyText: string;
  idempotencyKey?: string;
  nonce?: string;
  nowMs?: number;
};

/** The headers of one signed request (a terminal's or a registry's: the same format). */
export function signedHeaders(args: SignedHeaderArgs): Record<string, string> {
  const { path, query } = splitTarget(args.target);
  const digest = createHash('sha256').update(args.bodyText).digest('base64');
  const contentDigest = contentDigestValue(digest);
  const params = {
    createdSec: Math.floor((args.nowMs ?? Date.now()) / 1000),
    nonce: args.nonce ?? randomBytes(18).toString('base64url'),
    keyId: args.keyId,
  };
  const idempotencyKey = args.idempotencyKey ?? null;
  const request = {
    method: args.method,
    path,
    query,
    contentDigest,
    idempotencyKey,
    payerSession: null,
  };
  const components = componentsFor(idempotencyKey, null);
  const { base, signatureInput } = signatureBase(request, { components, params });
  const signature = sign(null, Buffer.from(base, 'utf8'), args.privateKeyPem);
  const headers: Record<string, string> = {
    'content-digest': contentDigest,
    'signature-input': signatureInput,
    signature: `kiosk=:${signature.toString('base64')}:`,
  };
  if (args.method === 'POST') headers['content-type'] = 'application/json';
  if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
  return headers;
}

/** Issues the code with the admin token, enrols a fresh key, and answers the client. */
export async function enrolRegistry(
  baseUrl: string,
  adminToken: string,
  registryId: string,
  facilityIds: readonly string[],
): Promise<RegistryClient> {
  const issued = await fetch(`${baseUrl}/v1/admin/roster-registries`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ registryId, facilityIds }),
  });
  if (issued.status !== 201) throw new Error(`registry code: ${issued.status}`);
  const { code } = (await issued.json()) as { code: string };
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const enrolled = await fetch(`${baseUrl}/v1/registry/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ registryId, code, publicKeyPem }),
  });
  if (enrolled.status !== 201) throw new Error(`registry enrol: ${enrolled.status}`);

  const post: RegistryClient['post'] = (bodyText, options = {}) =>
    fetch(`${baseUrl}${BATCH_PATH}`, {
      method: 'POST',
      headers: signedHeaders({
        keyId: registryId,
        privateKeyPem: options.privateKeyPem ?? privateKeyPem,
        method: 'POST',
        target: BATCH_PATH,
        bodyText,
        ...(options.nonce === undefined ? {} : { nonce: options.nonce }),
      }),
      body: bodyText,
    });
  return {
    registryId,
    post,
    async send(records) {
      const response = await post(JSON.stringify({ records }));
      const text = await response.text();
      if (response.status !== 200) throw new Error(`roster batch: ${response.status} ${text}`);
      return (JSON.parse(text) as { results: RosterRecordResult[] }).results;
    },
  };
}
