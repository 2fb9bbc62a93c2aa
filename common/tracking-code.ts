/**
 * The receipt's tracking code: 8 characters that prove the holder of a receipt knows more than
 * a transfer id. The code is a keyed MAC of the transfer id, truncated to 40 bits and written in
 * an alphabet without look-alikes (no 0, O, 1, I). The key is the issuing terminal's tracking key,
 * which central derives from its own secret and hands to that terminal in its signed
 * configuration: the kiosk computes the code offline when it prints, central recomputes it when
 * the page is opened. Knowing one transfer's id and code gives nothing about another's.
 * Pure: the MAC itself is computed by the caller (node:crypto lives in main/ and central/).
 */
export const TRACKING_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const TRACKING_CODE_LENGTH = 8;
export const trackingCodePattern = new RegExp(`^[${TRACKING_ALPHABET}]{${TRACKING_CODE_LENGTH}}$`);

/** What the MAC is computed over: one canonical spelling of the id. */
export function trackingMacInput(transferId: string): string {
  return `kiosk-tracking-v1:${transferId.toLowerCase()}`;
}

/** The code from the MAC's first 40 bits (5 bytes), 5 bits a character. */
export function trackingCodeOf(mac: Uint8Array): string {
  if (mac.length < 5) throw new Error('trackingCodeOf: MAC too short');
  let bits = 0n;
  for (let index = 0; index < 5; index += 1) bits = (bits << 8n) | BigInt(mac[index] ?? 0);
  let code = '';
  for (let index = TRACKING_CODE_LENGTH - 1; index >= 0; index -= 1) {
    code += TRACKING_ALPHABET[Number((bits >> BigInt(index * 5)) & 31n)];
  }
  return code;
}

/** What a person typed or read aloud, as the code it means, or null: case, spaces, dashes. */
export function normalizeTrackingCode(typed: string): string | null {
  const code = typed.toUpperCase().replaceAll(/[\s-]/g, '');
  return trackingCodePattern.test(code) ? code : null;
}

/** The QR's URL: central's page for this transfer with its check code. ASCII only. */
export function trackingUrl(prefix: string, transferId: string, code: string): string {
  return `${prefix}${transferId}?c=${code}`;
}

/** «ABCD-EFGH»: the code as the receipt and the screens print it. */
export function formatTrackingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}
