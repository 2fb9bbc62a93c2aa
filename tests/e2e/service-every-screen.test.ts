import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, landscape, newPage, portrait, screenshot } from './browser.ts';
import { keyProblems, seriousA11yViolations } from './kiosk-page.ts';
import {
  demoFacilityId,
  enterPin,
  payOnce,
  pins,
  type ServiceKiosk,
  startServiceKiosk,
  tapServiceGesture,
} from './service-support.ts';

/**
 * Every service-mode screen, from the first-start wizard of a fresh kiosk to each section an
 * operator or collector opens, in both orientations (tests/e2e/screenshots/service-*): the
 * operator stands at the touchscreen, so every control is a finger's size, nothing runs off
 * the side, whatever is below the fold can be scrolled to, the on-screen keyboard types with
 * keys ≥ 72 px, and axe finds nothing serious (contrast, names of controls).
 */

const terminalId = 'T-E2E-SCREENS';
const TARGET_PX_MIN = 48;
let service: ServiceKiosk;

beforeAll(async () => {
  service = await startServiceKiosk(terminalId);
});
afterAll(async () => {
  await service?.close();
});

describe('every service screen, portrait and landscape', () => {
  it('is shot, and fit for a finger, in both orientations', async () => {
    // A page in its own context, as axe-core needs.
    const page = await newPage(service.browser, portrait);
    await page.goto(service.kiosk.url);
    const errors = collectPageErrors(page);
    const problems: string[] = [];
    let index = 0;
    const shoot = async (name: string) => {
      index += 1;
      const shot = `${String(index).padStart(2, '0')}-${name}`;
      for (const [orientation, viewport] of [
        ['portrait', portrait],
        ['landscape', landscape],
      ] as const) {
        await page.setViewportSize(viewport);
        await screenshot(page, `service-${orientation}-${shot}`);
        const typing = await page.getByTestId('keyboard').isVisible();
        const found = [
          ...(await layoutProblems(page, viewport.width)),
          ...(typing ? await keyProblems(page) : []),
          ...(await seriousA11yViolations(page)),
        ];
        problems.push(...found.map((line) => `${shot} ${orientation}: ${line}`));
      }
      await page.setViewportSize(portrait);
    };

    await wizard(page, shoot);
    // A payment, so that the journal and the collection have something to show.
    await payOnce(service, 100_000);
    await tapServiceGesture(page);
    await page.getByTestId('service-pin').waitFor();
    await shoot('pin-pad');
    await enterPin(page, pins.operator);
    await page.getByTestId('service-diagnostics').waitFor();
    await shoot('operator-diagnostics');
    for (const tab of ['collection', 'settings', 'journal', 'logs'] as const) {
      await page.getByTestId(`service-tab-${tab}`).click();
      await page.getByTestId(`service-${tab}`).waitFor();
      await shoot(`operator-${tab}`);
    }
    await page.getByTestId('service-tab-journal').click();
    await page.getByTestId('journal-search').click();
    await page.getByTestId('journal-row').first().waitFor();
    await page.getByTestId('journal-id').click();
    await page.getByTestId('keyboard').waitFor();
    await shoot('operator-journal-typing');
    await page.getByTestId('service-exit').click();

    await tapServiceGesture(page);
    await enterPin(page, pins.collector);
    await page.getByTestId('service-collection').waitFor();
    await shoot('collector-collection');
    await page.getByTestId('collection-removed').check();
    await page.getByTestId('collection-confirm').click();
    await page.getByTestId('collection-done').waitFor();
    await shoot('collector-collection-done');
    await page.getByTestId('service-exit').click();

    expect(problems).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);
});

/** The first-start wizard, each step typed on the on-screen keyboard where it asks for text. */
async function wizard(page: Page, shoot: (name: string) => Promise<void>): Promise<void> {
  await tapServiceGesture(page);
  await page.getByTestId('setup-wizard').waitFor();
  await page.getByTestId('setup-terminal-id').click();
  await typeOnServiceKeyboard(page, terminalId);
  await shoot('wizard-1-terminal');
  const code = await service.central.central.issueEnrolmentCode(terminalId, [demoFacilityId]);
  await page.getByTestId('setup-code').fill(code);
  await page.getByTestId('setup-next').click();
  await page.getByTestId('setup-facility-filter').fill(demoFacilityId);
  await page.getByTestId(`setup-facility-${demoFacilityId}`).check();
  await shoot('wizard-2-facilities');
  await page.getByTestId('setup-next').click();
  await page.getByTestId('setup-agent-name').fill('ООО «Тест-Агент»');
  await page.getByTestId('setup-agent-address').fill('г. Москва, ул. Тестовая, д. 1');
  await page.getByTestId('setup-agent-inn').fill('7707083893');
  await page.getByTestId('setup-agent-terminalAddress').fill('СИЗО-1, зал ожидания');
  await shoot('wizard-3-agent');
  await page.getByTestId('setup-next').click();
  await page.getByTestId('setup-probe').click();
  await page.getByTestId('setup-ports').waitFor();
  await shoot('wizard-4-devices');
  await page.getByTestId('setup-next').click();
  await page.getByTestId('setup-test-print').click();
  await page.getByTestId('setup-test-log').getByText('напечатана').waitFor();
  await shoot('wizard-5-tests');
  await page.getByTestId('setup-next').click();
  await page.getByTestId('central-config').getByText('версия 1').waitFor();
  await shoot('wizard-6-central');
  await page.getByTestId('setup-next').click();
  await page.getByTestId('setup-operator-pin').fill(pins.operator);
  await page.getByTestId('setup-collector-pin').fill(pins.collector);
  await shoot('wizard-7-pins');
  await page.getByTestId('setup-next').click();
  await page.getByTestId('setup-wizard').waitFor({ state: 'detached' });
}

/** Keys of the on-screen keyboard, into the field that has the focus. */
async function typeOnServiceKeyboard(page: Page, text: string): Promise<void> {
  const keyboard = page.getByTestId('keyboard');
  for (const char of text) {
    if (/[A-Z]/.test(char)) {
      await keyboard.locator('[data-key="{shift}"]').click();
      if ((await keyboard.getAttribute('data-layout')) !== 'latin') {
        await keyboard.locator('[data-key="{lang}"]').click();
      }
      await keyboard.locator(`[data-key="${char}"]`).click();
      await keyboard.locator('[data-key="{shift}"]').click();
    } else await keyboard.locator(`[data-key="${char}"]`).click();
  }
}

/**
 * What an operator at the kiosk would trip over: a control under a finger's size, anything
 * running off the side of the screen, content below the fold with no way to scroll to it.
 */
async function layoutProblems(page: Page, widthPx: number): Promise<string[]> {
  return page.evaluate(
    ({ minPx, width }) => {
      const problems: string[] = [];
      const root = document.querySelector<HTMLElement>('.service');
      if (root === null) return ['no service screen'];
      const controls = root.querySelectorAll<HTMLElement>('button, input, select, textarea');
      for (const control of controls) {
        const box = control.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        const label =
          control.dataset.testid ??
          control.dataset.key ??
          (control.textContent?.trim() || control.getAttribute('type') || control.tagName);
        if (box.height < minPx || box.width < minPx) {
          problems.push(`${label}: ${Math.round(box.width)}×${Math.round(box.height)} px`);
        }
        if (box.right > width + 1 || box.left < -1) problems.push(`${label}: off the side`);
      }
      if (document.documentElement.scrollWidth > width + 1) problems.push('scrolls sideways');
      const scrollable = ['auto', 'scroll'].includes(getComputedStyle(root).overflowY);
      const clipped = root.scrollHeight > root.clientHeight + 1;
      const belowFold = root.getBoundingClientRect().bottom > window.innerHeight + 1;
      if ((clipped && !scrollable) || belowFold) {
        problems.push('content below the fold cannot be scrolled to');
      }
      return problems;
    },
    { minPx: TARGET_PX_MIN, width: widthPx },
  );
}
