/**
 * The payer's app in the real Chromium (@sparticuz/chromium + playwright-core), against a real
 * central with the payment-provider emulator: register, log in, find a recipient, top up by
 * card through the emulator's page, pay with the SMS code, see history and tracking (also
 * without a login, by the receipt's code). The service worker's cache holds the shell only.
 * Every page is photographed at 390×844 and 1366×768 (tests/e2e/screenshots/app-*.png).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTrackingKeys, trackingCodeWithKey } from '../../central/tracking.ts';
import {
  type AppRig,
  codeIn,
  ensureAppBuilt,
  lastSms,
  startAppRig,
  stopAppRig,
} from '../integration/payer-app-support.ts';
import { webFetch } from '../integration/payer-web-helpers.ts';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { collectPageErrors, launchBrowser, screenshotDir } from './browser.ts';
import { seriousA11yViolations } from './kiosk-page.ts';

const phoneSize = { width: 390, height: 844 };
const desktopSize = { width: 1366, height: 768 };
const PHONE = '+79161234567';
const PASSWORD = 'Тихий вечер у реки 42';

let rig: AppRig;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];
let base = '';
let paidTransferId = '';
/** Serious or critical axe-core findings, per page photographed. */
const a11y: string[] = [];

/**
 * Both sizes of the page as it is now, whole (not only what fits the window):
 * app-<name>-phone.png (390×844) and app-<name>-desktop.png (1366×768).
 */
async function photograph(name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  for (const [size, viewport] of [
    ['phone', phoneSize],
    ['desktop', desktopSize],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => document.fonts.ready);
    // A window as tall as the page (the phone's bottom bar then sits at its bottom, where a
    // phone shows it), instead of Chromium's full-page stitching of a scrolled window.
    const heightPx = await page.evaluate(() => {
      window.scrollTo(0, 0);
      return document.documentElement.scrollHeight;
    });
    await page.setViewportSize({
      width: viewport.width,
      height: Math.max(viewport.height, heightPx),
    });
    const file = path.join(screenshotDir, `app-${name}-${size}.png`);
    await page.screenshot({ path: file });
    if (size === 'phone') {
      for (const finding of await seriousA11yViolations(page)) a11y.push(`${name}: ${finding}`);
    }
  }
  await page.setViewportSize(phoneSize);
}

const heading = () => page.locator('h1');
/** The machine is shared: give a page up to 10 s to get where it is going. */
const settle = { timeout: 10_000, interval: 50 };

beforeAll(async () => {
  ensureAppBuilt();
  [rig, browser] = await Promise.all([startAppRig(), launchBrowser()]);
  base = rig.server.central.url;
  context = await browser.newContext({ viewport: phoneSize, locale: 'ru-RU' });
  page = await context.newPage();
  errors = collectPageErrors(page);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  if (rig !== undefined) await stopAppRig(rig);
});

