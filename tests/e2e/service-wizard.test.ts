import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demoFacilityId,
  enterPin,
  must,
  pins,
  printedTexts,
  type ServiceKiosk,
  startServiceKiosk,
  tapServiceGesture,
  waitFor,
} from './service-support.ts';

const terminalId = 'T-E2E-WIZARD';
let service: ServiceKiosk;
beforeAll(async () => {
  service = await startServiceKiosk(terminalId);
});
afterAll(async () => {
  await service?.close();
});

describe('first-start wizard', () => {
  it('runs on a fresh data dir, saves every step, and afterwards only a PIN opens service', async () => {
    const { page } = service;
    const entry = (await must(service.client, 'service:entry')) as { setupRequired: boolean };
    expect(entry.setupRequired).toBe(true);
    await tapServiceGesture(page);
    await page.getByTestId('setup-wizard').waitFor();

    const code = await service.central.central.issueEnrolmentCode(terminalId, [demoFacilityId]);
    await page.getByTestId('setup-terminal-id').fill(terminalId);
    await page.getByTestId('setup-code').fill(code);
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-facility-filter').fill(demoFacilityId);
    await page.getByTestId(`setup-facility-${demoFacilityId}`).check();
    await page.getByTestId('setup-next').click();

    await page.getByTestId('setup-agent-name').fill('ООО «Тест-Агент»');
    await page.getByTestId('setup-agent-address').fill('г. Москва, ул. Тестовая, д. 1');
    await page.getByTestId('setup-agent-inn').fill('7707083894');
    await page.getByTestId('setup-next').click();
    // A wrong ИНН checksum is caught before anything is saved.
    await page.getByTestId('setup-error').waitFor();
    await page.getByTestId('setup-agent-inn').fill('7707083893');
    await page.getByTestId('setup-agent-terminalAddress').fill('СИЗО-1, зал ожидания');
    await page.getByTestId('setup-next').click();

    await page.getByTestId('setup-probe').click();
    await page.getByTestId('setup-ports').waitFor();
    await page.getByTestId('setup-next').click();

    await page.getByTestId('setup-test-print').click();
    await page.getByTestId('setup-test-log').getByText('напечатана').waitFor();
    await page.getByTestId('setup-next').click();

    // Roster and central's terms are fetched by the wizard itself, with their versions shown.
    await page.getByTestId('central-config').getByText('версия 1').waitFor();
    await page.getByTestId('central-roster').getByText('версия от').waitFor();
    await page.getByTestId('setup-next').click();

    await page.getByTestId('setup-operator-pin').fill(pins.operator);
    await page.getByTestId('setup-collector-pin').fill(pins.collector);
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-wizard').waitFor({ state: 'detached' });

    const texts = await waitFor('test page', async () => {
      const printed = await printedTexts(service);
      return printed.some((text) => text.includes('ТЕСТ ПЕЧАТИ')) ? printed : null;
    });
    expect(texts.length).toBeGreaterThan(0);
    const after = (await must(service.client, 'service:entry')) as { setupRequired: boolean };
    expect(after.setupRequired).toBe(false);
    const again = await service.client.call('setup:begin', {});
    expect(again.ok === false && again.error?.kind).toBe('already-set-up');

    await tapServiceGesture(page);
    await enterPin(page, pins.operator);
    await page.getByTestId('service-menu').waitFor();
    await page.getByTestId('service-tab-diagnostics').click();
    await page.getByTestId('service-diagnostics').waitFor();
    expect(await page.getByTestId('diag-version').textContent()).toMatch(/\d+\.\d+\.\d+/);
    await page.getByTestId('service-exit').click();
    await page.getByTestId('service-menu').waitFor({ state: 'detached' });
  });
});
