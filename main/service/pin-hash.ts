import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * PINs are short, so the hash must be slow and memory-hard: scrypt with N = 2^15 (32 MiB per
 * try) and a per-PIN salt. The parameters are stored with the hash, so raising them later
 * still verifies old hashes.
 */
export const StoredPinSchema = z
  .object({
    algorithm: z.literal('scrypt'),
    costN: z
      .number()
      .int()
      .min(2 ** 15)
      .max(2 ** 20),
    blockSizeR: z.number().int().min(8).max(32),
    parallelP: z.number().int().min(1).max(4),
    saltBase64: z.string().min(16).max(200),
    hashBase64: z.string().min(16).max(200),
  })
  .strict();
export type StoredPin = z.infer<typeof StoredPinSchema>;

export const pinHashParams = { costN: 2 ** 15, blockSizeR: 8, parallelP: 1, keyBytes: 32 } as const;
const saltBytes = 16;

function derive(
  pin: string,
  salt: Buffer,
  params: Omit<StoredPin, 'saltBase64' | 'hashBase64' | 'algorithm'>,
  keyBytes: number,
): Promise<Buffer> {
  // maxmem must exceed 128 · N · r, or node refuses the parameters.
  const maxmem = 256 * params.costN * params.blockSizeR;
  return new Promise((resolve, reject) => {
    scrypt(
      pin,
      salt,
      keyBytes,
      { N: params.costN, r: params.blockSizeR, p: params.parallelP, maxmem },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

export async function hashPin(pin: string): Promise<StoredPin> {
  const salt = randomBytes(saltBytes);
  const { keyBytes, ...params } = pinHashParams;
  const key = await derive(pin, salt, params, keyBytes);
  return {
    algorithm: 'scrypt',
    ...params,
    saltBase64: salt.toString('base64'),
    hashBase64: key.toString('base64'),
  };
}

export async function verifyPin(pin: string, stored: StoredPin): Promise<boolean> {
  const expected = Buffer.from(stored.hashBase64, 'base64');
  const salt = Buffer.from(stored.saltBase64, 'base64');
  const key = await derive(pin, salt, stored, expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
