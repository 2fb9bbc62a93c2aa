/**
 * Letters end to end in the real Chromium against a real central: the payer writes a letter
 * with two reply blanks in the app on a phone (390×844) to a recipient found by search; the
 * facility's staff log in to the console (1366×768), mark it delivered and attach the scanned
 * reply; the payer gets the SMS, sees the letter answered, opens the reply and downloads the
 * very bytes uploaded. The service worker's caches never hold the reply.
 * Screenshots: app-letters-*.png and console-letters-*.png in tests/e2e/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidV7 } from '../support/central-harness.ts';
import { type ConsoleRig, STRONG_PASSWORD, startConsoleRig } from '../support/console-fleet.ts';
import { repoRoot } from '../support/kiosk-process.ts';
import { ensureAppBuilt, lastSms, registeredPayer } from '../integration/payer-app-support.ts';
import { kioskFetch } from '../integration/payer-web-helpers.ts';
import { collectPageErrors, launchBrowser, screenshot } from './browser.ts';
import { seriousA11yViolations } from './kiosk-page.ts';

const phone = { width: 390, height: 844 };
const desk = { width: 1366, height: 768 };
const PASSWORD = 'Тихий вечер у реки 42';
const settle = { timeout: 15_000, interval: 100 };

let rig: ConsoleRig;
let browser: Browser;
let appContext: BrowserContext;
let app: Page;
let appErrors: string[];
let payer: { phone: string; session: string; accountId: string };
let scan: Buffer;
const a11y: string[] = [];

function ensureConsoleBuilt(): void {
  if (existsSync(path.join(repoRoot, 'console', 'dist', 'index.html'))) return;
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'console/vite.config.ts',
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
}

/** The page whole, as tall as it is, and its axe findings. */
async function shoot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize()!;
  const heightPx = await page.evaluate(() => {
    window.scrollTo(0, 0);
    return document.documentElement.scrollHeight;
  });
  await page.setViewportSize({
    width: viewport.width,
    height: Math.max(viewport.height, heightPx),
  });
  await screenshot(page, name);
  await page.setViewportSize(viewport);
  for (const finding of await seriousA11yViolations(page)) a11y.push(`${name}: ${finding}`);
}

/** A reply blank as a scanner would give it: a PNG drawn by the same Chromium. */
async function scannedReply(): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: 620, height: 760 } });
  await page.setContent(`<!doctype html><html lang="ru"><body style="margin:0;background:#f4f1e8;
    font:22px/1.6 'Liberation Serif',serif;color:#1d2a6b"><div style="margin:28px;border:2px solid #777;
    padding:24px;background:#fffdf6;height:640px"><div style="font:14px sans-serif;color:#555">
    БЛАНК ОТВЕТА № 1 · ФКУ СИЗО-1 · Иванов И. И.</div><p style="font-style:italic">Мама, здравствуй!
    Письмо получил, спасибо. У меня всё хорошо, работаю в библиотеке. Жду следующего письма.</p>
    <p style="font-style:italic;text-align:right">Ваня</p></div></body></html>`);
  const bytes = await page.screenshot({ type: 'png' });
  await page.close();
  return bytes;
}

beforeAll(async () => {
  ensureAppBuilt();
  ensureConsoleBuilt();
  [rig, browser] = await Promise.all([startConsoleRig({ demoFleet: false }), launchBrowser()]);
  await rig.createUser({
    login: 'sizo1-office',
    displayName: 'Канцелярия СИЗО-1',
    role: 'facility-staff',
    scope: { regions: [], terminals: [], facilities: ['77-sizo-1'] },
    password: STRONG_PASSWORD,
  });
  payer = await registeredPayer(rig.server);
  const terminal = await rig.server.enrolTerminal('MSK-SIZO1-01', ['77-sizo-1']);
  const topUpId = uuidV7();
  const topUp = await kioskFetch(rig.url, terminal, 'POST', '/v1/terminal/wallet-top-ups', {
    body: { topUpId, accountId: payer.accountId, amountKopecks: 30_000, kioskCreatedAtMs: 1 },
    key: topUpId,
  });
  expect(topUp.status).toBe(201);
  scan = await scannedReply();
  appContext = await browser.newContext({
    viewport: phone,
    locale: 'ru-RU',
    acceptDownloads: true,
  });
  app = await appContext.newPage();
  appErrors = collectPageErrors(app);
}, 180_000);

afterAll(async () => {
  await appContext?.close();
  await browser?.close();
  await rig?.stop();
});

const heading = (page: Page) => page.locator('h1');

