/**
 * The wire format between central's event loop and its Ed25519 worker threads
 * (central/ed25519.ts): many signatures to check go as one transferred buffer, each job
 * `[message length: u32 LE][message][public key: 32 bytes][signature: 64 bytes]`. And the
 * two ways between a raw public key and node:crypto's KeyObject.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';

export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

export type Ed25519Job = {
  message: Uint8Array;
  publicKey: Uint8Array;
  signature: Uint8Array;
};

export type Ed25519Library = 'libsodium' | 'node:crypto';

export type Ed25519Verify = (
  message: Uint8Array,
  publicKey: Uint8Array,
  signature: Uint8Array,
) => boolean;

export function packJobs(jobs: readonly Ed25519Job[]): Uint8Array<ArrayBuffer> {
  let size = 0;
  for (const job of jobs) size += 4 + job.message.length + PUBLIC_KEY_BYTES + SIGNATURE_BYTES;
  const packed = new Uint8Array(size);
  const view = new DataView(packed.buffer);
  let offset = 0;
  for (const job of jobs) {
    view.setUint32(offset, job.message.length, true);
    packed.set(job.message, offset + 4);
    offset += 4 + job.message.length;
    packed.set(job.publicKey, offset);
    packed.set(job.signature, offset + PUBLIC_KEY_BYTES);
    offset += PUBLIC_KEY_BYTES + SIGNATURE_BYTES;
  }
  return packed;
}

export function unpackJobs(packed: Uint8Array): Ed25519Job[] {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const jobs: Ed25519Job[] = [];
  let offset = 0;
  while (offset < packed.length) {
    const length = view.getUint32(offset, true);
    const message = packed.subarray(offset + 4, offset + 4 + length);
    offset += 4 + length;
    const publicKey = packed.subarray(offset, offset + PUBLIC_KEY_BYTES);
    const signature = packed.subarray(
      offset + PUBLIC_KEY_BYTES,
      offset + PUBLIC_KEY_BYTES + SIGNATURE_BYTES,
    );
    offset += PUBLIC_KEY_BYTES + SIGNATURE_BYTES;
    if (signature.length !== SIGNATURE_BYTES) throw new Error('ed25519 jobs: truncated batch');
    jobs.push({ message, publicKey, signature });
  }
  return jobs;
}

/** A raw 32-byte Ed25519 public key as node:crypto's KeyObject (throws if it is not one). */
export function keyObjectOf(publicKey: Uint8Array): KeyObject {
  const x = Buffer.from(publicKey).toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

/** The raw 32 bytes of an Ed25519 public KeyObject, as the pool takes it. */
export function rawPublicKey(key: KeyObject): Uint8Array {
  return Buffer.from(key.export({ format: 'jwk' }).x ?? '', 'base64url');
}
