/**
 * The operator console in Chromium against a real central with a demo fleet: log in, see the
 * fleet, open a terminal, acknowledge an alert, change a commission through its diff, export
 * collections as CSV and XLSX. Every page is photographed at 1366×768 and 1920×1080 into
 * tests/e2e/screenshots/console-*.png and checked with axe (no serious or critical findings).
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
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

const desk = { width: 1366, height: 768 };
const wide = { width: 1920, height: 1080 };

let rig: ConsoleRig;
let browser: Browser;

beforeAll(async () => {
  ensureConsoleBuilt();
  rig = await startConsoleRig();
  for (const [login, role, scope] of [
    ['viewer', 'viewer', { all: true }],
    ['spb-operator', 'operator', { regions: ['78'], terminals: [] }],
  ] as const) {
    await rig.createUser({ login, displayName: login, role, scope, password: STRONG_PASSWORD });
  }
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await rig?.stop();
});

/**
 * Page errors apart from the 401 the app's first question (GET /v1/console/me) gets before
 * login: that answer is how it learns it must show the login page.
 */
function unexpected(errors: string[]): string[] {
  return errors.filter((line) => !line.includes('status of 401 (Unauthorized)'));
}

async function logIn(page: Page): Promise<void> {
  await page.goto(`${rig.url}/console/`);
  await page.getByLabel('Логин').fill('admin');
  await page.getByLabel('Пароль').fill(STRONG_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Терминалы' }).waitFor();
}

async function shoot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await screenshot(page, `console-${name}-${size?.width}x${size?.height}`);
  expect(await seriousA11yViolations(page), name).toEqual([]);
}

describe('operator console', () => {
  it('logs in, sees the fleet, acknowledges an alert, edits a commission, exports', async () => {
    const page = await newPage(browser, desk);
    const errors = collectPageErrors(page);
    await page.goto(`${rig.url}/console/`);
    await page.getByRole('button', { name: 'Войти' }).waitFor();
    await shoot(page, 'login');
    await logIn(page);

    const fleet = page.getByRole('table', { name: 'Терминалы' });
    await fleet.getByText('MSK-SIZO1-01', { exact: true }).waitFor();
    for (const id of ['MSK-SIZO1-02', 'MSK-SIZO2-01', 'SPB-SIZO1-01', 'SPB-SIZO1-02']) {
      expect(await fleet.getByText(id, { exact: true }).count(), id).toBe(1);
    }
    // Attention first: the silent terminal leads the list.
    const first = fleet.locator('tbody tr').first();
    expect(await first.textContent()).toMatch(/SPB-SIZO1-01.*Нет связи/);
    await shoot(page, 'fleet');

    await fleet.getByText('SPB-SIZO1-02', { exact: true }).click();
    await page.getByRole('heading', { name: 'Терминал SPB-SIZO1-02' }).waitFor();
    await page.getByText('Очередь не уходит').waitFor();
    await shoot(page, 'terminal');

    await page.goto(`${rig.url}/console/#/alerts`);
    const alerts = page.getByRole('table', { name: 'Тревоги' });
    const fault = alerts.locator('tr', { hasText: 'MSK-SIZO2-01' });
    await fault.getByText('Неисправность').waitFor();
    await fault.getByLabel('Комментарий MSK-SIZO2-01').fill('Выехал техник');
    await fault.getByRole('button', { name: 'Принять' }).click();
    await fault.getByText('Выехал техник').waitFor();
    expect(await fault.textContent()).toContain('admin');
    await shoot(page, 'alerts');

    await page.goto(`${rig.url}/console/#/config/MSK-SIZO1-01`);
    const commission = page.getByLabel('Комиссия, %');
    expect(await commission.inputValue()).toBe('2.5');
    await commission.fill('3');
    await page.getByRole('button', { name: 'Показать изменения' }).click();
    const diff = page.getByRole('region', { name: 'Изменения' });
    const row = diff.locator('tr', { hasText: 'Комиссия' });
    expect(await row.textContent()).toMatch(/Комиссия\s*2\.5 %\s*3 %/);
    expect(await diff.locator('tbody tr').count()).toBe(1);
    await shoot(page, 'config-diff');
    await page.getByRole('button', { name: 'Опубликовать' }).click();
    await page.getByText('Сохранено').waitFor();
    await page.getByText('Текущая версия: 2').waitFor();
    await shoot(page, 'config');

    await page.goto(`${rig.url}/console/#/collections`);
    const collections = page.getByRole('table', { name: 'Инкассации' });
    await collections.getByText('Петров И. С.').waitFor();
    await shoot(page, 'collections');
    const csv = await download(page, 'Скачать CSV');
    expect(csv.toString('utf8')).toMatch(/^\uFEFFИнкассация;Терминал;Регион/);
    expect(csv.toString('utf8')).toContain(';MSK-SIZO1-01;77;');
    expect(csv.toString('utf8')).toContain(';3000,00;2;Петров И. С.;1;1');
    const xlsx = await download(page, 'Скачать XLSX');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Инкассации')!;
    expect(sheet.getRow(2).getCell(2).value).toBe('MSK-SIZO1-01');
    expect(sheet.getRow(2).getCell(8).value).toBe(3000);

    for (const [hash, heading] of [
      ['#/users', 'Пользователи'],
      ['#/audit', 'Журнал'],
      ['#/account', 'Мой профиль'],
    ] as const) {
      await page.goto(`${rig.url}/console/${hash}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.locator('table, form').first().waitFor();
      await shoot(page, hash.slice(2));
    }
    expect(unexpected(errors)).toEqual([]);
    await page.context().close();
  });

  it('every page at 1920×1080, in English too', async () => {
    const page = await newPage(browser, wide);
    const errors = collectPageErrors(page);
    await page.goto(`${rig.url}/console/`);
    await shoot(page, 'login');
    await logIn(page);
    const pages = [
      ['#/fleet', 'fleet', 'MSK-SIZO1-01'],
      ['#/terminal/MSK-SIZO1-02', 'terminal', 'Последние платежи'],
      ['#/alerts', 'alerts', 'Правила тревог'],
      ['#/config/MSK-SIZO1-02', 'config', 'Текущая версия'],
      ['#/collections', 'collections', 'Петров И. С.'],
      ['#/users', 'users', 'spb'],
      ['#/audit', 'audit', 'login'],
      ['#/account', 'account', 'Второй фактор'],
    ] as const;
    for (const [hash, name, text] of pages) {
      await page.goto(`${rig.url}/console/${hash}`);
      await page.getByText(text).first().waitFor();
      await shoot(page, name);
    }
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${rig.url}/console/#/fleet`);
    await page.getByRole('heading', { name: 'Terminals' }).waitFor();
    await shoot(page, 'fleet-en');
    expect(unexpected(errors)).toEqual([]);
    await page.context().close();
  });
});

async function download(page: Page, label: string): Promise<Buffer> {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: label }).click(),
  ]);
  const where = await file.path();
  return readFileSync(where);
}
