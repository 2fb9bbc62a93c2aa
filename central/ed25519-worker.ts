/**
 * A worker thread of the Ed25519 pool (central/ed25519.ts): verifies a packed batch of
 * signatures and answers one byte per signature (1 verified, 0 not). Its first message says
 * which library it checks with.
 *
 * libsodium (sodium-native) verifies in about half the CPU time of OpenSSL's Ed25519 on the
 * machines measured (docs/OPERATIONS.md); where its prebuilt addon does not load, node:crypto
 * does the same check.
 */
import { type KeyObject, verify } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import {
  type Ed25519Library,
  type Ed25519Verify,
  keyObjectOf,
  unpackJobs,
} from './ed25519-jobs.ts';

async function loadVerify(
  wanted: Ed25519Library,
): Promise<{ library: Ed25519Library; check: Ed25519Verify }> {
  if (wanted === 'libsodium') {
    try {
      const sodium = (await import('sodium-native')).default;
      return {
        library: 'libsodium',
        check: (message, publicKey, signature) =>
          sodium.crypto_sign_verify_detached(signature, message, publicKey),
      };
    } catch {
      // No prebuilt addon for this platform: node:crypto below.
    }
  }
  // The keys of a fleet's few thousand terminals, parsed once each.
  const keys = new Map<string, KeyObject>();
  const check: Ed25519Verify = (message, publicKey, signature) => {
    const id = Buffer.from(publicKey).toString('hex');
    let key = keys.get(id);
    if (key === undefined) {
      key = keyObjectOf(publicKey);
      keys.set(id, key);
    }
    return verify(null, message, key, signature);
  };
  return { library: 'node:crypto', check };
}

const { library, check } = await loadVerify(
  (workerData as { library?: Ed25519Library } | null)?.library ?? 'libsodium',
);
parentPort?.postMessage({ library });
parentPort?.on('message', (batch: { id: number; packed: Uint8Array }) => {
  const jobs = unpackJobs(batch.packed);
  const results = new Uint8Array(jobs.length);
  for (const [index, job] of jobs.entries()) {
    try {
      results[index] = check(job.message, job.publicKey, job.signature) ? 1 : 0;
    } catch {
      results[index] = 0; // a key libsodium or OpenSSL refuses to parse verifies nothing
    }
  }
  parentPort?.postMessage({ id: batch.id, results }, [results.buffer]);
});
