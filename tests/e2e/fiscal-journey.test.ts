import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import jsQRModule from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorSnapshot, FiscalEmulatorSnapshot } from '../../common/contract.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';
import {
  collectPageErrors,
  ensureRendererBuilt,
  landscape,
  launchBrowser,
  newPage,
  portrait,
  screenshot,
} from './browser.ts';
import { findPayee, type Payee, panelCall, panelClient, t } from './kiosk-page.ts';
import { enterPin, tapServiceGesture } from './service-support.ts';

// jsqr is CommonJS typed as an ES default export (see escpos-receipts.test.ts).
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

/**
 * The demo kiosk as shipped (`npm start`'s entry, KIOSK_FISCAL=emulator): a payment on the screen
 * is registered by the emulated Shtrih-M ККТ behind the real driver. Its tape, read back as text
 * and as the PNG a person would see, carries every requisite of a payment agent's receipt, and
 * the fiscal QR decoded from the picture names the sum and the ФН the ledger holds. The service
 * fiscal panel and the refusal of a ФН at its end are photographed in both orientations. A shift
 * that ran out is closed and reopened on its own, and a planned shift change waits while a payer's
 * cash is inside.
 */
const ADMIN_TOKEN = 'e2e-fiscal-admin-token-0123456789abcdef';
const ivanov: Payee = {
  region: /^г\. Москва$|^Москва$/,
  facility: /СИЗО-1(?!\d)/,
  surname: 'Иванов',
  name: 'Иван',
  patronymic: 'Иванович',
  birthYear: 1985,
};
const devicePoll = { timeout: 15_000, interval: 100 };