describe('a letter and its reply', () => {
  it('the payer finds a recipient and writes a letter with two reply blanks (phone)', async () => {
    await app.goto(`${rig.url}/app/`);
    await app.fill('input[name=phone]', payer.phone);
    await app.fill('input[name=password]', PASSWORD);
    await app.click('button[type=submit]');
    await expect.poll(() => heading(app).textContent(), settle).toBe('Здравствуйте, Анна');
    await app.click('a[href="#/find"]');
    await app.waitForSelector('select[name=region] option[value="77"]', { state: 'attached' });
    await app.selectOption('select[name=region]', '77');
    await app.waitForSelector('select[name=facility] option[value="77-sizo-1"]', {
      state: 'attached',
    });
    await app.selectOption('select[name=facility]', '77-sizo-1');
    await app.fill('input[name=surname]', 'Иванов');
    await app.fill('input[name=firstName]', 'Иван');
    await app.fill('input[name=birthYear]', '1985');
    await app.click('button[type=submit]');
    await app.waitForSelector('text=Иванов И. И., 1985');
    await app.click('.row button:has-text("Письмо")');
    await expect.poll(() => heading(app).textContent(), settle).toBe('Письмо');
    await app.fill(
      'textarea[name=letterText]',
      'Ваня, здравствуй! У нас всё хорошо, бабушка передаёт привет. Напиши, как ты там.',
    );
    await app.selectOption('select[name=replyBlanks]', '2');
    // One page (30 ₽) and two blanks (2 × 25 ₽).
    await app.waitForSelector('text=Страниц: 1, стоимость 80 ₽');
    await shoot(app, 'app-letters-write-phone');
    await app.click('button:has-text("Отправить письмо")');
    await expect.poll(() => heading(app).textContent(), settle).toBe('Письма');
    await app.waitForSelector('text=Принято');
    await app.waitForSelector('text=Бланков для ответа: 2');
    await shoot(app, 'app-letters-accepted-phone');
  });

  it('facility staff log in, mark it delivered and attach the scanned reply (console)', async () => {
    const context = await browser.newContext({ viewport: desk, locale: 'ru-RU' });
    const page = await context.newPage();
    const consoleErrors = collectPageErrors(page);
    await page.goto(`${rig.url}/console/`);
    await page.getByLabel('Логин').fill('sizo1-office');
    await page.getByLabel('Пароль').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { name: 'Письма' }).waitFor();
    // Their section list is letters and their own account: no fleet.
    expect(await page.locator('nav.side a').allTextContents()).toEqual(['Письма', 'Мой профиль']);
    const card = page.getByRole('article', { name: 'Иванов Иван Иванович' });
    await card.waitFor();
    await card.locator('summary').click();
    await card.getByText('бабушка передаёт привет').waitFor();
    await shoot(page, 'console-letters-list-1366x768');
    await card.getByRole('button', { name: 'Вручено адресату' }).click();
    await card.getByText('Вручено', { exact: true }).waitFor();
    await card.getByLabel(/Скан ответа/).setInputFiles({
      name: 'scan.png',
      mimeType: 'image/png',
      buffer: scan,
    });
    await card.getByRole('button', { name: 'Приложить ответ' }).click();
    await card.getByText('Есть ответ').waitFor();
    await card.getByRole('button', { name: 'Открыть' }).click();
    await card.locator('img.letter-reply-image').waitFor();
    await shoot(page, 'console-letters-answered-1366x768');
    // Their own account page works without any fleet route.
    await page.getByRole('link', { name: 'Мой профиль' }).click();
    await page.getByRole('heading', { name: 'Мой профиль' }).waitFor();
    // Only the first question (GET /v1/console/me before login) is refused, with 401.
    expect(consoleErrors.filter((line) => !line.includes('401 (Unauthorized)'))).toEqual([]);
    await context.close();
  });

  it('the payer gets one SMS, sees the reply and downloads the very bytes (phone)', async () => {
    expect(await lastSms(rig.server, payer.phone)).toContain('Пришёл ответ на ваше письмо');
    await app.goto(`${rig.url}/app/#/letters`);
    await app.reload();
    await app.waitForSelector('text=Пришёл ответ');
    await app.click('button:has-text("Показать ответ")');
    const image = app.locator('img.reply-image');
    await image.waitFor();
    await expect
      .poll(() => image.evaluate((element) => (element as HTMLImageElement).naturalWidth), settle)
      .toBeGreaterThan(100);
    await shoot(app, 'app-letters-reply-phone');
    const [download] = await Promise.all([
      app.waitForEvent('download'),
      app.click('a:has-text("Скачать ответ")'),
    ]);
    const saved = await download.path();
    expect(readFileSync(saved).equals(scan)).toBe(true);
    expect(download.suggestedFilename()).toMatch(/^reply-[0-9a-f]{8}\.png$/);
  });

  it('the service worker cached no reply and no API answer; no page errors, no serious axe finding', async () => {
    const cached = await app.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const urls: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) urls.push(request.url);
      }
      return urls;
    });
    expect(cached.length).toBeGreaterThan(0);
    for (const url of cached) expect(url, url).not.toContain('/v1/');
    expect(appErrors).toEqual([]);
    expect(a11y).toEqual([]);
  });
});
