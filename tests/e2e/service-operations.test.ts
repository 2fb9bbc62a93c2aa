import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  enterPin,
  must,
  payOnce,
  pins,
  printedTexts,
  type ServiceKiosk,
  setUpOverContract,
  spaced,
  startServiceKiosk,
  tapServiceGesture,
  waitFor,
} from './service-support.ts';

let service: ServiceKiosk;
beforeAll(async () => {
  service = await startServiceKiosk('T-E2E-OPS');
  await setUpOverContract(service);
});
afterAll(async () => {
  await service?.close();
});
// Each test starts from a fresh payer home, whatever the previous one left on screen.
beforeEach(async () => {
  await service.page.goto(service.kiosk.url);
});

async function signIn(pin: string): Promise<void> {
  await tapServiceGesture(service.page);
  await enterPin(service.page, pin);
  await service.page.getByTestId('service-menu').waitFor();
}

async function signOut(): Promise<void> {
  await service.page.getByTestId('service-exit').click();
  await service.page.getByTestId('service-menu').waitFor({ state: 'detached' });
}

describe('service mode on the running kiosk', () => {
  it('a payer reaches nothing without the PIN', async () => {
    const guessed = 'f'.repeat(64);
    for (const channel of ['diag:snapshot', 'settings:get', 'collection:preview']) {
      const result = await service.client.call(channel, { token: guessed });
      expect(result.ok).toBe(false);
      expect(result.error?.kind).toBe('not-signed-in');
    }
    await tapServiceGesture(service.page);
    await service.page.getByTestId('service-pin').waitFor();
    await service.page.getByText('Выйти').click();
    await service.page.getByTestId('service-pin').waitFor({ state: 'detached' });
  });

  it('changes the per-payment limit and the kiosk applies it without a restart', async () => {
    await signIn(pins.operator);
    await service.page.getByTestId('service-tab-settings').click();
    await service.page.getByTestId('settings-cap').fill('10000');
    await service.page.getByTestId('settings-save').click();
    await service.page.getByTestId('settings-message').getByText('Сохранено').waitFor();
    await signOut();
    const terms = (await must(service.client, 'payment:terms')) as { depositKopecksMax: number };
    expect(terms.depositKopecksMax).toBe(1_000_000);
  });

  it('a collection: refused while cash is inside, then counted, printed and reset', async () => {
    await payOnce(service, 100_000, async () => {
      const refused = await service.client.call('service:login', { pin: pins.collector });
      expect(refused.error?.kind).toBe('deposit-active');
    });
    await signIn(pins.collector);
    await service.page.getByTestId('service-collection').waitFor();
    expect(await service.page.getByTestId('collection-total').textContent()).toContain('1 000,00');
    await service.page.getByTestId('collection-removed').check();
    await service.page.getByTestId('collection-confirm').click();
    await service.page.getByTestId('collection-done').waitFor();
    const report = await waitFor('collection report on paper', async () => {
      const texts = await printedTexts(service);
      return texts.find((text) => spaced('ИНКАССАЦИЯ').test(text)) ?? null;
    });
    expect(report).toContain('T-E2E-OPS');
    expect(report).toContain('1 000,00');
    expect(report).toContain('Расхождений нет');
    await signOut();
    const { token } = (await must(service.client, 'service:login', { pin: pins.collector })) as {
      token: string;
    };
    const preview = (await must(service.client, 'collection:preview', { token })) as {
      totalKopecks: number;
    };
    expect(preview.totalKopecks).toBe(0);
    await must(service.client, 'service:logout', { token });
  });

  it('reprints a receipt from the journal, marked КОПИЯ', async () => {
    const transferId = await payOnce(service, 50_000);
    const before = (await printedTexts(service)).length;
    await signIn(pins.operator);
    await service.page.getByTestId('service-tab-journal').click();
    await service.page.getByTestId('journal-id').fill(transferId.slice(0, 18));
    await service.page.getByTestId('journal-search').click();
    await service.page.getByTestId('journal-row').first().getByTestId('journal-reprint').click();
    await service.page.getByTestId('journal-message').getByText('напечатана').waitFor();
    // The emulator lists receipts newest first; the copy is a new one, marked КОПИЯ.
    const copy = await waitFor('copy on paper', async () => {
      const texts = await printedTexts(service);
      if (texts.length <= before) return null;
      return texts.find((text) => spaced('КОПИЯ').test(text)) ?? null;
    });
    expect(copy).toContain(transferId);
    await signOut();
  });

  it('the default language and the payer idle timeout apply without a restart', async () => {
    const setPayerSettings = async (language: string, idleSeconds: string) => {
      await signIn(pins.operator);
      await service.page.getByTestId('service-tab-settings').click();
      await service.page.getByTestId('settings-default-language').selectOption(language);
      await service.page.getByTestId('settings-payer-idle').fill(idleSeconds);
      await service.page.getByTestId('settings-save').click();
      await service.page
        .getByTestId('settings-message')
        .getByText('Сохранено и применено')
        .waitFor();
      await signOut();
    };
    await setPayerSettings('ky', '30');
    const status = await must(service.client, 'kiosk:getStatus');
    expect(status).toMatchObject({ defaultLanguage: 'ky', payerIdleTimeoutMs: 30_000 });
    // «Готово» after a payment now leads to the Kyrgyz home screen.
    await payOnce(service, 10_000);
    await service.page.getByTestId('done').click();
    await waitFor('home in Kyrgyz', async () =>
      (await must(service.client, 'kiosk:getStatus')).language === 'ky' ? true : null,
    );
    await setPayerSettings('ru', '90');
  });
});
