/**
 * The CCNET rig over a real pty pair and real serial links on both ends.
 */
import type { CcnetDriverOptions } from '../../main/devices/ccnet/driver.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { createRig, type Rig, type RigOptions } from './ccnet-rig.ts';
import { openPtyPair } from './pty.ts';

/** A pty round trip: ~1.5 ms, up to ~16 ms on a busy 2-core box (docs/protocols/ccnet.md §5). */
export const PTY_DRIVER: CcnetDriverOptions = {
  pollIntervalMs: 20,
  responseTimeoutMs: 150,
  busFreeMs: 2,
  absentAfterMs: 3_000,
  moneyAckWaitMsMax: 300,
};

export async function createPtyRig(options: RigOptions = {}): Promise<Rig> {
  const pty = await openPtyPair();
  const host = await openSerialLink(pty.a, 9600);
  const device = await openSerialLink(pty.b, 9600);
  const rig = createRig({
    ...options,
    links: [host, device],
    driver: { ...PTY_DRIVER, ...options.driver },
  });
  return {
    ...rig,
    async close() {
      await rig.close();
      await pty.close();
    },
  };
}
