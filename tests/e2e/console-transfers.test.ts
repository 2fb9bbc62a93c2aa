/**
 * The console's Transfers page in Chromium against a real central with the demo fleet: an
 * administrator opens it from the menu, searches by terminal from the keyboard, opens a row
 * with Enter, sees its lifecycle and credits it. Photographed at 1366×768
 * (tests/e2e/screenshots/console-transfers-1366x768.png) and checked with axe.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleRig, STRONG_PASSWORD, startConsoleRig } from '../support/console-fleet.ts';
import {
  collectPageErrors,
  ensureConsoleBuilt,
  launchBrowser,
  newPage,
  screenshot,
} from './browser.ts';
import { seriousA11yViolations } from './kiosk-page.ts';

let rig: ConsoleRig;
let browser: Browser;

beforeAll(async () => {
  ensureConsoleBuilt();
  rig = await startConsoleRig();
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await rig?.stop();
});

describe('console transfers', () => {
  it('searches by terminal, opens a transfer with the keyboard and credits it', async () => {
    const page = await newPage(browser, { width: 1366, height: 768 });
    const errors = collectPageErrors(page);
    await page.goto(`${rig.url}/console/`);
    await page.getByLabel('Логин').fill('admin');
    await page.getByLabel('Пароль').fill(STRONG_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { name: 'Терминалы' }).waitFor();

    await page.getByRole('link', { name: 'Переводы' }).click();
    await page.getByRole('heading', { name: 'Переводы' }).waitFor();
    const table = page.getByRole('table', { name: 'Переводы' });
    await table.getByText('MSK-SIZO1-01').first().waitFor();
    expect(await table.locator('tbody tr').count()).toBe(6);

    // "/" focuses the search; the terminal field, then Enter searches.
    await page.keyboard.press('/');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('MSK-SIZO1-02');
    await page.keyboard.press('Enter');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3);
    expect(await table.getByText('MSK-SIZO1-01').count()).toBe(0);

    await table.locator('tbody tr').first().focus();
    await page.keyboard.press('Enter');
    const detail = page.getByRole('region', { name: /Перевод/ });
    await detail.getByRole('list', { name: 'Ход перевода' }).waitFor();
    await detail.getByRole('button', { name: 'Зачислить' }).click();
    await table.getByText('зачислен').waitFor();
    expect(await detail.getByRole('button', { name: 'Зачислить' }).count()).toBe(0);

    await screenshot(page, 'console-transfers-1366x768');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Apart from the 401 the app's first question (GET /v1/console/me) gets before login.
    expect(errors.filter((line) => !line.includes('status of 401'))).toEqual([]);
  }, 120_000);
});
