import { generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createEd25519Pool, type Ed25519Pool } from './ed25519.ts';
import { packJobs, rawPublicKey, unpackJobs } from './ed25519-jobs.ts';

type Check = { message: Buffer; publicKey: Uint8Array; signature: Buffer; key: KeyObject };

const signers = Array.from({ length: 3 }, () => generateKeyPairSync('ed25519'));

/**
 * Checks of every kind a server meets, mixed: signed right, the message changed, the signature
 * changed, signed by another key. Their verdicts come from node:crypto, not from this file.
 */
function checks(count: number): Check[] {
  return Array.from({ length: count }, (_, index) => {
    const signer = signers[index % signers.length]!;
    const message = Buffer.from(`POST /v1/transfers ${index} «Иванов»`);
    const signature = sign(null, message, signer.privateKey);
    const kind = index % 4;
    const other = signers[(index + 1) % signers.length]!.publicKey;
    const key = kind === 3 ? other : signer.publicKey;
    if (kind === 1) message[message.length - 1] = message.at(-1)! ^ 1;
    if (kind === 2) signature[7] = signature.at(7)! ^ 0x40;
    return { message, publicKey: rawPublicKey(key), signature, key };
  });
}

const expected = (check: Check) => verify(null, check.message, check.key, check.signature);

let pool: Ed25519Pool | null = null;
afterEach(async () => {
  await pool?.close();
  pool = null;
});

describe('Ed25519 checks in worker threads', () => {
  it('answers each check of a concurrent burst with its own verdict', async () => {
    pool = createEd25519Pool({ threads: 2 });
    const burst = checks(40);
    const verdicts = await Promise.all(
      burst.map((check) => pool!.verify(check.message, check.publicKey, check.signature)),
    );
    expect(verdicts).toEqual(burst.map(expected));
    expect(verdicts.filter(Boolean)).toHaveLength(10);
    expect(pool.threads()).toHaveLength(2);
    // This platform has sodium-native's prebuilt addon (linux-x64 and the other common ones).
    expect(pool.library()).toBe('libsodium');
  });

  it('a worker that dies with checks in flight: each check still gets its verdict', async () => {
    pool = createEd25519Pool({ threads: 1 });
    const burst = checks(400);
    const verdicts = Promise.all(
      burst.map((check) => pool!.verify(check.message, check.publicKey, check.signature)),
    );
    // The burst went to the worker on this turn's setImmediate; end the worker under it.
    await new Promise((resolve) => setImmediate(resolve));
    const [worker] = pool.threads();
    expect(worker).toBeDefined();
    await worker!.terminate();
    expect(await verdicts).toEqual(burst.map(expected));
    // The next check starts a new worker.
    const [next] = checks(1);
    expect(await pool.verify(next!.message, next!.publicKey, next!.signature)).toBe(true);
    expect(pool.threads()).toHaveLength(1);
    expect(pool.threads()[0]).not.toBe(worker);
  });

  it('gives the same verdicts with node:crypto in the worker, where libsodium is missing', async () => {
    pool = createEd25519Pool({ threads: 1, library: 'node:crypto' });
    const burst = checks(24);
    const verdicts = await Promise.all(
      burst.map((check) => pool!.verify(check.message, check.publicKey, check.signature)),
    );
    expect(verdicts).toEqual(burst.map(expected));
    expect(pool.library()).toBe('node:crypto');
  });

  it('says what it checks with once a worker has started', async () => {
    pool = createEd25519Pool({ threads: 1, library: 'node:crypto' });
    expect(pool.library()).toBeNull();
    expect(await pool.started()).toBe('node:crypto');
    expect(pool.threads()).toHaveLength(1);
    expect(await pool.started()).toBe('node:crypto');
    expect(pool.threads()).toHaveLength(1);
  });

  it('refuses a key or signature of the wrong length without starting a worker', async () => {
    pool = createEd25519Pool({ threads: 1 });
    const [check] = checks(1);
    expect(await pool.verify(check!.message, check!.publicKey.subarray(1), check!.signature)).toBe(
      false,
    );
    expect(
      await pool.verify(check!.message, check!.publicKey, check!.signature.subarray(0, 63)),
    ).toBe(false);
    expect(pool.threads()).toHaveLength(0);
  });

  it('a key no library can parse verifies nothing and harms no other check', async () => {
    pool = createEd25519Pool({ threads: 1 });
    const [good] = checks(1);
    // Not a point on the curve: both libraries refuse it as a key.
    const notAKey = new Uint8Array(32).fill(0xff);
    const [bad, stillGood] = await Promise.all([
      pool.verify(good!.message, notAKey, good!.signature),
      pool.verify(good!.message, good!.publicKey, good!.signature),
    ]);
    expect(bad).toBe(false);
    expect(stillGood).toBe(true);
  });

  it('after close, checks are answered on the event loop', async () => {
    pool = createEd25519Pool({ threads: 1 });
    const burst = checks(8);
    await pool.close();
    const verdicts = await Promise.all(
      burst.map((check) => pool!.verify(check.message, check.publicKey, check.signature)),
    );
    expect(verdicts).toEqual(burst.map(expected));
    expect(pool.threads()).toHaveLength(0);
  });
});

describe('the batch format', () => {
  it('unpacks what it packed, messages of any length included', () => {
    const jobs = checks(5).map(({ message, publicKey, signature }, index) => ({
      message: index === 0 ? new Uint8Array(0) : message,
      publicKey,
      signature,
    }));
    const unpacked = unpackJobs(packJobs(jobs));
    expect(unpacked.map((job) => Buffer.from(job.message).toString('hex'))).toEqual(
      jobs.map((job) => Buffer.from(job.message).toString('hex')),
    );
    expect(unpacked.map((job) => Buffer.from(job.signature).toString('hex'))).toEqual(
      jobs.map((job) => Buffer.from(job.signature).toString('hex')),
    );
    expect(unpacked.map((job) => Buffer.from(job.publicKey).toString('hex'))).toEqual(
      jobs.map((job) => Buffer.from(job.publicKey).toString('hex')),
    );
  });

  it('refuses a truncated batch', () => {
    const packed = packJobs(checks(2));
    expect(() => unpackJobs(packed.subarray(0, packed.length - 1))).toThrow(/truncated/);
  });
});
