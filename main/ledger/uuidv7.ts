import { randomBytes } from 'node:crypto';
import { assert } from '../../common/assert.ts';

/**
 * UUIDv7 (RFC 9562): 48-bit Unix ms timestamp, version 7, 74 random bits. Generated on the kiosk
 * so the transfer id exists before anything leaves it and serves as the idempotency key.
 */
export function uuidv7(nowMs: number, random: Uint8Array = randomBytes(10)): string {
  assert(Number.isSafeInteger(nowMs) && nowMs >= 0 && nowMs < 2 ** 48, 'uuidv7: timestamp');
  assert(random.length >= 10, 'uuidv7: 10 random bytes');
  const bytes = new Uint8Array(16);
  let ms = nowMs;
  for (let index = 5; index >= 0; index -= 1) {
    bytes[index] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes.set(random.subarray(0, 10), 6);
  bytes[6] = 0x70 | ((bytes[6] ?? 0) & 0x0f);
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
