import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPins } from '../../main/dev/demo-setup.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';

/**
 * The demo's fixed service PINs are for the demo only: the console shows them only while they
 * still open service mode, and a kiosk whose PINs were set by its operator never gets them back
 * (not even when its terminal key is lost and the demo setup would run again).
 */
describe('demo service PINs', () => {
  let kiosk: KioskProcess;
  let client: TestClient;
  const ownPins = { operator: '2468', collector: '1357' };

  const restart = async (dataDir: string) => {
    client.close();
    await kiosk.stop();
    kiosk = await startKioskProcess({}, { dataDir });
    client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
  };
  const opens = async (pin: string) => {
    const login = await client.call('service:login', { pin });
    if (login.ok) {
      await client.call('service:logout', { token: (login.value as { token: string }).token });
    }
    return login.ok;
  };

  beforeAll(async () => {
    kiosk = await startKioskProcess();
    client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
  });
  afterAll(async () => {
    client?.close();
    await kiosk?.stop();
  });

  it('a fresh demo prints them, and they open service mode', async () => {
    expect(printsDemoPins(kiosk.output())).toBe(true);
    expect(kiosk.output()).toContain(`operator ${demoPins.operator}`);
    expect(await opens(demoPins.operator)).toBe(true);
  });

  it('once the operator changed them, the console no longer shows them', async () => {
    const login = await client.call('service:login', { pin: demoPins.operator });
    const { token } = login.value as { token: string };
    for (const role of ['collector', 'operator'] as const) {
      const set = await client.call('service:setPin', { token, role, pin: ownPins[role] });
      expect(set.ok).toBe(true);
    }
    await client.call('service:logout', { token });
    await restart(kiosk.dataDir);
    expect(printsDemoPins(kiosk.output())).toBe(false);
  });

  it('a set-up kiosk that lost its terminal key does not get the demo PINs back', async () => {
    rmSync(path.join(kiosk.dataDir, 'keys', 'terminal.json'));
    await restart(kiosk.dataDir);
    expect(printsDemoPins(kiosk.output())).toBe(false);
    expect(await opens(demoPins.operator)).toBe(false);
    expect(await opens(demoPins.collector)).toBe(false);
    expect(await opens(ownPins.operator)).toBe(true);
  });
});

/** Word boundaries: a port or a token may contain the same digits. */
function printsDemoPins(output: string): boolean {
  const pin = (value: string) => new RegExp(`\\b${value}\\b`);
  return (
    /service PINs/i.test(output) ||
    pin(demoPins.operator).test(output) ||
    pin(demoPins.collector).test(output)
  );
}
