/**
 * What central signs for one terminal (its roster, its configuration): the signature is checked
 * over the exact bytes first, with central's key pinned at enrolment; only then is the payload
 * parsed, validated, and checked to be this terminal's.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { z } from 'zod';
import { err, ok, type Result } from '../../common/result.ts';

export type SignedPayloadError =
  | { kind: 'bad-signature' }
  | { kind: 'invalid'; message: string }
  | { kind: 'other-terminal'; terminalId: string };

export function verifySignedPayload<T extends { terminalId: string }>(
  signed: { payload: string; signature: string },
  publicKeyPem: string,
  terminalId: string,
  schema: z.ZodType<T>,
): Result<T, SignedPayloadError> {
  let valid = false;
  try {
    const key = createPublicKey(publicKeyPem);
    const signature = Buffer.from(signed.signature, 'base64');
    valid = verify(null, Buffer.from(signed.payload, 'utf8'), key, signature);
  } catch {
    valid = false;
  }
  if (!valid) return err({ kind: 'bad-signature' });
  let raw: unknown;
  try {
    raw = JSON.parse(signed.payload);
  } catch {
    return err({ kind: 'invalid', message: 'payload is not JSON' });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return err({ kind: 'invalid', message: parsed.error.message.slice(0, 300) });
  if (parsed.data.terminalId !== terminalId) {
    return err({ kind: 'other-terminal', terminalId: parsed.data.terminalId });
  }
  return ok(parsed.data);
}