describe('fiscal receipts in the demo (emulated ФР)', () => {
  let kiosk: KioskProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let client: TestClient;
  let panel: TestClient;
  let centralUrl: string;

  beforeAll(async () => {
    ensureRendererBuilt();
    [kiosk, browser] = await Promise.all([
      startKioskProcess({
        CENTRAL_ADMIN_TOKEN: ADMIN_TOKEN,
        KIOSK_FISCAL_TICK_MS: '500',
        KIOSK_HEARTBEAT_MS: '1000',
        // The quiet hour of the shift change below is a UTC minute.
        TZ: 'UTC',
      }),
      launchBrowser(),
    ]);
    centralUrl = /Embedded central API: (\S+)/.exec(kiosk.output())?.[1] ?? '';
    page = await newPage(browser, portrait);
    errors = collectPageErrors(page);
    client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
    panel = await panelClient(
      kiosk.panelUrl ?? `${kiosk.origin}/panel.html?token=${kiosk.token}`,
      kiosk.origin,
    );
  }, 120_000);

  afterAll(async () => {
    client?.close();
    panel?.close();
    await browser?.close();
    await kiosk?.stop();
  });

  const fiscal = async () =>
    ((await panelCall(panel, 'emulator:snapshot')) as EmulatorSnapshot).fiscal as
      | FiscalEmulatorSnapshot
      | undefined;
  const status = async () =>
    (await client.call('kiosk:getStatus')).value as {
      acceptingPayments: boolean;
      unavailableReason: string | null;
    };
  const accepting = () =>
    expect.poll(async () => (await status()).acceptingPayments, devicePoll).toBe(true);

  it('a payment prints a fiscal receipt with every requisite; its QR matches the ledger', async () => {
    await accepting();
    await page.goto(kiosk.url);
    await findPayee(page, ivanov);
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('start-deposit').click();
    await page.getByTestId('screen-deposit').waitFor();
    await panelCall(panel, 'emulator:insertNote', { noteKopecks: 100_000 });
    await expect.poll(() => page.getByTestId('pay').isEnabled(), devicePoll).toBe(true);
    await page.getByTestId('pay').click();
    await page.getByTestId('screen-success').waitFor();
    const transferId = (await page.getByTestId('transfer-id').textContent()) ?? '';
    const row = fiscalRow(kiosk.dataDir, transferId);
    expect(row.state).toBe('issued');
    expect(row.total_kopecks).toBe(100_000);
    // The screen shows the numbers the ФН signed.
    await expect(page.getByTestId('success-fiscal').getAttribute('data-state')).resolves.toBe(
      'issued',
    );
    const requisites = await page.getByTestId('success-fiscal-requisites').textContent();
    expect(requisites).toContain(String(row.fd_number));
    expect(requisites).toContain(String(row.fiscal_sign));
    expect(requisites).toContain(row.fn_number);
    await screenshot(page, 'fiscal-success-portrait');

    const piece = (await fiscal())?.tape.find((each) =>
      new RegExp(`^ФД +${row.fd_number}$`, 'm').test(each.text),
    );
    if (piece === undefined) throw new Error('the fiscal receipt is not on the tape');
    const text = piece.text;
    const line = (label: string, value: string | number) =>
      expect(text).toMatch(
        new RegExp(`^${escapeRegExp(label)} +${escapeRegExp(String(value))}$`, 'm'),
      );
    expect(text).toMatch(/КАССОВЫЙ ЧЕК/);
    expect(text).toMatch(/^ +ПРИХОД$/m);
    expect(text).toMatch(/^ПЛ\. АГЕНТ$/m);
    line('ТЛФ. ПЛ. АГЕНТА', '+74952153860');
    line('ТЛФ. ОП. ПР. ПЛАТЕЖА', '+78002506114');
    line('ТЛФ. ПОСТ.', '+74956091742');
    expect(text).toContain('ПОСТАВЩИК УФК по г. Москве');
    expect(text).toContain('ИНН ПОСТАВЩИКА 7709018875');
    expect(text).toMatch(/^ИНН +7704123587$/m);
    line('АВТОМАТ', 'DEMO-0001');
    expect(text).toContain('Платёжный терминал, зал ожидания для');
    line('СНО', 'УСН ДОХОД');
    line('ФН', row.fn_number);
    line('ФД', row.fd_number);
    line('ФП', row.fiscal_sign);
    line('СМЕНА', row.shift_number);
    line('ЧЕК', row.receipt_number);
    line('ИТОГ', '=1000.00');
    line('НАЛИЧНЫМИ', '=1000.00');
    expect(text).toContain('Вознаграждение платёжного агента');

    // The fiscal QR as a phone would read it from the picture of the tape.
    const payload = decodeQr(piece.pngDataUrl ?? '');
    const fields = new URLSearchParams(payload);
    expect(fields.get('s')).toBe((row.total_kopecks / 100).toFixed(2));
    expect(fields.get('fn')).toBe(row.fn_number);
    expect(fields.get('i')).toBe(String(row.fd_number));
    expect(fields.get('fp')).toBe(String(row.fiscal_sign));
    expect(fields.get('n')).toBe('1');
    await page.getByTestId('done').click();
    expect(errors).toEqual([]);
  }, 120_000);

  it('a ФН at its end stops cash with its reason; the service fiscal panel says why', async () => {
    await panelCall(panel, 'fiscal:emulate', { action: 'fn-near-expiry' });
    await expect
      .poll(async () => (await status()).unavailableReason, devicePoll)
      .toBe('fiscal-fn-expired');
    for (const [orientation, viewport] of [
      ['portrait', portrait],
      ['landscape', landscape],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.goto(kiosk.url);
      await page.getByTestId('unavailable').waitFor();
      await expect(page.getByTestId('unavailable').textContent()).resolves.toContain(
        t('ru', 'status.fiscal-fn-expired'),
      );
      await screenshot(page, `fiscal-refusal-fn-${orientation}`);
    }
    for (const [orientation, viewport] of [
      ['portrait', portrait],
      ['landscape', landscape],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.goto(kiosk.url);
      await tapServiceGesture(page);
      await enterPin(page, '2580');
      await page.getByTestId('service-tab-fiscal').click();
      await page.getByTestId('service-fiscal').waitFor();
      await expect(page.getByTestId('fiscal-state').getAttribute('data-state')).resolves.toBe(
        'blocked',
      );
      await expect(page.getByTestId('fiscal-reason').getAttribute('data-reason')).resolves.toBe(
        'fiscal-fn-expired',
      );
      await expect(page.getByTestId('fiscal-reason').textContent()).resolves.toContain(
        'срок ФН истёк',
      );
      await expect(page.getByTestId('fiscal-fn').textContent()).resolves.toContain(
        'фискальный режим',
      );
      await screenshot(page, `service-fiscal-${orientation}`);
      await page.getByTestId('fiscal-x-report').click();
      await page.getByTestId('fiscal-notice').waitFor();
      await page.getByTestId('service-exit').click();
    }
    await page.setViewportSize(portrait);
    await panelCall(panel, 'fiscal:emulate', { action: 'fn-ok' });
    await accepting();
    expect(errors).toEqual([]);
  }, 120_000);

  it('a shift that ran out is closed and reopened; the next payer gets a receipt', async () => {
    await accepting();
    const before = (await fiscal())?.shift.number ?? 0;
    await panelCall(panel, 'fiscal:emulate', { action: 'clock-24h' });
    const paid = await payOverContract(client, panel, 10_000);
    expect(paid.fiscal?.state).toBe('issued');
    expect(paid.fiscal?.document?.shiftNumber).toBe(before + 1);
    await accepting();
  }, 60_000);

  it('a planned shift change waits while a payer’s cash is inside, then runs', async () => {
    await accepting();
    const startShift = (await fiscal())?.shift.number ?? 0;
    // The quiet hour: the next minute (UTC), which the open shift started before.
    const quiet = new Date(Math.ceil((Date.now() + 1_000) / 60_000) * 60_000);
    const hhmm = quiet.toISOString().slice(11, 16);
    await setQuietHour(centralUrl, hhmm);
    let cashInsideSince = 0;
    const paid = await payOverContract(client, panel, 5_000, async () => {
      cashInsideSince = Date.now();
      // Past the quiet hour with the cash still inside: the keeper must wait.
      while (Date.now() < quiet.getTime() + 3_000) {
        await client.call('session:touch');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect((await fiscal())?.shift.number).toBe(startShift);
    });
    expect(cashInsideSince).toBeGreaterThan(0);
    // Issued in the old shift: the payer's receipt came first.
    expect(paid.fiscal?.document?.shiftNumber).toBe(startShift);
    await expect.poll(async () => (await fiscal())?.shift.number, devicePoll).toBe(startShift + 1);
    await accepting();
  }, 120_000);
});

type PaidPayment = {
  transferId: string;
  fiscal?: { state: string; document: { shiftNumber: number } | null };
};

async function payOverContract(
  client: TestClient,
  panel: TestClient,
  noteKopecks: number,
  whileCashInside?: () => Promise<void>,
): Promise<PaidPayment> {
  const found = (await client.call('payee:search', {
    facilityId: '77-sizo-1',
    surname: 'Иванов',
    name: 'Иван',
    patronymic: 'Иванович',
    birthYear: 1985,
  })) as { value: { matches: unknown[] } };
  await expect
    .poll(
      async () => (await client.call('deposit:start', { recipient: found.value.matches[0] })).ok,
      devicePoll,
    )
    .toBe(true);
  await panelCall(panel, 'emulator:insertNote', { noteKopecks });
  await expect
    .poll(async () => {
      const view = (await client.call('deposit:get')).value as {
        acceptedKopecks: number;
        noteInProgress: boolean;
      };
      return view.acceptedKopecks === noteKopecks && !view.noteInProgress;
    }, devicePoll)
    .toBe(true);
  await whileCashInside?.();
  const paid = await client.call('deposit:pay');
  expect(paid.ok, JSON.stringify(paid)).toBe(true);
  return paid.value as PaidPayment;
}

async function setQuietHour(centralUrl: string, hhmm: string): Promise<void> {
  const path_ = `${centralUrl}/v1/admin/terminals/DEMO-0001/config`;
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
  const current = (await (await fetch(path_, { headers })).json()) as {
    fiscal: Record<string, unknown>;
  };
  const changed = await fetch(path_, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ fiscal: { ...current.fiscal, shiftCloseLocalTime: hhmm } }),
  });
  expect(changed.status).toBe(200);
}

type FiscalRow = {
  state: string;
  fd_number: number;
  fiscal_sign: number;
  fn_number: string;
  shift_number: number;
  receipt_number: number;
  total_kopecks: number;
};

function fiscalRow(dataDir: string, transferId: string): FiscalRow {
  const db = new DatabaseSync(path.join(dataDir, 'ledger.sqlite'), { readOnly: true });
  try {
    const row = db.prepare('SELECT * FROM fiscal_intent WHERE transfer_id = ?').get(transferId);
    if (row === undefined) throw new Error(`no fiscal intent for ${transferId}`);
    return row as unknown as FiscalRow;
  } finally {
    db.close();
  }
}

function decodeQr(dataUrl: string): string {
  const png = PNG.sync.read(Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (found === null) throw new Error('no QR code in the picture of the tape');
  return found.data;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
