import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import {
  collectPageErrors,
  ensureRendererBuilt,
  launchBrowser,
  newPage,
  portrait,
  screenshot,
} from './browser.ts';
import {
  kopecksOnScreen,
  panelCall,
  panelClient,
  plain,
  typeKeys as typeKeysOnPage,
  typeOnKeyboard,
} from './kiosk-page.ts';
import type { TestClient } from '../support/ws-client.ts';
import { STRONG_PASSWORD } from '../support/console-fleet.ts';
import { demoConsoleUser } from '../../main/dev/demo-setup.ts';

/**
 * The payer-account journey on the real kiosk (`npm start` as a child, emulated
 * devices, embedded central): register, exit, recover with the code from the development SMS
 * gateway, log in, pay cash and save the recipient, pay again from it, pay from the wallet,
 * send a letter with a reply blank, track a transfer without logging in, write to support.
 * One screenshot per screen under tests/e2e/screenshots/account-*.png.
 */

const ADMIN_TOKEN = 'e2e-accounts-admin-token-0123456789';
const PHONE_DIGITS = '9161234567';
const PHONE = `+7${PHONE_DIGITS}`;
const devicePoll = { timeout: 15_000, interval: 100 };

describe('payer account on the kiosk (real main process)', () => {
  let kiosk: KioskProcess;
  let browser: Browser;
  let page: Page;
  let panel: TestClient;
  let errors: string[];
  let centralUrl: string;

  beforeAll(async () => {
    ensureRendererBuilt();
    [kiosk, browser] = await Promise.all([
      startKioskProcess({ CENTRAL_ADMIN_TOKEN: ADMIN_TOKEN }),
      launchBrowser(),
    ]);
    page = await newPage(browser, portrait);
    errors = collectPageErrors(page);
    const panelUrl = kiosk.panelUrl ?? `${kiosk.origin}/panel.html?token=${kiosk.token}`;
    panel = await panelClient(panelUrl, kiosk.origin);
    // The notices are printed before the «Kiosk:» line the helper waits for.
    const embedded = /Embedded central API: (\S+)/.exec(kiosk.output())?.[1];
    if (embedded === undefined) throw new Error(`no embedded central:\n${kiosk.output()}`);
    centralUrl = embedded;
  }, 120_000);

  afterAll(async () => {
    panel?.close();
    await browser?.close();
    await kiosk?.stop();
  });

  const shot = (name: string) => screenshot(page, `account-${name}`);
  const byTest = (id: string) => page.getByTestId(id);

  async function smsCode(): Promise<string> {
    let code = '';
    await expect
      .poll(async () => {
        const response = await fetch(`${centralUrl}/v1/dev/sms?phone=%2B7${PHONE_DIGITS}`, {
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        const { messages } = (await response.json()) as { messages: { text: string }[] };
        code = /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? '';
        return code;
      }, devicePoll)
      .not.toBe('');
    return code;
  }

  /** Keys of the account keyboard, the way a finger types (lower case, digits). */
  async function typeKeys(text: string) {
    await typeKeysOnPage(page, text);
  }

  async function openAccount() {
    await page.goto(kiosk.url);
    await byTest('acc-open').click();
  }

  async function logInWithPassword(password: string) {
    await byTest('acc-go-login').click();
    await byTest('acc-phone').fill(PHONE_DIGITS);
    await byTest('acc-password').click();
    await typeKeys(password);
    await byTest('acc-submit').click();
    await byTest('acc-home').waitFor();
  }

  async function payCashOnDeposit(noteKopecks: number) {
    await byTest('screen-terms').waitFor();
    await byTest('start-deposit').click();
    await byTest('screen-deposit').waitFor();
    await panelCall(panel, 'emulator:insertNote', { noteKopecks });
    await expect.poll(async () => byTest('pay').isEnabled(), devicePoll).toBe(true);
    await byTest('pay').click();
    await byTest('screen-success').waitFor();
  }

  it('registers, exits, recovers the password by SMS and logs in', async () => {
    await openAccount();
    await byTest('acc-entry').waitFor();
    await shot('01-entry');
    await byTest('acc-go-register').click();
    await byTest('acc-phone').fill(PHONE_DIGITS);
    await byTest('acc-get-code').click();
    await byTest('acc-info').waitFor();
    await byTest('acc-code').fill(await smsCode());
    await byTest('acc-password').click();
    await typeKeys('весна2027кот');
    await byTest('acc-passwordAgain').click();
    await typeKeys('весна2028кот');
    await byTest('acc-name').click();
    await typeKeys('ирина');
    await shot('02-register');
    await byTest('acc-submit').click();
    await expect(byTest('acc-error').textContent()).resolves.toContain('не совпадают');
    await byTest('acc-passwordAgain').fill('');
    await byTest('acc-passwordAgain').click();
    await typeKeys('весна2027кот');
    await byTest('acc-submit').click();
    await byTest('acc-home').waitFor();
    await expect(byTest('acc-wallet').textContent()).resolves.toMatch(/0/);
    await shot('03-home');

    await byTest('acc-exit').click();
    await byTest('home').waitFor();
    await byTest('acc-open').click();
    await byTest('acc-go-recover').click();
    await byTest('acc-phone').fill(PHONE_DIGITS);
    await byTest('acc-get-code').click();
    await byTest('acc-info').waitFor();
    await byTest('acc-code').fill(await smsCode());
    await byTest('acc-password').click();
    await typeKeys('осень2028лис');
    await byTest('acc-passwordAgain').click();
    await typeKeys('осень2028лис');
    await shot('04-recover');
    await byTest('acc-submit').click();
    await byTest('acc-home').waitFor();
    await byTest('acc-exit').click();

    await openAccount();
    await byTest('acc-go-login').click();
    await byTest('acc-phone').fill(PHONE_DIGITS);
    await byTest('acc-password').click();
    await typeKeys('весна2027кот');
    await byTest('acc-submit').click();
    await expect(byTest('acc-error').textContent()).resolves.toContain('Неверный');
    await shot('05-login-wrong');
    await byTest('acc-back').click();
    await logInWithPassword('осень2028лис');
    await byTest('acc-exit').click();
    expect(errors).toEqual([]);
  });

  it('pays cash and saves the recipient, then pays again from it in two taps', async () => {
    await openAccount();
    await logInWithPassword('осень2028лис');
    await byTest('acc-pay-cash').click();
    await page
      .getByTestId('region-list')
      .locator('.choice-title', { hasText: /Москва/ })
      .first()
      .click();
    await page
      .getByTestId('facility-list')
      .locator('.choice-title', { hasText: /СИЗО-1(?!\d)/ })
      .first()
      .click();
    await byTest('screen-name').waitFor();
    await typeOnKeyboard(page, 'Иванов');
    await byTest('field-name').click();
    await typeOnKeyboard(page, 'Иван');
    await byTest('field-patronymic').click();
    await typeOnKeyboard(page, 'Иванович');
    await byTest('nav-next').click();
    await byTest('decade-1980').click();
    await byTest('year-1985').click();
    await byTest('find').click();
    await byTest('confirm-yes').click();
    await payCashOnDeposit(100_000);
    await byTest('acc-save-template').click();
    await byTest('acc-template-saved').waitFor();
    await shot('06-success-saved');
    await byTest('done').click();
    await byTest('home').waitFor();

    await openAccount();
    await logInWithPassword('осень2028лис');
    await byTest('acc-go-templates').click();
    await byTest('acc-template').first().click();
    await shot('07-templates');
    await byTest('acc-t-cash').click();
    await payCashOnDeposit(50_000);
    await byTest('done').click();
    await byTest('home').waitFor();
    expect(errors).toEqual([]);
  });

  it('tops up the wallet with cash, pays from it, sends a letter, sees the history', async () => {
    // Cash into the wallet goes the transfer road: terms (no commission), deposit, receipt,
    // outbox → central's wallet endpoint.
    await openAccount();
    await logInWithPassword('осень2028лис');
    await byTest('acc-go-top-up').click();
    await byTest('screen-terms').waitFor();
    await shot('08-top-up-terms');
    await byTest('start-deposit').click();
    await byTest('screen-deposit').waitFor();
    for (const total of [/1 000/, /2 000/]) {
      await panelCall(panel, 'emulator:insertNote', { noteKopecks: 100_000 });
      await expect
        .poll(async () => plain(await byTest('accepted').textContent()), devicePoll)
        .toMatch(total);
    }
    await expect(byTest('commission').textContent()).resolves.toMatch(/^0/);
    await byTest('pay').click();
    await byTest('screen-success').waitFor();
    await shot('08-top-up-success');
    await byTest('done').click();
    await byTest('home').waitFor();

    await openAccount();
    await logInWithPassword('осень2028лис');
    await expect
      .poll(async () => {
        await byTest('acc-go-profile').click();
        await byTest('acc-back').click();
        return plain(await byTest('acc-wallet').textContent());
      }, devicePoll)
      .toMatch(/2 000/);
    await shot('08-home-wallet');
    await byTest('acc-go-templates').click();
    await byTest('acc-template').first().click();
    await byTest('acc-t-wallet').click();
    await expect.poll(() => byTest('acc-info').textContent(), devicePoll).toContain('принят');
    await shot('09-wallet-paid');
    await byTest('acc-back').click();

    await byTest('acc-go-letter').click();
    await byTest('acc-letter-to').first().click();
    await byTest('acc-letter-text').click();
    await typeKeys('привет держись');
    await byTest('acc-blanks-plus').click();
    await expect
      .poll(async () => plain(await byTest('acc-letter-price').textContent()), devicePoll)
      .toContain('55');
    await shot('10-letter');
    await byTest('acc-letter-pay').click();
    await expect.poll(() => byTest('acc-info').textContent(), devicePoll).toContain('бланков: 1');
    await byTest('acc-back').click();

    await byTest('acc-go-history').click();
    await expect.poll(() => byTest('acc-history-transfer').count(), devicePoll).toBeGreaterThan(0);
    await expect.poll(() => byTest('acc-history-letter').count(), devicePoll).toBe(1);
    await expect.poll(() => byTest('acc-history-wallet').count(), devicePoll).toBe(3);
    await shot('11-history');
    await byTest('acc-back').click();
    await byTest('acc-exit').click();
    expect(errors).toEqual([]);
  });

  it('sends a letter paid in cash: what is above its price stays on the wallet', async () => {
    await openAccount();
    await logInWithPassword('осень2028лис');
    const walletBefore = await walletKopecks();
    await byTest('acc-go-letter').click();
    await byTest('acc-letter-to').first().click();
    await byTest('acc-letter-text').click();
    await typeKeys('жду ответа');
    await byTest('acc-blanks-plus').click();
    await byTest('acc-blanks-plus').click();
    // One page (30 ₽) and two reply blanks (2 × 25 ₽): 80 ₽.
    await expect
      .poll(async () => plain(await byTest('acc-letter-price').textContent()), devicePoll)
      .toContain('80');
    await byTest('acc-letter-cash').click();
    await byTest('letter-terms').waitFor();
    expect(plain(await byTest('letter-terms-price').textContent())).toContain('80');
    await shot('10a-letter-cash-terms');
    await byTest('start-deposit').click();
    await byTest('screen-deposit').waitFor();
    await panelCall(panel, 'emulator:insertNote', { noteKopecks: 5_000 });
    await expect
      .poll(async () => plain(await byTest('letter-due').textContent()), devicePoll)
      .toContain('30');
    expect(await byTest('pay').isEnabled()).toBe(false);
    expect(await byTest('pay-wallet-only').isVisible()).toBe(true);
    await shot('10b-letter-cash-due');
    await panelCall(panel, 'emulator:insertNote', { noteKopecks: 10_000 });
    await expect
      .poll(async () => plain(await byTest('letter-due').textContent()), devicePoll)
      .toContain('70');
    await expect.poll(async () => byTest('pay').isEnabled(), devicePoll).toBe(true);
    await byTest('pay').click();
    await byTest('screen-success').waitFor();
    expect(await byTest('success-letter').getAttribute('data-paid')).toBe('true');
    await shot('10c-letter-cash-success');
    await byTest('done').click();
    await byTest('home').waitFor();

    // The outbox delivers the cash with its letter; central pays the letter from it.
    await openAccount();
    await logInWithPassword('осень2028лис');
    await expect.poll(() => walletKopecks(), devicePoll).toBe(walletBefore + 7_000);
    // Central has the letter: the kiosk keeps none of its words.
    await expect.poll(() => kioskLetterTexts(), devicePoll).toBe(0);
    await byTest('acc-go-history').click();
    await expect.poll(() => byTest('acc-history-letter').count(), devicePoll).toBe(2);
    await byTest('acc-back').click();
    await byTest('acc-exit').click();
    expect(errors).toEqual([]);
  });

  it('shows a letter the facility answered in the console, with its scanned reply', async () => {
    // The facility's office: a console user of the embedded central, made by the demo admin.
    const consoleCall = async (path: string, body: unknown, token = '') => {
      const answer = await fetch(`${centralUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    };
    const login = async (name: string, password: string) =>
      String((await consoleCall('/v1/console/login', { login: name, password })).body.sessionToken);
    const admin = await login(demoConsoleUser.login, demoConsoleUser.password);
    const created = await consoleCall(
      '/v1/console/users',
      {
        login: 'sizo-office',
        displayName: 'Канцелярия',
        email: null,
        role: 'facility-staff',
        scope: { regions: ['77'], terminals: [] },
        password: STRONG_PASSWORD,
      },
      admin,
    );
    expect(created.status).toBe(201);
    const staff = await login('sizo-office', STRONG_PASSWORD);
    const listed = await fetch(`${centralUrl}/v1/console/letters`, {
      headers: { authorization: `Bearer ${staff}` },
    });
    const { letters } = (await listed.json()) as {
      letters: { letterId: string; replyBlanks: number }[];
    };
    const letter = letters.find((one) => one.replyBlanks > 0)!;
    // A scanned reply blank, drawn by the same Chromium.
    const drawing = await browser.newPage({ viewport: { width: 600, height: 420 } });
    await drawing.setContent(
      '<body style="margin:0;background:#fffdf6;font:24px serif;color:#1d2a6b;padding:30px">' +
        '<p style="font:14px sans-serif;color:#666">БЛАНК ОТВЕТА</p>' +
        '<p><i>Спасибо за письмо! У меня всё хорошо.</i></p></body>',
    );
    const scan = await drawing.screenshot({ type: 'png' });
    await drawing.close();
    expect(
      (await consoleCall(`/v1/console/letters/${letter.letterId}/delivered`, {}, staff)).status,
    ).toBe(200);
    const attached = await consoleCall(
      `/v1/console/letters/${letter.letterId}/reply`,
      { fileName: 'scan.png', contentType: 'image/png', dataBase64: scan.toString('base64') },
      staff,
    );
    expect(attached.status).toBe(200);

    await openAccount();
    await logInWithPassword('осень2028лис');
    await byTest('acc-go-history').click();
    const answered = page.locator('[data-testid=acc-letter-status][data-status=answered]');
    await expect.poll(() => answered.count(), devicePoll).toBe(1);
    await byTest('acc-letter-show-reply').click();
    const reply = byTest('acc-letter-reply');
    await reply.waitFor();
    await expect
      .poll(
        () => reply.evaluate((element) => (element as HTMLImageElement).naturalWidth),
        devicePoll,
      )
      .toBe(600);
    await reply.scrollIntoViewIfNeeded();
    await shot('11b-letter-reply');
    await byTest('acc-back').click();
    await byTest('acc-exit').click();
    expect(errors).toEqual([]);
  });

  it('tracks a transfer by number without logging in, and writes to support', async () => {
    const transferId = await lastWalletTransferId();
    await page.goto(kiosk.url);
    await byTest('acc-open-track').click();
    await byTest('acc-transferId').fill(transferId);
    await byTest('acc-find').click();
    await expect
      .poll(() => byTest('acc-tracked-status').getAttribute('data-status'), devicePoll)
      .toMatch(/accepted|sent|credited/);
    await shot('12-track');
    await byTest('acc-back').click();

    // Support without logging in (a payer who lost their phone): the answer goes to the
    // contact left on the form, here a phone through central's SMS gateway.
    const contactDigits = '9167654321';
    await byTest('acc-go-support').click();
    await byTest('acc-contact').fill(`8${contactDigits}`);
    await byTest('acc-transferRef').fill(transferId.slice(-8));
    await byTest('acc-text').click();
    await typeKeys('потерял телефон');
    await byTest('acc-guest-support-send').click();
    await expect
      .poll(() => byTest('acc-guest-support').textContent(), devicePoll)
      .toContain(`8${contactDigits}`);
    await shot('12b-guest-support');
    const guests = await fetch(`${centralUrl}/v1/admin/guest-support-requests`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const { requests } = (await guests.json()) as {
      requests: { requestId: string; contact: string; transferRef: string | null }[];
    };
    expect(requests[0]).toMatchObject({
      contact: `+7${contactDigits}`,
      transferRef: transferId.slice(-8),
    });
    await fetch(`${centralUrl}/v1/admin/guest-support-requests/${requests[0]!.requestId}/reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reply: 'Перевод зачислен' }),
    });
    const answered = await fetch(`${centralUrl}/v1/dev/sms?phone=%2B7${contactDigits}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const { messages: answers } = (await answered.json()) as { messages: { text: string }[] };
    expect(answers.map((message) => message.text)).toEqual(['Поддержка: Перевод зачислен']);
    await byTest('acc-back').click();

    await logInWithPassword('осень2028лис');
    await byTest('acc-go-support').click();
    await byTest('acc-support-about').first().click();
    await byTest('acc-text').click();
    await typeKeys('где деньги');
    await byTest('acc-support-send').click();
    await expect.poll(() => byTest('acc-support-message').count(), devicePoll).toBe(1);
    const queue = await fetch(`${centralUrl}/v1/admin/support-messages`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const { messages } = (await queue.json()) as {
      messages: { messageId: string; phone: string; transferId: string | null }[];
    };
    expect(messages[0]).toMatchObject({ phone: PHONE, transferId: expect.any(String) });
    await fetch(`${centralUrl}/v1/admin/support-messages/${messages[0]!.messageId}/reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reply: 'Зачислено' }),
    });
    await byTest('acc-back').click();
    await byTest('acc-go-support').click();
    await expect
      .poll(() => byTest('acc-support-message').first().textContent(), devicePoll)
      .toContain('Зачислено');
    await shot('13-support');
    await byTest('acc-back').click();
    await byTest('acc-go-profile').click();
    await shot('14-profile');
    await byTest('acc-back').click();
    await byTest('acc-exit').click();
    await byTest('home').waitFor();
    expect(errors).toEqual([]);
  });

  /** The wallet on the account home, read fresh from central (profile and back). */
  async function walletKopecks(): Promise<number> {
    await byTest('acc-go-profile').click();
    await byTest('acc-back').click();
    return kopecksOnScreen(await byTest('acc-wallet').textContent(), 'ru');
  }

  async function kioskLetterTexts(): Promise<number> {
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(`${kiosk.dataDir}/ledger.sqlite`, { readOnly: true });
    try {
      const row = db.prepare('SELECT COUNT(*) AS n FROM letter_text').get() as { n: number };
      return row.n;
    } finally {
      db.close();
    }
  }

  async function lastWalletTransferId(): Promise<string> {
    const { DatabaseSync } = await import('node:sqlite');
    const db = new DatabaseSync(`${kiosk.dataDir}/central/central.sqlite`, { readOnly: true });
    try {
      const row = db
        .prepare(
          `SELECT t.id FROM transfers t JOIN payer_accounts a ON a.id = t.payer_account_id
             WHERE a.phone = ? ORDER BY t.accepted_at_ms DESC LIMIT 1`,
        )
        .get(PHONE) as { id: string };
      return row.id;
    } finally {
      db.close();
    }
  }
});
