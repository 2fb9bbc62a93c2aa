/**
 * A kiosk goes offline and the console says so. Chromium against a standalone central with
 * three terminals: two kiosk processes (`npm start`'s entry, emulated devices, enrolled through
 * the first-start wizard's commands) and one simulated terminal whose signed heartbeats this
 * test sends. The console shows all three online; the offline rule is set to 10 s on the alerts
 * page; one kiosk is killed (SIGKILL); meanwhile the other kiosk's logs are fetched through the
 * console; then the killed one turns offline in the fleet and its offline alert opens within
 * the rule. Screenshots tests/e2e/screenshots/console-offline-*.png and console-logs-*.png.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertListSchema } from '../../common/console-wire.ts';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  type TestCentral,
} from '../support/central-harness.ts';
import { heartbeatBody, STRONG_PASSWORD } from '../support/console-fleet.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, wsUrlOf } from '../support/ws-client.ts';
import { ensureConsoleBuilt, launchBrowser, newPage, screenshot } from './browser.ts';
import { plain } from './kiosk-page.ts';

const desk = { width: 1366, height: 768 };
const HEARTBEAT_MS = 1_000;
const OFFLINE_SECONDS = 10;
/** The fleet is evaluated this often in this test's central (30 s by default). */
const EVALUATE_EVERY_MS = 1_000;
const STAYS = 'MSK-KIOSK-01';
const DIES = 'MSK-KIOSK-02';
const SIMULATED = 'SPB-SIM-01';

let central: TestCentral;
let kiosks: KioskProcess[] = [];
let simulated: EnrolledTerminal;
let simulatedTimer: NodeJS.Timeout | undefined;
let browser: Browser;

/** A fresh kiosk enrolled as an operator's wizard does it, then out of service mode. */
async function enrolKiosk(kiosk: KioskProcess, terminalId: string): Promise<void> {
  const client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
  try {
    const begun = await client.call('setup:begin');
    const { token } = begun.value as { token: string };
    const code = await central.central.issueEnrolmentCode(terminalId, ['77-sizo-1']);
    const enrolled = await client.call('setup:enrol', { token, terminalId, code });
    if (!enrolled.ok) throw new Error(`enrol ${terminalId}: ${JSON.stringify(enrolled)}`);
    await client.call('service:logout', { token });
  } finally {
    client.close();
  }
}

beforeAll(async () => {
  ensureConsoleBuilt();
  central = await startTestCentral({
    demo: true,
    console: { evaluateEveryMs: EVALUATE_EVERY_MS },
  });
  const kioskEnv = {
    KIOSK_CENTRAL_URL: central.central.url,
    KIOSK_DEMO_SETUP: '0',
    KIOSK_BILL_ACCEPTOR: 'emulator',
    KIOSK_PRINTER: 'emulator',
    KIOSK_HEARTBEAT_MS: String(HEARTBEAT_MS),
  };
  const started = await Promise.all([
    startKioskProcess(kioskEnv),
    startKioskProcess(kioskEnv),
    launchBrowser(),
  ]);
  kiosks = [started[0], started[1]];
  browser = started[2];
  await Promise.all([enrolKiosk(started[0], STAYS), enrolKiosk(started[1], DIES)]);
  simulated = await central.enrolTerminal(SIMULATED, ['78-sizo-1']);
  const beat = () =>
    void signedFetch(central.central.url, simulated, 'POST', '/v1/terminal/heartbeat', {
      body: heartbeatBody(Date.now()),
    }).catch(() => undefined);
  beat();
  simulatedTimer = setInterval(beat, HEARTBEAT_MS);
  const admin = await central.admin('POST', '/v1/admin/console-users', {
    login: 'admin',
    displayName: 'Анна Администратор',
    password: STRONG_PASSWORD,
  });
  if (admin.status !== 201) throw new Error(`console user: ${admin.status}`);
}, 60_000);

afterAll(async () => {
  clearInterval(simulatedTimer);
  await browser?.close();
  await Promise.all(kiosks.map((kiosk) => kiosk.stop()));
  await central?.stop();
});

