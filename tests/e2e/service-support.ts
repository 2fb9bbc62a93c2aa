/**
 * Shared by the service-mode e2e tests: a real central server (test harness, demo data), the
 * real kiosk process pointed at it, a browser page on the kiosk screen, and contract clients
 * for the kiosk and the emulator panel.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestCentral, type TestCentral } from '../support/central-harness.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';
import { ensureRendererBuilt, launchBrowser } from './browser.ts';

export const demoFacilityId = '77-sizo-1';
export const pins = { operator: '2468', collector: '1357' } as const;

export type ServiceKiosk = {
  central: TestCentral;
  kiosk: KioskProcess;
  client: TestClient;
  panel: TestClient;
  browser: Browser;
  page: Page;
  terminalId: string;
  close(): Promise<void>;
};

export async function startServiceKiosk(terminalId: string): Promise<ServiceKiosk> {
  ensureRendererBuilt();
  const central = await startTestCentral({ demo: true });
  const kiosk = await startKioskProcess({
    KIOSK_CENTRAL_URL: central.central.url,
    KIOSK_BILL_ACCEPTOR: 'emulator',
    KIOSK_PRINTER: 'emulator',
    // A fresh kiosk: the first-start wizard, not the demo's ready-made setup.
    KIOSK_DEMO_SETUP: '0',
  });
  const client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
  const panel = await connectClient(wsUrlOf(await panelUrlOf(kiosk), '/panel-ws'), kiosk.origin);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
  await page.goto(kiosk.url);
  const service: ServiceKiosk = {
    central,
    kiosk,
    client,
    panel,
    browser,
    page,
    terminalId,
    // What the service holds now: a test may have restarted its kiosk (and reconnected).
    async close() {
      service.client.close();
      service.panel.close();
      await service.browser.close();
      await service.kiosk.stop();
      await service.central.stop();
    },
  };
  return service;
}

/** The panel line may come just after the kiosk line the launcher waits for. */
export async function panelUrlOf(kiosk: KioskProcess): Promise<string> {
  return waitFor('emulator panel line', async () => {
    if (kiosk.panelUrl !== null) return kiosk.panelUrl;
    return /Emulator panel: (http:\/\/\S+)/.exec(kiosk.output())?.[1] ?? null;
  });
}

/**
 * The hidden way in: five taps in the top-left corner. Right after a page load the app may
 * not be listening yet, so the gesture is repeated (bounded) until a service screen shows.
 */
export async function tapServiceGesture(page: Page): Promise<void> {
  const serviceScreen = page.locator(
    '[data-testid="service-pin"], [data-testid="setup-wizard"], ' +
      '[data-testid="service-unavailable"], [data-testid="service-error"]',
  );
  for (let attempt = 0; attempt < 10; attempt += 1) {
    for (let index = 0; index < 5; index += 1) await page.mouse.click(12, 12);
    try {
      await serviceScreen.first().waitFor({ timeout: 1_000 });
      return;
    } catch {
      // Not listening yet: tap again.
    }
  }
  throw new Error('the service gesture opened nothing');
}

export async function enterPin(page: Page, pin: string): Promise<void> {
  if (await page.getByTestId('service-unavailable').isVisible()) {
    throw new Error('service mode refused: main says a deposit holds cash (depositHoldsCash)');
  }
  await page.getByTestId('service-pin').waitFor();
  for (const digit of pin) {
    await page.getByTestId('service-pin').getByRole('button', { name: digit, exact: true }).click();
  }
  await page.getByTestId('service-pin-ok').click();
}

type Ok = { ok: true; value: Record<string, unknown> };

export async function must(
  client: TestClient,
  channel: string,
  args: Record<string, unknown> = {},
): Promise<Record<string, unknown>> {
  const result = await client.call(channel, args);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return (result as Ok).value;
}

/** The wizard over the contract (the wizard's own e2e test clicks through it). */
export async function setUpOverContract(service: ServiceKiosk): Promise<void> {
  const code = await service.central.central.issueEnrolmentCode(service.terminalId, [
    demoFacilityId,
  ]);
  const { token } = (await must(service.client, 'setup:begin')) as { token: string };
  await must(service.client, 'setup:enrol', { token, terminalId: service.terminalId, code });
  await must(service.client, 'setup:saveFacilities', { token, facilityIds: [demoFacilityId] });
  await must(service.client, 'setup:saveAgent', {
    token,
    agent: {
      name: 'ООО «Тест-Агент»',
      address: 'г. Москва, ул. Тестовая, д. 1',
      inn: '7707083893',
      terminalAddress: 'СИЗО-1, зал ожидания',
    },
  });
  await must(service.client, 'setup:saveDevices', {
    token,
    devices: { billAcceptor: 'emulator', printer: 'emulator' },
  });
  await must(service.client, 'setup:finish', {
    token,
    operatorPin: pins.operator,
    collectorPin: pins.collector,
  });
}

/** Bounded polling for a condition that depends on another process. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null>,
  attemptsMax = 100,
): Promise<T> {
  for (let attempt = 0; attempt < attemptsMax; attempt += 1) {
    const value = await probe();
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A real payment: search the demo inmate, deposit a note through the emulator, pay. */
export async function payOnce(
  service: ServiceKiosk,
  noteKopecks: number,
  whileCashInside?: () => Promise<void>,
): Promise<string> {
  const found = (await must(service.client, 'payee:search', {
    facilityId: demoFacilityId,
    surname: 'Иванов',
    name: 'Иван',
    patronymic: 'Иванович',
    birthYear: 1985,
  })) as { matches: unknown[] };
  const recipient = found.matches[0];
  if (recipient === undefined) throw new Error('demo inmate not found');
  await waitFor('acceptor ready', async () => {
    const status = (await must(service.client, 'kiosk:getStatus')) as {
      acceptingPayments: boolean;
    };
    return status.acceptingPayments ? true : null;
  });
  await must(service.client, 'deposit:start', { recipient });
  await must(service.panel, 'emulator:insertNote', { noteKopecks });
  await waitFor('note credited', async () => {
    const view = (await must(service.client, 'deposit:get')) as {
      acceptedKopecks: number;
      noteInProgress: boolean;
    } | null;
    return view !== null && view.acceptedKopecks === noteKopecks && !view.noteInProgress
      ? true
      : null;
  });
  await whileCashInside?.();
  const paid = (await must(service.client, 'deposit:pay')) as { transferId: string };
  return paid.transferId;
}

export async function printedTexts(service: ServiceKiosk): Promise<string[]> {
  const snapshot = (await must(service.panel, 'emulator:snapshot')) as {
    printer: { receipts: { text: string }[] };
  };
  return snapshot.printer.receipts.map((receipt) => receipt.text);
}

/** Double-size text may come back with spaces between letters. */
export function spaced(word: string): RegExp {
  return new RegExp([...word].join('\\s?'));
}
