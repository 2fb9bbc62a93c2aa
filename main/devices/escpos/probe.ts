import { answersOnLink } from '../link-probe.ts';
import type { ByteLink } from '../../../protocol/link.ts';
import { classifyReplyByte } from './status.ts';

/**
 * Does an ESC/POS printer answer on this link? Sends DLE EOT 1 (answered at once even when the
 * printer is offline) and waits for a byte of the real-time reply pattern. Used by port discovery;
 * harmless to a CCNET validator, which ignores bytes that do not start a 0x02 frame.
 */
export function probeEscpos(link: ByteLink, timeoutMs: number): Promise<boolean> {
  return answersOnLink(
    link,
    Uint8Array.from([0x10, 0x04, 0x01]),
    (chunk) => chunk.some((byte) => classifyReplyByte(byte) === 'realtime'),
    timeoutMs,
  );
}