async function logIn(page: Page): Promise<void> {
  await page.goto(`${central.central.url}/console/`);
  await page.getByLabel('Логин').fill('admin');
  await page.getByLabel('Пароль').fill(STRONG_PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('heading', { name: 'Терминалы' }).waitFor();
}

function fleetRow(page: Page, terminalId: string) {
  return page
    .getByRole('table', { name: 'Терминалы' })
    .locator('tbody tr', { has: page.getByRole('link', { name: terminalId, exact: true }) });
}

describe('a kiosk goes offline', () => {
  it('shows three terminals online, then the killed kiosk offline and its alert; logs arrive meanwhile', async () => {
    const page = await newPage(browser, desk);
    await logIn(page);
    for (const id of [STAYS, DIES, SIMULATED]) {
      await fleetRow(page, id).getByText('На связи').waitFor({ timeout: 20_000 });
    }
    await screenshot(page, 'console-offline-all-online-1366x768');

    // The administrator shortens the offline rule on the alerts page.
    await page.goto(`${central.central.url}/console/#/alerts`);
    const offlineRule = page.getByLabel('Нет связи дольше, с');
    await offlineRule.waitFor();
    expect(await offlineRule.inputValue()).toBe('600');
    await offlineRule.fill(String(OFFLINE_SECONDS));
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено').waitFor();

    const dying = kiosks[1]!;
    dying.child.kill('SIGKILL');
    const killedAtMs = Date.now();

    // While the rule runs out: the surviving kiosk's last hour of logs, through the console.
    await page.goto(`${central.central.url}/console/#/terminal/${STAYS}`);
    const form = page.getByRole('form', { name: 'Команды терминалу' });
    await form.getByLabel('Команда').selectOption('upload-logs');
    await form.getByLabel('Журнал за последние, ч').fill('1');
    const [sent] = await Promise.all([
      page.waitForResponse(
        (answer) => answer.request().method() === 'POST' && answer.url().endsWith('/commands'),
      ),
      form.getByRole('button', { name: 'Отправить' }).click(),
    ]);
    const { commandId } = (await sent.json()) as { commandId: number };
    const row = page.locator(`tr[data-command-id="${commandId}"]`);
    await row.getByText('выполнена').waitFor({ timeout: 20_000 });
    const lineCount = Number(/(\d+) lines/.exec(plain(await row.textContent()))?.[1]);
    expect(lineCount).toBeGreaterThan(0);
    await screenshot(page, 'console-logs-1366x768');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: 'Скачать' }).click(),
    ]);
    const lines = readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(lineCount);
    const entries = lines.map((line) => JSON.parse(line) as { time: number; pid: number });
    // That kiosk's own log lines (its process id), of the hour asked for.
    expect(entries.every((entry) => entry.pid === kiosks[0]!.child.pid)).toBe(true);
    expect(entries.every((entry) => entry.time >= killedAtMs - 3_600_000)).toBe(true);
    expect(lines.some((line) => line.includes('"terminal config in force"'))).toBe(true);

    // The killed kiosk: offline in the fleet, then its alert.
    await page.goto(`${central.central.url}/console/#/fleet`);
    await fleetRow(page, DIES)
      .getByText('Нет связи', { exact: true })
      .waitFor({ timeout: (OFFLINE_SECONDS + 20) * 1_000 });
    expect(plain(await fleetRow(page, STAYS).textContent())).toContain('На связи');
    expect(plain(await fleetRow(page, SIMULATED).textContent())).toContain('На связи');
    // Attention first: the silent kiosk leads the list.
    expect(
      plain(
        await page
          .getByRole('table', { name: 'Терминалы' })
          .locator('tbody tr')
          .first()
          .textContent(),
      ),
    ).toContain(DIES);
    await screenshot(page, 'console-offline-fleet-1366x768');

    await page.goto(`${central.central.url}/console/#/alerts`);
    const alert = page.getByRole('table', { name: 'Тревоги' }).locator('tr', { hasText: DIES });
    await alert.getByText(`Нет связи дольше ${OFFLINE_SECONDS} с`).waitFor({ timeout: 10_000 });
    await screenshot(page, 'console-offline-alert-1366x768');

    const answer = await page.request.get(`${central.central.url}/v1/console/alerts`);
    const alerts = AlertListSchema.parse(await answer.json()).alerts;
    const offline = alerts.filter((each) => each.kind === 'offline');
    expect(offline.map((each) => each.terminalId)).toEqual([DIES]);
    // Opened once the rule ran out, and no later than one evaluation round (plus a heartbeat
    // that may have left just before the kill) after it.
    const openedAfterKillMs = offline[0]!.openedAtMs - killedAtMs;
    expect(openedAfterKillMs).toBeGreaterThan(OFFLINE_SECONDS * 1_000 - HEARTBEAT_MS);
    expect(openedAfterKillMs).toBeLessThan(OFFLINE_SECONDS * 1_000 + EVALUATE_EVERY_MS + 2_000);
    await page.context().close();
  }, 80_000);
});
