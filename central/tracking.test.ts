import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  formatTrackingCode,
  normalizeTrackingCode,
  TRACKING_ALPHABET,
} from '../common/tracking-code.ts';
import { trackingCodeFor } from '../main/receipts/tracking-code.ts';
import { createTrackingKeys, trackingCodeWithKey } from './tracking.ts';

const transferId = '019ab8f0-1c2d-7e3f-8a4b-5c6d7e8f9a0b';

describe('tracking codes', () => {
  const keys = createTrackingKeys(randomBytes(32));

  it('are computed alike by the kiosk (offline) and by central', () => {
    const key = keys.keyOf('KIOSK-0001');
    const code = trackingCodeFor(key, transferId);
    expect(code).toBe(trackingCodeWithKey(key, transferId));
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(keys.matches('KIOSK-0001', transferId.toUpperCase(), code)).toBe(true);
  });

  it('differ per transfer, per terminal and per central secret', () => {
    const code = trackingCodeFor(keys.keyOf('KIOSK-0001'), transferId);
    const next = `${transferId.slice(0, -1)}c`;
    expect(keys.matches('KIOSK-0001', next, code)).toBe(false);
    expect(keys.matches('KIOSK-0002', transferId, code)).toBe(false);
    const other = createTrackingKeys(randomBytes(32));
    expect(other.matches('KIOSK-0001', transferId, code)).toBe(false);
    expect(keys.matches('KIOSK-0001', transferId, code.slice(1))).toBe(false);
  });

  it('use the whole alphabet and read back however they are typed', () => {
    const key = keys.keyOf('KIOSK-0001');
    const seen = new Set<string>();
    for (let index = 0; index < 400; index += 1) {
      for (const char of trackingCodeFor(key, `${transferId}-${index}`)) seen.add(char);
    }
    expect(seen.size).toBe(TRACKING_ALPHABET.length);
    const code = trackingCodeFor(key, transferId);
    expect(normalizeTrackingCode(` ${formatTrackingCode(code).toLowerCase()} `)).toBe(code);
    expect(normalizeTrackingCode('0O1I0O1I')).toBeNull();
    expect(normalizeTrackingCode(transferId)).toBeNull();
  });
});
