import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import { keyProblems, typeKeys } from './kiosk-page.ts';

/**
 * Every screen with the on-screen keyboard, in both orientations of the touchscreen: a
 * screenshot of each (tests/e2e/screenshots/keyboard-*) and, measured in the browser, every
 * character key at least 72 px wide and high (≈ 20 mm under a finger) and inside the screen.
 */

const ADMIN_TOKEN = 'e2e-keyboard-admin-token-0123456789';
const PHONE_DIGITS = '9161112233';
const PASSWORD = 'зима2029';

describe('every keyboard screen, portrait and landscape', () => {
  let kiosk: KioskProcess;
  let browser: Browser;
  let centralUrl: string;
  let registered = false;

  beforeAll(async () => {
    ensureRendererBuilt();
    [kiosk, browser] = await Promise.all([
      startKioskProcess({ CENTRAL_ADMIN_TOKEN: ADMIN_TOKEN }),
      launchBrowser(),
    ]);
    const embedded = /Embedded central API: (\S+)/.exec(kiosk.output())?.[1];
    if (embedded === undefined) throw new Error(`no embedded central:\n${kiosk.output()}`);
    centralUrl = embedded;
  }, 120_000);

  afterAll(async () => {
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
    const check = async (name: string) => {
      await page.getByTestId('keyboard').waitFor();
      await screenshot(page, `keyboard-${orientation}-${name}`);
      problems.push(...(await keyProblems(page)).map((line) => `${name}: ${line}`));
    };
    await page.goto(kiosk.url);
    await payerScreens(page, check);
    await accountScreens(page, check, async () => {
      if (!registered) {
        await register(page);
        registered = true;
      } else await logIn(page);
    });
    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  async function register(page: Page) {
    await page.getByTestId('acc-go-register').click();
    await page.getByTestId('acc-phone').fill(PHONE_DIGITS);
    await page.getByTestId('acc-get-code').click();
    await page.getByTestId('acc-info').waitFor();
    await page.getByTestId('acc-code').fill(await smsCode());
    for (const field of ['acc-password', 'acc-passwordAgain']) {
      await page.getByTestId(field).click();
      await typeKeys(page, PASSWORD);
    }
    // Central refuses an empty name although the form calls it optional: one is typed.
    await page.getByTestId('acc-name').click();
    await typeKeys(page, 'ирина');
    await page.getByTestId('acc-submit').click();
    await loggedIn(page);
  }

  async function logIn(page: Page) {
    await page.getByTestId('acc-go-login').click();
    await page.getByTestId('acc-phone').fill(PHONE_DIGITS);
    await page.getByTestId('acc-password').fill(PASSWORD);
    await page.getByTestId('acc-submit').click();
    await loggedIn(page);
  }

  /** The account home, or the refusal shown instead of it, in the failure. */
  async function loggedIn(page: Page) {
    const home = page.getByTestId('acc-home');
    await home.or(page.getByTestId('acc-error')).first().waitFor();
    if (!(await home.isVisible())) {
      throw new Error(`not logged in: ${await page.getByTestId('acc-error').textContent()}`);
    }
  }

  async function smsCode(): Promise<string> {
    let code = '';
    await expect
      .poll(
        async () => {
          const response = await fetch(`${centralUrl}/v1/dev/sms?phone=%2B7${PHONE_DIGITS}`, {
            headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          });
          const { messages } = (await response.json()) as { messages: { text: string }[] };
          code = /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? '';
          return code;
        },
        { timeout: 15_000, interval: 100 },
      )
      .not.toBe('');
    return code;
  }
});

type Check = (name: string) => Promise<void>;

/** Region and facility search, and the recipient's name in both layouts. */
async function payerScreens(page: Page, check: Check): Promise<void> {
  await page.getByTestId('start-payment').click();
  await page.getByTestId('region-list-filter').click();
  await typeKeys(page, 'МОСК');
  await check('01-region-search');
  await page.getByTestId('region-list').locator('.choice').first().click();
  await page.getByTestId('facility-list-filter').click();
  await typeKeys(page, '1');
  await check('02-facility-search');
  await page.getByTestId('facility-list').locator('.choice').first().click();
  await page.getByTestId('screen-name').waitFor();
  await typeKeys(page, 'ХОЖ-АХМЕД');
  await check('03-name-cyrillic');
  await page.getByTestId('keyboard').locator('[data-key="{lang}"]').click();
  await check('04-name-latin');
  await page.getByTestId('nav-home').click();
  await page.getByTestId('home').waitFor();
}

/** The account area's forms, before and after logging in, and one visitor language's letters. */
async function accountScreens(page: Page, check: Check, logIn: () => Promise<void>) {
  await page.getByTestId('acc-open').click();
  const forms = ['login', 'login-code', 'register', 'recover', 'track'] as const;
  for (const [index, form] of forms.entries()) {
    await page.getByTestId(`acc-go-${form}`).click();
    await check(`${String(index + 5).padStart(2, '0')}-account-${form}`);
    await page.getByTestId('acc-back').click();
    await page.getByTestId('acc-entry').waitFor();
  }
  await logIn();
  const pages = ['letter', 'support', 'profile'] as const;
  for (const [index, name] of pages.entries()) {
    await page.getByTestId(`acc-go-${name}`).click();
    await check(`${String(index + 10).padStart(2, '0')}-account-${name}`);
    await page.getByTestId('acc-back').click();
    await page.getByTestId('acc-home').waitFor();
  }
  await page.getByTestId('acc-exit').click();
  await page.getByTestId('home').waitFor();
  // Tajik: the Cyrillic keyboard gains a row of its own letters.
  await page.locator('button[lang="tg"]').click();
  await page.getByTestId('acc-open').click();
  await page.getByTestId('acc-go-login').click();
  await check('13-account-login-tajik');
  await page.getByTestId('keyboard').locator('[data-key="{lang}"]').click();
  await check('14-account-login-tajik-latin');
  await page.getByTestId('acc-back').click();
  await page.getByTestId('acc-close').click();
  await page.locator('button[lang="ru"]').click();
}
