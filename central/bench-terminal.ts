/**
 * A terminal for central's own benchmark: enrols with a fresh Ed25519 key and creates signed
 * transfers over HTTP. It signs with the shared definitions in common/signing.ts, as the kiosk
 * does, but is written here so central needs nothing from the kiosk's code.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import {
  componentsFor,
  contentDigestValue,
  signatureBase,
  splitTarget,
} from '../common/signing.ts';

export type BenchTransfer = {
  transferId: string;
  inmateRef: string;
  depositedKopecks: number;
  amountKopecks: number;
  commissionKopecks: number;
  kioskCreatedAtMs: number;
};

export type BenchTerminal = {
  /** The HTTP status of one POST /v1/transfers. */
  createTransfer(transfer: BenchTransfer): Promise<number>;
};

export async function enrolBenchTerminal(
  baseUrl: string,
  terminalId: string,
  code: string,
): Promise<BenchTerminal> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const enrolled = await fetch(`${baseUrl}/v1/terminals/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ terminalId, code, publicKeyPem }),
  });
  if (!enrolled.ok) throw new Error(`bench terminal: enrolment answered ${enrolled.status}`);

  const signedHeaders = (target: string, body: string, idempotencyKey: string) => {
    const { path, query } = splitTarget(target);
    const contentDigest = contentDigestValue(createHash('sha256').update(body).digest('base64'));
    const params = {
      createdSec: Math.floor(Date.now() / 1000),
      nonce: randomBytes(18).toString('base64url'),
      keyId: terminalId,
    };
    const request = {
      method: 'POST',
      path,
      query,
      contentDigest,
      idempotencyKey,
      payerSession: null,
    };
    const components = componentsFor(idempotencyKey, null);
    const { base, signatureInput } = signatureBase(request, { components, params });
    const signature = sign(null, Buffer.from(base, 'utf8'), privateKey).toString('base64');
    return {
      'content-type': 'application/json',
      'content-digest': contentDigest,
      'signature-input': signatureInput,
      signature: `kiosk=:${signature}:`,
      'idempotency-key': idempotencyKey,
    };
  };

  return {
    async createTransfer(transfer) {
      const body = JSON.stringify(transfer);
      const response = await fetch(`${baseUrl}/v1/transfers`, {
        method: 'POST',
        headers: signedHeaders('/v1/transfers', body, transfer.transferId),
        body,
      });
      await response.arrayBuffer();
      return response.status;
    },
  };
}
