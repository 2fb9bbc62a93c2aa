/**
 * The console and a real kiosk side by side in Chromium (`npm start`'s entry: embedded central,
 * demo terminal, demo console user): the console blocks payments with a message and the
 * kiosk's home screen says so; the kiosk page draws itself for a screenshot the console then
 * shows; the commission is changed for the terminal's region and the kiosk's terms follow.
 * Screenshots of both at 1366×768 and 1920×1080 in tests/e2e/screenshots/console-*.png.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConsoleUser } from '../../main/dev/demo-setup.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';
import {
  ensureRendererBuilt,
  launchBrowser,
  newPage,
  screenshot,
  screenshotDir,
} from './browser.ts';
import { plain, seriousA11yViolations, t } from './kiosk-page.ts';

const desk = { width: 1366, height: 768 };
const wide = { width: 1920, height: 1080 };
const REASON = 'Замена купюроприёмника, терминал заработает к 15:00';

let kiosk: KioskProcess;
let browser: Browser;
let client: TestClient;
let central = '';

beforeAll(async () => {
  ensureRendererBuilt();
  [kiosk, browser] = await Promise.all([
    startKioskProcess({ KIOSK_HEARTBEAT_MS: '1000' }),
    launchBrowser(),
  ]);
  central = /Embedded central API: (http:\/\/\S+)/.exec(kiosk.output())?.[1] ?? '';
  client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
}, 120_000);

afterAll(async () => {
  client?.close();
  await browser?.close();
  await kiosk?.stop();
});

async function consoleLogIn(page: Page): Promise<void> {
  await page.goto(`${central}/console/`);
  await page.getByLabel('Логин').fill(demoConsoleUser.login);
  await page.getByLabel('Пароль').fill(demoConsoleUser.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Терминалы' }).waitFor();
}

async function sendCommand(page: Page, kind: string, label: string, reason?: string) {
  const form = page.getByRole('form', { name: 'Команды терминалу' });
  await form.getByLabel('Команда').selectOption(kind);
  if (reason !== undefined) await form.getByLabel('Текст для посетителей').fill(reason);
  const [answer] = await Promise.all([
    page.waitForResponse(
      (response) => response.request().method() === 'POST' && response.url().endsWith('/commands'),
    ),
    form.getByRole('button', { name: 'Отправить' }).click(),
  ]);
  const { commandId } = (await answer.json()) as { commandId: number };
  const row = page.locator(`tr[data-command-id="${commandId}"]`);
  await row.getByText(label).waitFor({ timeout: 30_000 });
  return row;
}

describe('console and kiosk', () => {
  it('blocks the kiosk from the console; the home screen says so; a screenshot arrives', async () => {
    for (const size of [desk, wide]) {
      const kioskPage = await newPage(browser, size);
      await kioskPage.goto(kiosk.url);
      await kioskPage.getByTestId('start-payment').waitFor({ timeout: 60_000 });
      const consolePage = await newPage(browser, size);
      await consoleLogIn(consolePage);
      await consolePage.goto(`${central}/console/#/terminal/DEMO-0001`);
      await sendCommand(consolePage, 'block-payments', 'выполнена', REASON);

      const message = kioskPage.getByTestId('operator-message');
      await message.waitFor();
      expect(plain(await message.textContent())).toBe(REASON);
      expect(plain(await kioskPage.getByTestId('unavailable').textContent())).toContain(
        t('ru', 'status.operator-blocked'),
      );
      await kioskPage.evaluate(() => document.fonts.ready);
      await screenshot(kioskPage, `console-kiosk-blocked-${size.width}x${size.height}`);

      const shot = await sendCommand(consolePage, 'screenshot', 'выполнена');
      const link = shot.getByRole('link', { name: 'Открыть' });
      const href = await link.getAttribute('href');
      const answer = await consolePage.request.get(`${central}${href}`);
      expect(answer.headers()['content-type']).toBe('image/png');
      const bytes = await answer.body();
      // What the kiosk page drew of itself, kept beside the browser's own screenshot.
      writeFileSync(
        path.join(screenshotDir, `console-kiosk-self-capture-${size.width}x${size.height}.png`),
        bytes,
      );
      const png = PNG.sync.read(bytes);
      expect([png.width, png.height]).toEqual([size.width, size.height]);
      await screenshot(consolePage, `console-commands-${size.width}x${size.height}`);
      expect(await seriousA11yViolations(consolePage)).toEqual([]);

      await sendCommand(consolePage, 'unblock-payments', 'выполнена');
      await kioskPage.getByTestId('start-payment').waitFor();
      await kioskPage.context().close();
      await consolePage.context().close();
    }
  }, 240_000);

  it('a commission set for the region reaches the kiosk', async () => {
    const page = await newPage(browser, desk);
    await consoleLogIn(page);
    const fleet = await page.request.get(`${central}/v1/console/fleet`);
    const rows = (
      (await fleet.json()) as { terminals: { terminalId: string; regionCode: string }[] }
    ).terminals;
    const region = rows.find((row) => row.terminalId === 'DEMO-0001')?.regionCode;
    expect(region).toBeDefined();
    await page.goto(`${central}/console/#/layers/region:${region}`);
    const commission = page.getByLabel(/Комиссия, %/);
    await commission.waitFor();
    await commission.fill('3.5');
    await page.getByRole('button', { name: 'Показать изменения' }).click();
    const diff = page.getByRole('region', { name: 'Изменения' });
    const row = diff.locator('tr', { hasText: 'DEMO-0001' });
    expect(plain(await row.textContent())).toMatch(/Комиссия\s*2\.5 %\s*3\.5 %/);
    await diff.scrollIntoViewIfNeeded();
    await screenshot(page, 'console-layer-diff-1366x768');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Опубликовать' }).click();
    await page.getByText('Сохранено').waitFor();

    await expect
      .poll(
        async () => {
          const terms = await client.call('payment:terms');
          return (terms.value as { commissionBasisPoints?: number } | undefined)
            ?.commissionBasisPoints;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(350);
    await page.goto(`${central}/console/#/terminal/DEMO-0001`);
    await page.getByText(/применена/).waitFor();
    await screenshot(page, 'console-terminal-applied-1366x768');
    await page.context().close();
  }, 120_000);
});