describe("the payer's app in Chromium", () => {
  it('opens the login page; registration and recovery are one tap away', async () => {
    await page.goto(`${base}/app/`);
    await expect.poll(() => heading().textContent(), settle).toBe('Вход');
    await photograph('login');
    await page.click('a[href="#/recover"]');
    await expect.poll(() => heading().textContent(), settle).toBe('Восстановление пароля');
    await photograph('recover');
    await page.click('a[href="#/login"]');
    await page.click('a[href="#/register"]');
    await expect.poll(() => heading().textContent(), settle).toBe('Регистрация');
    await photograph('register');
  });

  it('registers with an SMS code, logs out and logs in again', async () => {
    await page.fill('input[name=phone]', PHONE);
    await page.click('button[type=submit]');
    await page.waitForSelector('input[name=code]');
    await page.fill('input[name=code]', codeIn(await lastSms(rig.server, PHONE)));
    await page.fill('input[name=name]', 'Анна');
    await page.fill('input[name=password]', PASSWORD);
    await photograph('register-code');
    await page.click('button[type=submit]');
    await expect.poll(() => heading().textContent(), settle).toBe('Здравствуйте, Анна');
    await page.click('a[href="#/profile"]');
    await page.click('button:has-text("Выйти")');
    await expect.poll(() => heading().textContent(), settle).toBe('Вход');
    await page.fill('input[name=phone]', PHONE);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await expect.poll(() => heading().textContent(), settle).toBe('Здравствуйте, Анна');
    await expect.poll(() => page.getByTestId('balance').textContent(), settle).toBe('0 ₽');
    await photograph('home-empty');
  });

  it('tops up by card through the provider emulator; credited once verified', async () => {
    await page.click('a[href="#/top-up"]');
    await page.fill('input[name=amount]', '3000');
    await photograph('top-up');
    await page.click('button[type=submit]');
    await page.waitForURL(`${rig.provider.url}/confirm/**`);
    await page.click('button[data-outcome=approve]');
    await page.waitForURL(`${base}/app/#/top-up/**`);
    await expect
      .poll(() => page.getByTestId('top-up-status').getAttribute('data-status'), {
        timeout: 15_000,
      })
      .toBe('succeeded');
    await photograph('top-up-done');
    await page.click('a[href="#/wallet"]');
    await expect.poll(() => page.getByTestId('balance').textContent(), settle).toBe('3\u00a0000 ₽');
    await photograph('wallet');
  });

  it('finds the recipient by region, facility, full name and birth year', async () => {
    await page.click('a[href="#/find"]');
    await page.waitForSelector('select[name=region] option[value="77"]', { state: 'attached' });
    await page.selectOption('select[name=region]', '77');
    await page.waitForSelector('select[name=facility] option[value="77-sizo-1"]', {
      state: 'attached',
    });
    await page.selectOption('select[name=facility]', '77-sizo-1');
    await page.fill('input[name=surname]', 'Иванов');
    await page.fill('input[name=firstName]', 'Иван');
    await page.fill('input[name=birthYear]', '1985');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Иванов И. И., 1985');
    await photograph('find');
  });

  it('pays from the wallet with the one-time SMS code', async () => {
    await page.click('.row button.primary');
    await expect.poll(() => heading().textContent(), settle).toBe('Перевод');
    await page.fill('input[name=amount]', '1000');
    await expect.poll(() => page.getByTestId('total').textContent(), settle).toBe('1\u00a0030 ₽');
    await photograph('pay');
    await page.click('button[type=submit]');
    await page.waitForSelector('input[name=paymentCode]');
    const sms = await lastSms(rig.server, PHONE);
    expect(sms).toContain('1 030,00');
    await page.fill('input[name=paymentCode]', codeIn(sms));
    await photograph('pay-code');
    await page.click('button[type=submit]');
    await expect.poll(() => heading().textContent(), settle).toBe('Перевод принят');
    paidTransferId = (await page.locator('.done .mono').textContent()) ?? '';
    expect(paidTransferId).toMatch(/^[0-9a-f-]{36}$/);
    await page.click('button:has-text("Сохранить как шаблон")');
    await page.waitForSelector('text=Шаблон сохранён');
    await photograph('paid');
  });

  it('shows history (all and per recipient), templates, wallet movements, home', async () => {
    await page.click('a[href="#/history"]');
    await page.waitForSelector(`text=№ ${paidTransferId}`);
    await photograph('history');
    await page.click('.row-main a');
    await expect.poll(() => heading().textContent(), settle).toContain('Переводы получателю');
    await photograph('history-recipient');
    await page.goto(`${base}/app/#/templates`);
    await page.waitForSelector('text=Иванов И. И., 1985');
    await photograph('templates');
    await page.click('.nav-item[href="#/"]');
    await expect.poll(() => page.getByTestId('balance').textContent(), settle).toBe('1\u00a0970 ₽');
    await photograph('home');
  });

  it('profile, languages, support', async () => {
    await page.click('a[href="#/profile"]');
    await page.waitForSelector('input[name=displayName]');
    await photograph('profile');
    // The sender's name: set once, then shown locked.
    const sender = page.getByTestId('sender-name');
    await sender.getByLabel('Фамилия').fill('Сидорова');
    await sender.getByLabel('Имя', { exact: true }).fill('Мария');
    await sender.getByRole('button', { name: 'Сохранить навсегда' }).click();
    await expect.poll(() => sender.locator('strong').textContent(), settle).toBe('Сидорова Мария');
    await page.waitForSelector('text=Изменить имя можно только через поддержку.');
    // A notification switched on is what central then holds.
    const credited = page.locator('input[name=transfer-credited]');
    expect(await credited.isChecked()).toBe(false);
    await credited.check();
    await expect.poll(() => credited.isDisabled(), settle).toBe(false);
    const held = await webFetch(base, 'GET', '/v1/payer/notifications', {
      session: (await page.evaluate(() => sessionStorage.getItem('payer-app-session'))) ?? '',
    });
    expect(await held.json()).toMatchObject({
      preferences: expect.arrayContaining([{ kind: 'transfer-credited', sms: true }]),
    });
    await photograph('profile-sender');
    // Deleting the account with money on the wallet: refused, and said why.
    const deletion = page.getByTestId('account-delete');
    await deletion.locator('input[type=password]').fill(PASSWORD);
    await deletion.getByRole('button', { name: 'Удалить навсегда' }).click();
    await deletion.getByText('На кошельке есть деньги').waitFor();
    // The browser logs the refused request; it is the expected 409, not a fault of the page.
    const refusal = errors.findIndex((line) => line.includes('409 (Conflict)'));
    expect(refusal).toBeGreaterThanOrEqual(0);
    errors.splice(refusal, 1);
    await page.click('button[lang=tg]');
    await page.waitForSelector('[data-testid=review-note]');
    await photograph('profile-tg');
    await page.click('button[lang=ru]');
    await page.goto(`${base}/app/#/support`);
    await page.fill('textarea[name=question]', 'Когда зачислят перевод?');
    await page.click('button[type=submit]');
    await page.waitForSelector('text=Ждёт ответа');
    await photograph('support');
  });

  it('tracks the transfer without a login by the receipt code', async () => {
    const keys = loadTrackingKeys(rig.server.dataDir);
    const code = trackingCodeWithKey(keys.keyOf('@web'), paidTransferId);
    const strangerContext = await browser.newContext({ viewport: phoneSize });
    const stranger = await strangerContext.newPage();
    const strangerErrors = collectPageErrors(stranger);
    await stranger.goto(`${base}/app/#/track`);
    await stranger.fill('input[name=link]', `${base}/t/${paidTransferId}?c=${code}`);
    await stranger.click('button[type=submit]');
    await stranger.waitForSelector('[data-testid=tracked]');
    expect(await stranger.textContent('[data-testid=tracked]')).toContain('Иванов И. И.');
    const swap = page;
    page = stranger;
    try {
      await photograph('track');
    } finally {
      page = swap;
    }
    await stranger.fill('input[name=code]', 'ABCD-EFGH');
    await stranger.click('button[type=submit]');
    await stranger.waitForSelector('text=Перевод не найден');
    expect(strangerErrors.filter((line) => !line.includes('404'))).toEqual([]);
    await strangerContext.close();
  });

  it('the service worker caches the shell only, never an API answer', async () => {
    await page.goto(`${base}/app/#/history`);
    await page.waitForSelector(`text=№ ${paidTransferId}`);
    const cached = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(request.url);
      }
      return urls;
    });
    expect(cached).toContain(`${base}/app/`);
    expect(cached.length).toBeGreaterThan(4);
    for (const url of cached) {
      expect(url.startsWith(`${base}/app/`), url).toBe(true);
      expect(url).not.toContain('/v1/');
    }
    expect(errors).toEqual([]);
  });

  it('no page photographed has a serious accessibility finding (axe-core)', () => {
    expect(a11y).toEqual([]);
  });
});
