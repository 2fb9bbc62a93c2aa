/**
 * The service screens in a real browser against the real service handlers (real ledger file,
 * real PIN hashing), with only the devices stood in: independent of the kiosk's wiring, so the
 * screens are checked even before main/kiosk.ts plugs service mode in.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceCommands } from '../../common/contract.ts';
import { receiptText } from '../../main/core/receipt-layout.ts';
import { createEventBus } from '../../main/event-bus.ts';
import { createDispatcher } from '../../main/hosts/dispatch.ts';
import { type HeadlessHost, startHeadlessHost } from '../../main/hosts/headless.ts';
import { silentLogger } from '../../main/log.ts';
import { createHarness, depositAndCommit, type Harness } from '../support/service-harness.ts';
import { repoRoot } from '../support/kiosk-process.ts';
import { launchBrowser } from './browser.ts';

let outDir: string;
let harness: Harness;
let host: HeadlessHost;
let browser: Browser;
let page: Page;
const pins = { operator: '4321', collector: '8765' };

async function buildPreview(): Promise<void> {
  const { build } = await import('vite');
  const react = (await import('@vitejs/plugin-react')).default;
  await build({
    configFile: false,
    root: path.join(repoRoot, 'renderer'),
    base: './',
    logLevel: 'warn',
    plugins: [react()],
    build: {
      outDir,
      emptyOutDir: true,
      rollupOptions: { input: path.join(repoRoot, 'renderer/src/service/preview.html') },
    },
  });
}

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), 'service-preview-'));
  await buildPreview();
  harness = createHarness();
  const events = createEventBus(() => {});
  harness.deps.emit = (event, payload) => events.emit(event, payload);
  harness.deps.emitKeyDetected = (payload) => events.emit('service:keyDetected', payload);
  harness.deps.central.facilities = async () => ({
    ok: true,
    value: [
      {
        id: 'f-1',
        regionId: 'r-1',
        type: 'СИЗО',
        number: '1',
        shortName: 'СИЗО-1',
        name: 'ФКУ СИЗО-1',
        address: 'Москва',
      },
    ],
  });
  const dispatch = createDispatcher(serviceCommands, harness.mode.handlers, silentLogger());
  host = await startHeadlessHost({
    port: 0,
    staticDir: outDir,
    kiosk: { dispatch, events },
    panel: null,
    log: silentLogger(),
  });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(host.url.replace('/?', '/src/service/preview.html?'));
  await page.getByTestId('preview-home').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  harness?.close();
  rmSync(outDir, { recursive: true, force: true });
});

async function gesture(): Promise<void> {
  for (let index = 0; index < 5; index += 1) await page.mouse.click(10, 10);
}

async function enterPin(pin: string): Promise<void> {
  await page.getByTestId('service-pin').waitFor();
  for (const digit of pin) {
    await page.getByTestId('service-pin').getByRole('button', { name: digit, exact: true }).click();
  }
  await page.getByTestId('service-pin-ok').click();
}

async function exit(): Promise<void> {
  await page.getByTestId('service-exit').click();
  await page.getByTestId('preview-home').waitFor();
}

describe('service screens', () => {
  it('the wizard sets the kiosk up, then the PIN pad opens the operator menu', async () => {
    await gesture();
    await page.getByTestId('setup-wizard').waitFor();
    await page.getByTestId('setup-terminal-id').fill('T-PREVIEW');
    await page.getByTestId('setup-code').fill('GOOD-CODE');
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-facility-f-1').check();
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-agent-name').fill('ООО «Тест»');
    await page.getByTestId('setup-agent-address').fill('г. Москва, ул. Тестовая, 1');
    await page.getByTestId('setup-agent-inn').fill('7707083893');
    await page.getByTestId('setup-agent-terminalAddress').fill('СИЗО-1, холл');
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-probe').click();
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-test-print').click();
    await page.getByTestId('setup-test-log').getByText('напечатана').waitFor();
    await page.getByTestId('setup-next').click();
    await page.getByTestId('central-config').getByText('версия 1').waitFor();
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-operator-pin').fill(pins.operator);
    await page.getByTestId('setup-collector-pin').fill(pins.collector);
    await page.getByTestId('setup-next').click();
    await page.getByTestId('preview-home').waitFor();
    expect(harness.mode.isSetUp()).toBe(true);
    expect(receiptText(harness.printed[0]!)).toContain('ТЕСТ ПЕЧАТИ');

    await gesture();
    await enterPin(pins.operator);
    await page.getByTestId('service-diagnostics').waitFor();
    expect(await page.getByTestId('diag-paper').textContent()).toBe('есть');
    await exit();
  });

  it('settings: a change is saved through main and shows up in the ledger', async () => {
    await gesture();
    await enterPin(pins.operator);
    await page.getByTestId('service-tab-settings').click();
    await page.getByTestId('settings-cap').fill('12000');
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-message').getByText('Сохранено').waitFor();
    const stored = harness.ledger.settings.keys();
    expect(stored).toContain('service.settings');
    await exit();
  });

  it('collection: a mismatch needs a comment; the report is printed and counters reset', async () => {
    depositAndCommit(harness.ledger, [100_000, 50_000], harness.clock.nowMs);
    await gesture();
    await enterPin(pins.collector);
    await page.getByTestId('service-collection').waitFor();
    expect(await page.getByTestId('collection-total').textContent()).toContain('1 500,00');
    await page.getByText('есть расхождение').click();
    await page.getByTestId('count-50000').fill('0');
    await page.getByTestId('collection-removed').check();
    await page.getByTestId('collection-confirm').click();
    await page.getByText('нужен комментарий').waitFor();
    await page.getByTestId('collection-comment').fill('Не хватает 500 ₽');
    await page.getByTestId('collection-confirm').click();
    await page.getByTestId('collection-done').waitFor();
    const paper = receiptText(harness.printed.at(-1)!);
    expect(paper).toMatch(/И\s?Н\s?К\s?А\s?С\s?С\s?А\s?Ц\s?И\s?Я/);
    expect(paper).toContain('Не хватает 500');
    expect(harness.ledger.totalsSinceLastCollection().totalKopecks).toBe(0);
    expect(await page.getByTestId('service-tab-settings').count()).toBe(0);
    await exit();
  });

  it('journal: finds a payment and prints a copy', async () => {
    const transferId = depositAndCommit(harness.ledger, [20_000], harness.clock.nowMs + 1_000);
    await gesture();
    await enterPin(pins.operator);
    await page.getByTestId('service-tab-journal').click();
    await page.getByTestId('journal-id').fill(transferId.slice(0, 20));
    await page.getByTestId('journal-search').click();
    await page.getByTestId('journal-row').first().getByTestId('journal-reprint').click();
    await page.getByTestId('journal-message').getByText('напечатана').waitFor();
    const paper = receiptText(harness.printed.at(-1)!);
    expect(paper).toContain(transferId);
    expect(paper).toMatch(/К\s?О\s?П\s?И\s?Я/);
    await exit();
  });

  it('an idle timeout in main sends the screen back to the payer home', async () => {
    await gesture();
    await enterPin(pins.operator);
    await page.getByTestId('service-menu').waitFor();
    harness.clock.nowMs += 10 * 60_000;
    // The session manager's timer would fire on its own; this check expires it now.
    expect(harness.mode.isActive()).toBe(false);
    await page.getByTestId('preview-home').waitFor();
  });

  it('a service key file brings up the PIN pad, and only the PIN pad', async () => {
    const stop = harness.mode.startKeyWatch(100);
    try {
      writeFileSync(path.join(harness.dataDir, 'service.key'), 'key');
      await page.getByTestId('service-pin').waitFor();
      expect(await page.getByTestId('service-menu').count()).toBe(0);
      await page.getByText('Выйти').click();
      await page.getByTestId('preview-home').waitFor();
    } finally {
      stop();
      rmSync(path.join(harness.dataDir, 'service.key'));
    }
  });

  it('wrong PINs lock the pad; the right PIN is refused while locked', async () => {
    await gesture();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await enterPin('0000');
      await page.getByTestId('service-pin-message').waitFor();
    }
    await page.getByTestId('service-locked').waitFor();
    await enterPin(pins.operator);
    await page.getByTestId('service-pin-message').getByText('locked').waitFor();
    expect(await page.getByTestId('service-menu').count()).toBe(0);
  });
});
