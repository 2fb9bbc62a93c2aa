import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanguageSchema } from '../../common/contract.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import {
  collectPageErrors,
  ensureRendererBuilt,
  landscape,
  launchBrowser,
  newPage,
  portrait,
  screenshot,
} from './browser.ts';
import { plain, seriousA11yViolations, t } from './kiosk-page.ts';

/** The home screen of the real kiosk process, in both orientations and every language. */
describe('home screen (real main process)', () => {
  let kiosk: KioskProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ensureRendererBuilt();
    [kiosk, browser] = await Promise.all([startKioskProcess(), launchBrowser()]);
    page = await newPage(browser, portrait);
    errors = collectPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await kiosk?.stop();
  });

  it('shows the service, one big action or plain words why not, languages and support', async () => {
    await page.goto(kiosk.url);
    await page.getByTestId('home').waitFor();
    await page.evaluate(() => document.fonts.ready);
    await expect.poll(() => page.locator('h1').textContent()).toBe(t('ru', 'app.service'));
    const start = page.getByTestId('start-payment');
    const unavailable = page.getByTestId('unavailable');
    await expect.poll(async () => (await start.count()) + (await unavailable.count())).toBe(1);
    if ((await start.count()) === 1) {
      expect(plain(await start.textContent())).toContain(t('ru', 'home.pay'));
    } else {
      const words = plain(await unavailable.textContent());
      expect(words).toContain(t('ru', 'status.title'));
      // A known reason in words, never a raw code such as «acceptor-unavailable».
      expect(words).not.toMatch(/[a-z]+-[a-z]+/);
    }
    for (const name of ['Русский', 'English', 'Oʻzbekcha', 'Тоҷикӣ', 'Кыргызча']) {
      await expect(page.getByRole('button', { name, exact: true }).count()).resolves.toBe(1);
    }
    expect(plain(await page.getByTestId('support-phone').textContent())).toMatch(/\d/);
    expect(errors).toEqual([]);
  });

  it('uses the bundled PT Sans, not a system font', async () => {
    const loaded = await page.evaluate(() =>
      [...document.fonts].filter((face) => face.status === 'loaded').map((face) => face.family),
    );
    expect(loaded.some((family) => family.includes('PT Sans'))).toBe(true);
    const family = await page.locator('h1').evaluate((node) => getComputedStyle(node).fontFamily);
    expect(family).toContain('PT Sans');
  });

  it('has touch targets of at least 72 px on the home screen', async () => {
    const small = await page.locator('button').evaluateAll((buttons) =>
      buttons
        .map((button) => ({ text: button.textContent, box: button.getBoundingClientRect() }))
        .filter(({ box }) => box.height < 72 || box.width < 72)
        .map(({ text, box }) => `${text}: ${Math.round(box.width)}×${Math.round(box.height)}`),
    );
    expect(small).toEqual([]);
  });

  it('switches every text to the chosen language and back', async () => {
    for (const language of LanguageSchema.options) {
      await page.getByRole('button', { name: languageLabel(language), exact: true }).click();
      await expect.poll(() => page.locator('h1').textContent()).toBe(t(language, 'app.service'));
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(language);
      await expect(page.locator('.steps li').first().textContent()).resolves.toBe(
        t(language, 'home.step1'),
      );
    }
    await page.getByRole('button', { name: 'Русский', exact: true }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe(t('ru', 'app.service'));
  });

  it('has no serious or critical accessibility violations (axe-core), both orientations', async () => {
    // Nothing of the home screen may hide below the fold: a kiosk page does not scroll.
    const fits = () =>
      page.evaluate(() => {
        const footer = document.querySelector('.home-footer')?.getBoundingClientRect();
        return footer !== undefined && footer.bottom <= window.innerHeight + 1;
      });
    await page.setViewportSize(portrait);
    await screenshot(page, 'home-portrait');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await fits()).toBe(true);
    await page.setViewportSize(landscape);
    await screenshot(page, 'home-landscape');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await fits()).toBe(true);
    await page.setViewportSize(portrait);
  });

  it('the emulator panel is a separate page that plays the devices live', async () => {
    const panelUrl = kiosk.panelUrl ?? `${kiosk.origin}/panel.html?token=${kiosk.token}`;
    const panel = await newPage(browser, { width: 1400, height: 1000 });
    const panelErrors = collectPageErrors(panel);
    await panel.goto(panelUrl);
    await expect.poll(() => panel.getByTestId('panel-connection').textContent()).toBe('подключено');
    await panel.getByTestId('insert-100000').waitFor();
    await panel.getByRole('button', { name: 'Бумаги нет' }).click();
    await expect.poll(() => panel.getByTestId('printer-state').textContent()).toContain('out');
    await panel.getByRole('button', { name: 'Бумага есть' }).click();
    await expect.poll(() => panel.getByTestId('printer-state').textContent()).toContain('ok');
    await panel.getByRole('button', { name: 'Открыть крышку' }).click();
    await expect.poll(() => panel.getByTestId('printer-state').textContent()).toContain('открыта');
    await panel.getByRole('button', { name: 'Закрыть крышку' }).click();
    await expect.poll(() => panel.getByTestId('printer-state').textContent()).toContain('закрыта');
    await screenshot(panel, 'panel');
    await panel.close();
    expect(panelErrors).toEqual([]);
  });

  it('shows a calm «connecting» state, not an error, when main cannot be reached', async () => {
    const lonely = await newPage(browser, portrait);
    const lonelyErrors = collectPageErrors(lonely);
    // A wrong token: the host refuses the WebSocket, as when main is restarting.
    await lonely.goto(kiosk.url.replace(/token=[^&]+/, 'token=wrong'));
    await lonely.getByTestId('connecting').waitFor();
    expect(plain(await lonely.getByTestId('connecting').textContent())).toContain(
      t('ru', 'conn.connecting'),
    );
    const text = await lonely.locator('body').textContent();
    expect(text).not.toMatch(/error|undefined|exception|ошибка/i);
    await screenshot(lonely, 'connecting');
    await lonely.close();
    // Refused WebSockets log a console error in Chromium; nothing else may.
    expect(lonelyErrors.filter((line) => !line.includes('WebSocket'))).toEqual([]);
  });
});

function languageLabel(language: string): string {
  const names: Record<string, string> = {
    ru: 'Русский',
    en: 'English',
    uz: 'Oʻzbekcha',
    tg: 'Тоҷикӣ',
    ky: 'Кыргызча',
  };
  return names[language] ?? language;
}
