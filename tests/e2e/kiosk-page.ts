import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Language } from '../../common/contract.ts';
import { translate } from '../../renderer/src/i18n/i18n.ts';
import type { MessageKey } from '../../renderer/src/i18n/i18n.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';

/** Drives the payer's screen the way a finger does: by visible buttons and keys. */

export const t = (language: Language, key: MessageKey, params?: Record<string, string | number>) =>
  translate(language, key, params);

/** Visible text with NBSP and narrow NBSP as plain spaces (Intl groups with them). */
export const plain = (text: string | null) => (text ?? '').replace(/[\u00a0\u202f\u2009]/g, ' ');

/** «1 000,50 ₽» (or «1,000.50 ₽» in English) back to integer kopecks, to check the sums. */
export function kopecksOnScreen(text: string | null, language: Language): number {
  const bare = plain(text).replace(/[ ₽]/g, '');
  const [whole = '', fraction = ''] = (
    language === 'en' ? bare.replaceAll(',', '') : bare.replaceAll('.', '')
  ).split(language === 'en' ? '.' : ',');
  if (!/^\d+$/.test(whole) || !/^\d{0,2}$/.test(fraction)) throw new Error(`not money: ${text}`);
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** Taps the on-screen keys of `text` as given (the name keyboard has capitals only). */
export async function typeKeys(page: Page, text: string): Promise<void> {
  for (const char of text) {
    const key = char === ' ' ? '{space}' : char;
    await page.getByTestId('keyboard').locator(`[data-key="${key}"]`).first().click();
  }
}

/** A name on the name keyboard, which types in capitals as names stand in documents. */
export async function typeOnKeyboard(page: Page, text: string): Promise<void> {
  await typeKeys(page, text.toUpperCase());
}

export type Payee = {
  /** Matched against the list rows' titles: main maps central's names to the kiosk's. */
  region: RegExp;
  facility: RegExp;
  surname: string;
  name: string;
  patronymic?: string;
  birthYear: number;
};

/** Home → region → facility → ФИО → year → search; leaves the page on the search outcome. */
export async function findPayee(page: Page, payee: Payee): Promise<void> {
  await page.getByTestId('start-payment').click();
  await page
    .getByTestId('region-list')
    .locator('.choice-title', { hasText: payee.region })
    .first()
    .click();
  await page
    .getByTestId('facility-list')
    .locator('.choice-title', { hasText: payee.facility })
    .first()
    .click();
  await page.getByTestId('screen-name').waitFor();
  await typeOnKeyboard(page, payee.surname);
  await page.getByTestId('field-name').click();
  await typeOnKeyboard(page, payee.name);
  if (payee.patronymic) {
    await page.getByTestId('field-patronymic').click();
    await typeOnKeyboard(page, payee.patronymic);
  }
  await page.getByTestId('nav-next').click();
  const decade = payee.birthYear - (payee.birthYear % 10);
  await page.getByTestId(`decade-${decade}`).click();
  await page.getByTestId(`year-${payee.birthYear}`).click();
  await page.getByTestId('find').click();
}

/** The panel's WebSocket, as the e2e tests' hand on the emulated devices. */
export async function panelClient(panelUrl: string, origin: string): Promise<TestClient> {
  return connectClient(wsUrlOf(panelUrl, '/panel-ws'), origin);
}

export async function panelCall(
  panel: TestClient,
  channel: string,
  args: unknown = {},
): Promise<unknown> {
  const result = await panel.call(channel, args);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** axe-core over the current page: serious and critical violations, as readable lines. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}

/** Every key of the on-screen keyboard: at least this wide and high (≈ 20 mm under a finger). */
export const KEY_PX_MIN = 72;

/**
 * Each character key as the browser lays it out: wide and high enough, and really visible —
 * on the screen and not clipped by a scrolled area or covered (the element near each of its
 * corners is the key itself).
 */
export async function keyProblems(page: Page): Promise<string[]> {
  return page.getByTestId('keyboard').evaluate((keyboard, minPx) => {
    const keys = [...keyboard.querySelectorAll<HTMLElement>('.key-char')];
    const problems = keys.length > 0 ? [] : ['no character keys'];
    for (const key of keys) {
      const box = key.getBoundingClientRect();
      const label = key.dataset.key ?? '?';
      if (box.width < minPx || box.height < minPx) {
        problems.push(`${label}: ${box.width.toFixed(1)}×${box.height.toFixed(1)} px`);
      }
      // Inside the rounded corners: a fifth of the way in from each side.
      const [dx, dy] = [box.width / 5, box.height / 5];
      const corners = [
        [box.left + dx, box.top + dy],
        [box.right - dx, box.top + dy],
        [box.left + dx, box.bottom - dy],
        [box.right - dx, box.bottom - dy],
      ] as const;
      const visible = corners.every(([x, y]) => {
        const hit = document.elementFromPoint(x, y);
        return hit !== null && (hit === key || key.contains(hit));
      });
      if (!visible) problems.push(`${label}: not all visible`);
    }
    return problems;
  }, KEY_PX_MIN);
}
