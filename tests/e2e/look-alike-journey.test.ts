import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
import { findPayee, type Payee, plain, seriousA11yViolations, t } from './kiosk-page.ts';

/**
 * Telling people apart without exposing them, against the real main process and the demo
 * data (central/generate.ts): look-alikes are never listed; the day and month of birth tell
 * them apart; people born the same day cannot be paid here; an approximate match is shown as
 * such and confirmed explicitly.
 */
const sizo1 = { region: /^г\. Москва$|^Москва$/, facility: /СИЗО-1(?!\d)/ };
const karimov: Payee = { ...sizo1, surname: 'Каримов', name: 'Бахтиёр', birthYear: 1995 };
const akhmedov: Payee = {
  ...sizo1,
  surname: 'Ахмедов',
  name: 'Рустам',
  patronymic: 'Ильхомович',
  birthYear: 1988,
};

describe('look-alikes and approximate matches (real main process)', () => {
  let kiosk: KioskProcess;
  let browser: Browser;
  const pages: Page[] = [];
  const errors: string[][] = [];

  beforeAll(async () => {
    ensureRendererBuilt();
    [kiosk, browser] = await Promise.all([startKioskProcess(), launchBrowser()]);
    for (const viewport of [landscape, portrait]) {
      const page = await newPage(browser, viewport);
      pages.push(page);
      errors.push(collectPageErrors(page));
    }
  });

  beforeEach(() => {
    for (const list of errors) list.length = 0;
  });

  afterAll(async () => {
    await browser?.close();
    await kiosk?.stop();
  });

  async function openHome(page: Page) {
    await page.goto(kiosk.url);
    await page.getByTestId('start-payment').waitFor();
  }

  async function enterBirthDate(page: Page, day: number, month: number) {
    await page.getByTestId(`day-${day}`).click();
    await page.getByTestId(`month-${month}`).click();
    await page.getByTestId('birth-date-find').click();
  }

  it('tells the two «Каримов Б., 1995» apart by the day and month of birth, in both orientations', async () => {
    const cases = [
      { page: pages[0]!, name: 'landscape', day: 14, month: 3 },
      { page: pages[1]!, name: 'portrait', day: 2, month: 11 },
    ];
    for (const { page, name, day, month } of cases) {
      await openHome(page);
      await findPayee(page, karimov);
      // No list of two rows that look the same: the payer is asked the day of birth.
      await page.getByTestId('screen-birth-date').waitFor();
      expect(await page.getByTestId('screen-several').count()).toBe(0);
      await screenshot(page, `look-alike-birth-date-${name}`);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await enterBirthDate(page, day, month);
      if (day === 14) {
        // Born 14 March: «Каримов Бахтиёр», exactly as typed.
        await page.getByTestId('screen-confirm').waitFor();
        expect(plain(await page.getByTestId('recipient').textContent())).toContain('Каримов Б.');
        await screenshot(page, `look-alike-told-apart-${name}`);
        await page.getByTestId('confirm-yes').click();
      } else {
        // Born 2 November: «Каримов Бахтияр», one letter off what was typed.
        await page.getByTestId('screen-approximate').waitFor();
        await expect(page.getByTestId('corrected-name').textContent()).resolves.toBe('Б.');
        await screenshot(page, `look-alike-told-apart-${name}`);
        await page.getByTestId('approx-yes').click();
      }
      await page.getByTestId('terms').waitFor();
    }
    expect(errors.flat()).toEqual([]);
  });

  it('people born the same day stay alike: no payment, the facility’s office to ask', async () => {
    const page = pages[1]!;
    await openHome(page);
    await findPayee(page, akhmedov);
    await page.getByTestId('screen-birth-date').waitFor();
    await enterBirthDate(page, 20, 5);
    await page.getByTestId('screen-cannot-pay').waitFor();
    const text = plain(await page.getByTestId('screen-cannot-pay').textContent());
    expect(text).toContain(t('ru', 'cannotPay.alike'));
    expect(text).toMatch(/№ 1\b/);
    await expect(page.getByTestId('cannot-pay-phone').textContent()).resolves.toMatch(/\+7/);
    expect(await page.getByTestId('start-deposit').count()).toBe(0);
    await screenshot(page, 'look-alike-cannot-pay');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors.flat()).toEqual([]);
  });

  it('«не знаю» on the day-of-birth step also ends in the cannot-pay screen', async () => {
    const page = pages[0]!;
    await openHome(page);
    await findPayee(page, karimov);
    await page.getByTestId('screen-birth-date').waitFor();
    await page.getByTestId('birth-date-unknown').click();
    await page.getByTestId('screen-cannot-pay').waitFor();
    await page.getByTestId('fix').click();
    await page.getByTestId('screen-name').waitFor();
    expect(errors.flat()).toEqual([]);
  });

  it('«Иванова Ивана 1985» is shown as a similar person, corrected parts marked, and confirmed', async () => {
    const page = pages[1]!;
    await openHome(page);
    await findPayee(page, { ...sizo1, surname: 'Иванова', name: 'Ивана', birthYear: 1985 });
    await page.getByTestId('screen-approximate').waitFor();
    const title = plain(await page.locator('h1, h2').first().textContent());
    expect(title).toBe(t('ru', 'approx.title', { name: 'Иванов И. И.' }));
    await expect(page.getByTestId('corrected-surname').textContent()).resolves.toBe('Иванов');
    await expect(page.getByTestId('corrected-name').textContent()).resolves.toBe('И.');
    expect(await page.getByTestId('corrected-patronymic').count()).toBe(0);
    // Not the exact match's screen: it needs its own, explicit confirmation.
    expect(await page.getByTestId('confirm-yes').count()).toBe(0);
    await screenshot(page, 'journey-approximate');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByTestId('approx-yes').click();
    await page.getByTestId('terms').waitFor();
    expect(errors.flat()).toEqual([]);
  });
});
