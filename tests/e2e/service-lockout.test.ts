/**
 * The PIN lockout on the running kiosk, on its own kiosk so a locked pad does not get in the
 * way of the other service tests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, wsUrlOf } from '../support/ws-client.ts';
import {
  enterPin,
  must,
  panelUrlOf,
  pins,
  type ServiceKiosk,
  setUpOverContract,
  startServiceKiosk,
  tapServiceGesture,
} from './service-support.ts';

let service: ServiceKiosk;
beforeAll(async () => {
  service = await startServiceKiosk('T-E2E-LOCK');
  await setUpOverContract(service);
});
afterAll(async () => {
  await service?.close();
});

describe('PIN lockout', () => {
  it('locks the PIN pad after wrong PINs, and the lock survives a restart', async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await tapServiceGesture(service.page);
      await enterPin(service.page, '0000');
      await service.page.getByTestId('service-pin-message').waitFor();
      await service.page.getByText('Выйти').click();
    }
    await tapServiceGesture(service.page);
    await service.page.getByTestId('service-locked').waitFor();
    await enterPin(service.page, pins.operator);
    await service.page.getByTestId('service-pin-message').getByText('locked').waitFor();
    expect(await service.page.getByTestId('service-menu').count()).toBe(0);

    const dataDir = service.kiosk.dataDir;
    service.client.close();
    service.panel.close();
    await service.kiosk.stop();
    service.kiosk = await startKioskProcess(
      { KIOSK_CENTRAL_URL: service.central.central.url, KIOSK_DEMO_SETUP: '0' },
      { dataDir },
    );
    service.client = await connectClient(wsUrlOf(service.kiosk.url), service.kiosk.origin);
    service.panel = await connectClient(
      wsUrlOf(await panelUrlOf(service.kiosk), '/panel-ws'),
      service.kiosk.origin,
    );
    const entry = (await must(service.client, 'service:entry')) as { lockedUntilMs: number | null };
    expect(entry.lockedUntilMs).not.toBeNull();
    const refused = await service.client.call('service:login', { pin: pins.operator });
    expect(refused.error?.kind).toBe('locked');
  });
});
