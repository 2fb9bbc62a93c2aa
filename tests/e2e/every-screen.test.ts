import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import type { TestClient } from '../support/ws-client.ts';
import {
  collectPageErrors,
  ensureRendererBuilt,
  landscape,
  launchBrowser,
  newPage,
  portrait,
  screenshot,
} from './browser.ts';
import { panelCall, panelClient, seriousA11yViolations, typeOnKeyboard } from './kiosk-page.ts';

/**
 * Every screen of the payer's journey, in both orientations of the touchscreen: a screenshot
 * for people to look at (tests/e2e/screenshots/screen-*) and an axe check with no serious or
 * critical violations (issue 8).
 */
describe('every payer screen, portrait and landscape', () => {
  let kiosk: KioskProcess;
  let browser: Browser;
  let panel: TestClient;

  beforeAll(async () => {
    ensureRendererBuilt();
    [kiosk, browser] = await Promise.all([startKioskProcess(), launchBrowser()]);
    panel = await panelClient(kiosk.panelUrl ?? kiosk.url, kiosk.origin);
  });

  afterAll(async () => {
    panel?.close();
    await browser?.close();
    await kiosk?.stop();
  });

  it.each([
    ['portrait', portrait],
    ['landscape', landscape],
  ] as const)('%s', async (orientation, viewport) => {
    const page = await newPage(browser, viewport);
    const errors = collectPageErrors(page);
    const problems: string[] = [];
    let index = 0;
    const check = async (name: string) => {
      index += 1;
      await screenshot(page, `screen-${orientation}-${String(index).padStart(2, '0')}-${name}`);
      for (const violation of await seriousA11yViolations(page))
        problems.push(`${name}: ${violation}`);
    };
    await walkJourney(page, panel, kiosk.url, check);
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

async function walkJourney(
  page: Page,
  panel: TestClient,
  url: string,
  check: (name: string) => Promise<void>,
): Promise<void> {
  await page.goto(url);
  await page.getByTestId('start-payment').waitFor();
  await check('home');
  await page.getByTestId('start-payment').click();
  await page.getByTestId('screen-region').waitFor();
  await check('region');
  await page
    .getByTestId('region-list')
    .locator('.choice-title', { hasText: /Москва/ })
    .first()
    .click();
  await page.getByTestId('facility-list').waitFor();
  await check('facility');
  await page
    .getByTestId('facility-list')
    .locator('.choice-title', { hasText: /СИЗО-1(?!\d)/ })
    .first()
    .click();
  await page.getByTestId('screen-name').waitFor();
  await typeOnKeyboard(page, 'Иванов');
  await page.getByTestId('field-name').click();
  await typeOnKeyboard(page, 'Иван');
  await check('name');
  await page.getByTestId('nav-next').click();
  await page.getByTestId('decade-1980').click();
  await check('year');
  await page.getByTestId('year-1985').click();
  await page.getByTestId('find').click();
  await page.getByTestId('screen-confirm').waitFor();
  await check('confirm');
  await page.getByTestId('confirm-yes').click();
  await page.getByTestId('terms').waitFor();
  await check('terms');
  await page.getByTestId('start-deposit').click();
  await page.getByTestId('screen-deposit').waitFor();
  await check('deposit-empty');
  await panelCall(panel, 'emulator:insertNote', { noteKopecks: 50_000 });
  await page.getByTestId('pay').and(page.locator(':not([disabled])')).waitFor({ timeout: 15_000 });
  await check('deposit-note');
  await page.getByTestId('pay').click();
  await page.getByTestId('screen-success').waitFor();
  await check('success');
  await page.getByTestId('done').click();
  await page.getByTestId('home').waitFor();
}
