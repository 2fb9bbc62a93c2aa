import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorSnapshot, type Language, LanguageSchema } from '../../common/contract.ts';
import {
  idleTimeoutMsDefault as idleTimeoutMs,
  idleWarningMs,
} from '../../renderer/src/app/idle-policy.ts';
import { formatRubles } from '../../renderer/src/i18n/money-format.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';
import {
  collectPageErrors,
  ensureRendererBuilt,
  launchBrowser,
  newPage,
  portrait,
  screenshot,
} from './browser.ts';
import {
  findPayee,
  kopecksOnScreen,
  type Payee,
  panelCall,
  panelClient,
  plain,
  seriousA11yViolations,
  t,
} from './kiosk-page.ts';

/**
 * Full payer journeys against the real main process (`npm start` as a child) with emulated
 * devices, driven through the screen and the emulator panel's WebSocket. One browser, one page
 * reused; each journey starts from a fresh load of the home screen.
 */

/** A note goes through the CCNET emulator in real time (escrow, stack): about a second. */
const devicePoll = { timeout: 15_000, interval: 100 };

/** A fixed demo inmate of central/generate.ts (FIXED_DEMO_INMATES, facility 77-sizo-1). */
const ivanov: Payee = {
  region: /^г\. Москва$|^Москва$/,
  facility: /СИЗО-1(?!\d)/,
  surname: 'Иванов',
  name: 'Иван',
  patronymic: 'Иванович',
  birthYear: 1985,
};

