/**
 * Test and bench support: a facility registry as central sees one: enrolled with a one-time
 * code and its own Ed25519 key, then sending signed roster batches over real HTTP. It signs
 * with the shared definitions of common/signing.ts, as a terminal does.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
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

  const post: RegistryClient['post'] = (bodyText, options = {}) => {
    const { path, query } = splitTarget(BATCH_PATH);
    const contentDigest = contentDigestValue(
      createHash('sha256').update(bodyText).digest('base64'),
    );
    const params = {
      createdSec: Math.floor(Date.now() / 1000),
      nonce: options.nonce ?? randomBytes(18).toString('base64url'),
      keyId: registryId,
    };
    const request = {
      method: 'POST',
      path,
      query,
      contentDigest,
      idempotencyKey: null,
      payerSession: null,
    };
    const components = componentsFor(null, null);
    const { base, signatureInput } = signatureBase(request, { components, params });
    const signature = sign(null, Buffer.from(base, 'utf8'), options.privateKeyPem ?? privateKeyPem);
    return fetch(`${baseUrl}${BATCH_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-digest': contentDigest,
        'signature-input': signatureInput,
        signature: `kiosk=:${signature.toString('base64')}:`,
      },
      body: bodyText,
    });
  };
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
