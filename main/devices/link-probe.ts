import type { ByteLink } from '../../protocol/link.ts';

/**
 * Sends one request and waits for bytes that look like the device's answer. Port discovery
 * asks each port this way; the listener is cleared afterwards so the link can be closed.
 */
export function answersOnLink(
  link: ByteLink,
  request: Uint8Array,
  isAnswer: (chunk: Uint8Array) => boolean,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish(false), timeoutMs);
    function finish(found: boolean): void {
      clearTimeout(timer);
      link.setDataListener(() => {});
      resolve(found);
    }
    link.setDataListener((chunk) => {
      if (isAnswer(chunk)) finish(true);
    });
    link.write(request).catch(() => finish(false));
  });
}
