/**
 * Tracking codes at central (common/tracking-code.ts): a secret of central's own (a file in its
 * data directory, made on first start) derives each terminal's tracking key; the terminal gets
 * its key in its signed configuration and prints codes offline; central recomputes the code of
 * a transfer from the key of the terminal that sent it. A code for another transfer, or for the
 * same id under another terminal's key, does not match.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { trackingCodeOf, trackingMacInput } from '../common/tracking-code.ts';
import { makePrivateDir } from '../platform/private-files.ts';

const SECRET_FILE = 'tracking-secret.key';

export type TrackingKeys = {
  /** The terminal's (or `@web`'s) tracking key, base64: goes into its signed configuration. */
  keyOf(ownerId: string): string;
  /** True when `code` is the code of `transferId` under its owner's key. */
  matches(ownerId: string, transferId: string, code: string): boolean;
};

export function trackingCodeWithKey(keyBase64: string, transferId: string): string {
  const mac = createHmac('sha256', Buffer.from(keyBase64, 'base64'))
    .update(trackingMacInput(transferId))
    .digest();
  return trackingCodeOf(mac);
}

export function createTrackingKeys(secret: Buffer): TrackingKeys {
  const keyOf = (ownerId: string) =>
    createHmac('sha256', secret).update(`terminal-tracking-key-v1:${ownerId}`).digest('base64');
  return {
    keyOf,
    matches(ownerId, transferId, code) {
      const expected = Buffer.from(trackingCodeWithKey(keyOf(ownerId), transferId));
      const given = Buffer.from(code);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/** Central's tracking secret: 32 random bytes in the data directory, made once. */
export function loadTrackingKeys(dataDir: string): TrackingKeys {
  makePrivateDir(dataDir);
  const path = join(dataDir, SECRET_FILE);
  if (!existsSync(path)) {
    writeFileSync(path, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return createTrackingKeys(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64'));
}
