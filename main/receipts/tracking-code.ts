/**
 * The kiosk's side of tracking codes (common/tracking-code.ts): computed offline at print time
 * with the terminal's tracking key from central's signed configuration; central recomputes the
 * same code from the same key (central/tracking.ts). Also maps a code typed on the kiosk back
 * to one of this terminal's own transfers.
 */
import { createHmac } from 'node:crypto';
import { trackingCodeOf, trackingMacInput } from '../../common/tracking-code.ts';

export function trackingCodeFor(keyBase64: string, transferId: string): string {
  const mac = createHmac('sha256', Buffer.from(keyBase64, 'base64'))
    .update(trackingMacInput(transferId))
    .digest();
  return trackingCodeOf(mac);
}

/** The transfer among `transferIds` whose code is `code`, or null. */
export function transferOfCode(
  keyBase64: string,
  code: string,
  transferIds: Iterable<string>,
): string | null {
  for (const transferId of transferIds) {
    if (trackingCodeFor(keyBase64, transferId) === code) return transferId;
  }
  return null;
}