describe('payer journeys (real main process)', () => {
  let kiosk: KioskProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let panel: TestClient | null = null;
  let control: TestClient;

  beforeAll(async () => {
    ensureRendererBuilt();
    // These journeys test the ESC/POS slip (paper out before and after cash, the receipt on
    // screen): they run where another party fiscalises, as the demo setup confirms it. The
    // fiscal registrar's journey is fiscal-journey.test.ts.
    [kiosk, browser] = await Promise.all([
      startKioskProcess({ KIOSK_FISCAL: 'none' }),
      launchBrowser(),
    ]);
    page = await newPage(browser, portrait);
    errors = collectPageErrors(page);
    control = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
    // The «Emulator panel:» line may come a moment after the «Kiosk:» line the helper waits
    // for; the panel lives at a fixed path of the same host either way.
    const panelUrl = kiosk.panelUrl ?? `${kiosk.origin}/panel.html?token=${kiosk.token}`;
    panel = await panelClient(panelUrl, kiosk.origin).catch(() => null);
  });

  beforeEach(async () => {
    // Each journey starts as a new visitor: Russian, no session left by a failed test.
    errors.length = 0;
    await control.call('kiosk:setLanguage', { language: 'ru' });
    const open = await control.call('deposit:get');
    const view = open.value as { acceptedKopecks: number } | null | undefined;
    if (view) await control.call(view.acceptedKopecks > 0 ? 'deposit:pay' : 'deposit:cancel');
  });

  afterEach(async () => {
    if (panel) await panel.call('printer:setState', { paper: 'ok', coverOpen: false });
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    panel?.close();
    control?.close();
    await browser?.close();
    await kiosk?.stop();
  });

  const snapshot = async () => (await panelCall(panel!, 'emulator:snapshot')) as EmulatorSnapshot;

  async function openHome(target: Page = page, language: Language = 'ru') {
    await target.goto(kiosk.url);
    await target.getByTestId('start-payment').waitFor();
    if (language !== 'ru') {
      await target.locator(`.language-button[lang="${language}"]`).click();
      await expect.poll(() => target.locator('h1').textContent()).toBe(t(language, 'app.service'));
    }
  }

  async function toDeposit(target: Page, language: Language = 'ru') {
    await findPayee(target, ivanov);
    await target.getByTestId('screen-confirm').waitFor();
    expect(plain(await target.getByTestId('recipient').textContent())).toContain('Иванов И. И.');
    await target.getByTestId('confirm-yes').click();
    await target.getByTestId('terms').waitFor();
    await expect(target.getByTestId('terms-limit').textContent()).resolves.toBe(
      formatRubles(1_500_000, language),
    );
    await target.getByTestId('start-deposit').click();
    await target.getByTestId('screen-deposit').waitFor();
  }

  async function insert(noteKopecks: number) {
    await panelCall(panel!, 'emulator:insertNote', { noteKopecks });
  }

  const accepted = (target: Page = page) => target.getByTestId('accepted').textContent();

  it.each(LanguageSchema.options)(
    'pays 1 000 ₽ end to end in %s, with a printed receipt',
    async (language) => {
      await openHome(page, language);
      await expect(page.getByTestId('start-payment').textContent()).resolves.toContain(
        t(language, 'home.pay'),
      );
      const before = await snapshot();
      await toDeposit(page, language);
      await expect(page.getByTestId('pay').isDisabled()).resolves.toBe(true);
      await insert(100_000);
      await expect.poll(() => accepted(), devicePoll).toBe(formatRubles(100_000, language));
      const commission = await page.getByTestId('commission').textContent();
      const credited = await page.getByTestId('credited').textContent();
      // What the payer reads adds up: inserted = fee + to be credited, to the kopeck.
      const fee = kopecksOnScreen(commission, language);
      expect(fee + kopecksOnScreen(credited, language)).toBe(100_000);
      // No way back once money is in: only Pay.
      await expect(page.getByTestId('deposit-cancel').count()).resolves.toBe(0);
      await expect(page.getByTestId('nav-home').count()).resolves.toBe(0);
      if (language === 'ru') {
        await screenshot(page, 'journey-deposit');
        expect(await seriousA11yViolations(page)).toEqual([]);
      }
      await page.getByTestId('pay').click();
      await page.getByTestId('screen-success').waitFor();
      expect((await page.getByTestId('transfer-id').textContent())?.length).toBeGreaterThan(8);
      await expect(page.getByTestId('success-accepted').textContent()).resolves.toBe(
        formatRubles(100_000, language),
      );
      await expect(page.getByTestId('success-credited').textContent()).resolves.toBe(credited);
      await expect(page.getByTestId('success-commission').textContent()).resolves.toBe(commission);
      await expect(page.getByTestId('screen-success').textContent()).resolves.toContain(
        t(language, 'success.printed'),
      );
      if (language === 'ru') {
        await screenshot(page, 'journey-success');
        expect(await seriousA11yViolations(page)).toEqual([]);
      }
      const after = await snapshot();
      expect(after.acceptor.cassette.totalKopecks - before.acceptor.cassette.totalKopecks).toBe(
        100_000,
      );
      expect(after.printer.receipts.length).toBeGreaterThan(before.printer.receipts.length);
      await page.getByTestId('done').click();
      await page.getByTestId('home').waitFor();
    },
  );

  // Central's demo data has «Смирнова Ольга Петровна» and «Смирнова Ольга Викторовна», both
  // 1992, in one facility: two rows that look different. (The two «Каримов Б., 1995» look the
  // same and are told apart by the day of birth instead: tests/e2e/look-alike-journey.test.ts.)
  it('several matches: the payer chooses by birth year and facility', async () => {
    await openHome();
    await findPayee(page, {
      ...ivanov,
      surname: 'Смирнова',
      name: 'Ольга',
      patronymic: '',
      birthYear: 1992,
    });
    await page.getByTestId('screen-several').waitFor();
    const choices = page.getByTestId('matches').locator('button');
    expect(await choices.count()).toBeGreaterThan(1);
    await screenshot(page, 'journey-several');
    await choices.first().click();
    await page.getByTestId('terms').waitFor();
  });

  it('no match: says what to check and lets the payer correct the entry', async () => {
    await openHome();
    await findPayee(page, { ...ivanov, birthYear: 1961 });
    await page.getByTestId('screen-no-match').waitFor();
    const text = plain(await page.getByTestId('screen-no-match').textContent());
    for (const key of ['none.check1', 'none.check2', 'none.check3'] as const) {
      expect(text).toContain(t('ru', key));
    }
    await screenshot(page, 'journey-no-match');
    await page.getByTestId('fix').click();
    await expect(page.getByTestId('field-surname').inputValue()).resolves.toBe('ИВАНОВ');
    await page.getByTestId('nav-home').click();
    await page.getByTestId('home').waitFor();
  });

  it('a rejected note is explained in words and not counted', async () => {
    await openHome();
    await toDeposit(page);
    await panelCall(panel!, 'emulator:insertFake');
    await page.getByTestId('rejection').waitFor();
    expect(plain(await page.getByTestId('rejection').textContent())).not.toMatch(/[a-z]-[a-z]/);
    await expect(accepted()).resolves.toBe(formatRubles(0, 'ru'));
    await screenshot(page, 'journey-rejected');
    await insert(50_000);
    await expect.poll(() => accepted(), devicePoll).toBe(formatRubles(50_000, 'ru'));
    await expect(page.getByTestId('rejection').count()).resolves.toBe(0);
    await page.getByTestId('pay').click();
    await page.getByTestId('screen-success').waitFor();
    await page.getByTestId('done').click();
  });

  it('the per-payment cap: a note over it is returned, Pay takes what is in', async () => {
    await openHome();
    await toDeposit(page);
    let total = 0;
    for (const note of [500_000, 500_000, 200_000, 200_000]) {
      await insert(note);
      total += note;
      await expect.poll(() => accepted(), devicePoll).toBe(formatRubles(total, 'ru'));
    }
    await expect(page.getByTestId('remaining').textContent()).resolves.toBe(
      formatRubles(100_000, 'ru'),
    );
    // 2 000 ₽ would make 16 000 ₽: returned, said in words, and not counted.
    await insert(200_000);
    await page.getByTestId('rejection').waitFor();
    expect(plain(await page.getByTestId('rejection').textContent())).not.toMatch(/[a-z]+-[a-z]+/);
    await expect(accepted()).resolves.toBe(formatRubles(1_400_000, 'ru'));
    await screenshot(page, 'journey-cap');
    await insert(100_000);
    await expect.poll(() => accepted(), devicePoll).toBe(formatRubles(1_500_000, 'ru'));
    await expect(page.getByTestId('remaining').textContent()).resolves.toBe(formatRubles(0, 'ru'));
    await expect(page.getByTestId('screen-deposit').textContent()).resolves.toContain(
      t('ru', 'deposit.limitReached'),
    );
    await page.getByTestId('pay').click();
    await page.getByTestId('screen-success').waitFor();
    await expect(page.getByTestId('success-accepted').textContent()).resolves.toBe(
      formatRubles(1_500_000, 'ru'),
    );
    await page.getByTestId('done').click();
  });

  it('idle before cash: «are you still there?» with a countdown, then home', async () => {
    const idle = await newPage(browser, portrait);
    const idleErrors = collectPageErrors(idle);
    await idle.clock.install();
    await idle.goto(kiosk.url);
    await idle.getByTestId('home').waitFor();
    // The region screen is before cash whatever the catalogue answers.
    const start = idle.getByTestId('start-payment');
    if ((await start.count()) === 0) {
      // Payments unavailable (devices still starting): the countdown is the payer flow's, so
      // there is nothing to time out on the home screen — it must never show there.
      await idle.clock.runFor(idleTimeoutMs + idleWarningMs + 2_000);
      await expect(idle.getByTestId('idle-warning').count()).resolves.toBe(0);
      await idle.close();
      return;
    }
    await start.click();
    await idle.getByTestId('screen-region').waitFor();
    await idle.clock.runFor(idleTimeoutMs - 2_000);
    await expect(idle.getByTestId('idle-warning').count()).resolves.toBe(0);
    await idle.clock.runFor(3_000);
    await idle.getByTestId('idle-warning').waitFor();
    expect(plain(await idle.getByTestId('idle-warning').textContent())).toContain(
      t('ru', 'idle.title'),
    );
    await screenshot(idle, 'idle-warning');
    await idle.getByRole('button', { name: t('ru', 'idle.stay') }).click();
    await expect(idle.getByTestId('idle-warning').count()).resolves.toBe(0);
    await idle.getByTestId('screen-region').waitFor();
    await idle.clock.runFor(idleTimeoutMs + idleWarningMs + 2_000);
    await idle.getByTestId('home').waitFor();
    await idle.close();
    expect(idleErrors).toEqual([]);
  });

  it('idle on the deposit screen before the first note cancels the session', async () => {
    const idle = await newPage(browser, portrait);
    await idle.clock.install();
    await openHome(idle);
    await toDeposit(idle);
    await idle.clock.runFor(idleTimeoutMs + idleWarningMs + 2_000);
    await idle.getByTestId('home').waitFor();
    // Cancelled: main keeps the finished session visible as 'cancelled', or forgets it.
    const session = await control.call('deposit:get');
    const view = session.value as { state: string; acceptedKopecks: number } | null;
    expect(session.ok).toBe(true);
    if (view !== null) expect(view).toMatchObject({ state: 'cancelled', acceptedKopecks: 0 });
    await idle.close();
  });

  it('idle after cash: no countdown; main completes the payment and prints', async () => {
    const idle = await newPage(browser, portrait);
    await idle.clock.install();
    await openHome(idle);
    const before = await snapshot();
    await toDeposit(idle);
    await insert(20_000);
    await expect.poll(() => accepted(idle), devicePoll).toBe(formatRubles(20_000, 'ru'));
    await idle.clock.runFor(idleTimeoutMs + idleWarningMs + 5_000);
    await expect(idle.getByTestId('idle-warning').count()).resolves.toBe(0);
    await idle.getByTestId('screen-deposit').waitFor();
    await panelCall(panel!, 'test:expireIdle');
    await idle.getByTestId('screen-success').waitFor();
    await expect(idle.getByTestId('success-accepted').textContent()).resolves.toBe(
      formatRubles(20_000, 'ru'),
    );
    const after = await snapshot();
    expect(after.printer.receipts.length).toBeGreaterThan(before.printer.receipts.length);
    await idle.close();
  });

  it('paper runs out after cash: the receipt is shown on screen with its QR, SMS offered', async () => {
    await openHome();
    await toDeposit(page);
    await insert(10_000);
    await expect.poll(() => accepted(), devicePoll).toBe(formatRubles(10_000, 'ru'));
    await panelCall(panel!, 'printer:setState', { paper: 'out' });
    await page.getByTestId('pay').click();
    await page.getByTestId('screen-success').waitFor();
    await page.getByTestId('receipt-on-screen').waitFor();
    await expect(page.getByTestId('screen-success').textContent()).resolves.toContain(
      t('ru', 'success.unprinted'),
    );
    expect((await page.getByTestId('receipt-text').textContent())?.length).toBeGreaterThan(20);
    expect(await page.getByTestId('qr').getAttribute('data-payload')).toMatch(/\S{8,}/);
    await screenshot(page, 'journey-unprinted');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByTestId('sms-open').click();
    for (const digit of '9123456789') {
      await page
        .getByTestId('numeric-pad')
        .getByRole('button', { name: digit, exact: true })
        .click();
    }
    await expect(page.getByTestId('phone').textContent()).resolves.toBe('+7 (912) 345-67-89');
    await page.getByTestId('sms-send').click();
    await expect
      .poll(() => page.getByTestId('screen-success').textContent())
      .toContain(t('ru', 'sms.sent', { phone: '+7 (912) 345-67-89' }));
    await page.getByTestId('done').click();
    await page.getByTestId('home').waitFor();
  });

  it('printer out of paper before cash: the payer is told before any cash', async () => {
    await openHome();
    await findPayee(page, ivanov);
    await page.getByTestId('screen-confirm').waitFor();
    // The terms screen asks main, and main asks the printer (DLE EOT) at that moment.
    await panelCall(panel!, 'printer:setState', { paper: 'out' });
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('terms').waitFor();
    await expect
      .poll(
        async () =>
          (await page.getByTestId('printer-warn').count()) +
          (await page.getByTestId('printer-block').count()),
      )
      .toBe(1);
    await screenshot(page, 'journey-paper-out');
    if ((await page.getByTestId('printer-block').count()) === 1) {
      // Blocked: no way to insert cash at all, and home says so in words.
      await expect(page.getByTestId('start-deposit').count()).resolves.toBe(0);
      await page.getByTestId('nav-home').click();
      await expect
        .poll(() => page.getByTestId('home').textContent(), devicePoll)
        .toContain(t('ru', 'status.printer-unavailable'));
      return;
    }
    await expect(page.getByTestId('start-deposit').textContent()).resolves.toContain(
      t('ru', 'printer.warn.continue'),
    );
    await page.getByTestId('start-deposit').click();
    await page.getByTestId('screen-deposit').waitFor();
    await insert(10_000);
    await expect.poll(() => accepted(), devicePoll).toBe(formatRubles(10_000, 'ru'));
    await page.getByTestId('pay').click();
    await page.getByTestId('receipt-on-screen').waitFor();
    expect((await page.getByTestId('receipt-text').textContent())?.length).toBeGreaterThan(20);
    await page.getByTestId('qr').waitFor();
    await screenshot(page, 'journey-unprinted');
    await page.getByTestId('sms-open').click();
    for (const digit of '9123456789') {
      await page
        .getByTestId('numeric-pad')
        .getByRole('button', { name: digit, exact: true })
        .click();
    }
    await expect(page.getByTestId('phone').textContent()).resolves.toBe('+7 (912) 345-67-89');
    await page.getByTestId('sms-send').click();
    await expect
      .poll(() => page.getByTestId('screen-success').textContent())
      .toContain(t('ru', 'sms.sent', { phone: '+7 (912) 345-67-89' }));
    await page.getByTestId('done').click();
  });
});
