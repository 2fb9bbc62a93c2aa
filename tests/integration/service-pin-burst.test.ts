import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPins } from '../../main/dev/demo-setup.ts';
import { lockoutPolicy } from '../../main/service/pin-store.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';

/**
 * PIN frames sent all at once over the headless host's WebSocket, against the real kiosk
 * process (demo setup, so the operator PIN is known): a burst with the right PIN last never
 * opens service mode, before or after the lockout limit, and does not lock staff out for long.
 */
describe('a burst of service:login frames', () => {
  let kiosk: KioskProcess;
  let client: TestClient;

  beforeAll(async () => {
    kiosk = await startKioskProcess();
    client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
  });
  afterAll(async () => {
    client?.close();
    await kiosk?.stop();
  });

  const burst = (pins: string[]) =>
    Promise.all(pins.map((pin) => client.call('service:login', { pin })));
  const wrongPins = (count: number) =>
    Array.from({ length: count }, (_, index) => String(4000 + index));
  const entry = async () =>
    (await client.call('service:entry')).value as { lockedUntilMs: number | null };

  it('29 wrong and the right PIN last, at once, open nothing and lock for no longer than 30 s', async () => {
    const startedMs = Date.now();
    const replies = await burst([...wrongPins(29), demoPins.operator]);
    expect(replies.filter((reply) => reply.ok)).toEqual([]);
    const { lockedUntilMs } = await entry();
    if (lockedUntilMs !== null) {
      expect(lockedUntilMs).toBeLessThanOrEqual(Date.now() + lockoutPolicy.firstLockMs);
    }
    // Only tries that were hashed count: far fewer than the 29 sent.
    const counted = replies.filter((reply) => reply.error?.kind !== 'busy').length;
    expect(counted).toBeLessThanOrEqual(lockoutPolicy.freeFailures);
    expect(Date.now() - startedMs).toBeLessThan(30_000);
  });

  it('after the limit, a burst of 30 with the right PIN never opens service mode', async () => {
    // Reach the limit one try at a time, as a person at the pad would.
    for (let index = 0; index < lockoutPolicy.freeFailures + 1; index += 1) {
      const reply = await client.call('service:login', { pin: '9999' });
      expect(reply.ok).toBe(false);
    }
    expect((await entry()).lockedUntilMs).not.toBeNull();
    const replies = await burst([...wrongPins(29), demoPins.operator]);
    expect(replies.filter((reply) => reply.ok)).toEqual([]);
    const alone = await client.call('service:login', { pin: demoPins.operator });
    expect(alone.error?.kind).toBe('locked');
  });
});
