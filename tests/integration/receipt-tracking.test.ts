import { execFileSync } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTrackingCode } from '../../common/tracking-code.ts';
import { node24Path } from '../support/ccnet-emulator-process.ts';
import { type KioskProcess, repoRoot, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';
import { firstActiveInmate } from '../support/central-rows.ts';

// jsqr is CommonJS typed as an ES default export (see escpos-receipts.test.ts).
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule.default }).default ??
  jsQRModule) as unknown as typeof jsQRModule.default;

/**
 * The receipt's promises, kept: the demo kiosk (embedded central, emulated devices) prints a
 * receipt whose QR — scanned from the printer emulator's picture — is the URL of central's
 * tracking page with the transfer's check code; that page answers over real HTTP with the
 * status and no name; a wrong or missing code gets "not found"; the kiosk's tracking command
 * takes the short code printed under the QR. The receipt names the agent, the operator and
 * the supplier with their INNs and phones, from central's configuration; once central names a
 * placeholder phone, the kiosk stops taking payments and says why.
 */
describe('receipt tracking', () => {
  let kiosk: KioskProcess;
  let client: TestClient;
  let panel: TestClient;
  let transferId = '';
  let receipt: PrintedReceipt;

  beforeAll(async () => {
    // The ESC/POS slip is the payer's receipt where another party fiscalises.
    kiosk = await startKioskProcess({ KIOSK_HEARTBEAT_MS: '1000', KIOSK_FISCAL: 'none' });
    client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
    panel = await connectClient(wsUrlOf(kiosk.url, '/panel-ws'), kiosk.origin);
    await waitFor(
      async () => ((await client.call('kiosk:getStatus')).value as Status).acceptingPayments,
    );
    transferId = await payOneNote(client, panel, kiosk.dataDir);
    const snapshot = (await panel.call('emulator:snapshot')).value as Snapshot;
    const printed = snapshot.printer.receipts.at(-1);
    if (printed === undefined) throw new Error('no receipt printed');
    receipt = printed;
    await waitFor(async () => centralHas(kiosk.dataDir, transferId));
  }, 90_000);

  afterAll(async () => {
    client?.close();
    panel?.close();
    await kiosk?.stop();
  });

  it('prints the agent, operator and supplier with INNs and phones, and no placeholder', () => {
    for (const inn of ['7704123587', '7705312467', '7709018875']) {
      expect(receipt.text).toContain(inn);
    }
    for (const phone of ['+7 495 215-38-60', '8 800 250-61-14', '+7 495 609-17-42']) {
      expect(receipt.text).toContain(phone);
    }
    expect(receipt.text).toContain('8 800 301-47-25');
    expect(receipt.text).not.toMatch(/000-00-0\d/);
  });

  it('has a QR, scanned from the printed picture, that opens the status on central', async () => {
    const url = new URL(scanQr(receipt.pngDataUrl));
    expect(url.pathname).toBe(`/t/${transferId}`);
    const code = url.searchParams.get('c') ?? '';
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(receipt.text).toContain(formatTrackingCode(code));

    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toMatch(/Принят|Отправлен|Зачислен/);
    expect(html).toContain('Принят</dt>');
    // No name on the public page, not even the masked one the receipt carries.
    const masked = /Получатель:\n(\S+)/.exec(receipt.text)?.[1] ?? 'no recipient line';
    expect(html).not.toContain(masked);
  });

  it('shows the same "not found" page for a wrong code, no code, or an unknown id', async () => {
    const url = new URL(scanQr(receipt.pngDataUrl));
    const code = url.searchParams.get('c') ?? '';
    const wrong = new URL(url);
    wrong.searchParams.set('c', code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`);
    const bare = new URL(url);
    bare.search = '';
    const unknown = new URL(url);
    unknown.pathname = '/t/019ab8f0-1c2d-7e3f-8a4b-5c6d7e8f9a0b';
    for (const tried of [wrong, bare, unknown]) {
      const page = await fetch(tried);
      expect(page.status).toBe(404);
      const html = await page.text();
      expect(html).toContain('Перевод не найден');
      expect(html).not.toMatch(/Принят<\/dt>/);
    }
  });

  it('finds the transfer by the receipt code on the kiosk, and nothing by a wrong code', async () => {
    const code = new URL(scanQr(receipt.pngDataUrl)).searchParams.get('c') ?? '';
    const typed = formatTrackingCode(code).toLowerCase();
    const found = await client.call('account:track', { transferId: typed });
    expect(found).toMatchObject({ ok: true, value: { transferId } });
    const wrong = code.startsWith('A') ? `B${code.slice(1)}` : `A${code.slice(1)}`;
    const missing = await client.call('account:track', { transferId: wrong });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'transfer-not-found' } });
  });

  it('stops taking payments, and says why, once central names a placeholder phone', async () => {
    centralCli(kiosk.dataDir, 'config', 'DEMO-0001', 'supportPhone=8 800 000-00-00');
    await waitFor(async () => {
      const status = (await client.call('kiosk:getStatus')).value as Status;
      return status.unavailableReason === 'no-support-details';
    });
    const status = (await client.call('kiosk:getStatus')).value as Status;
    expect(status).toMatchObject({ acceptingPayments: false, support: { phone: '' } });
    const recipient = { kind: 'wallet', accountId: 'p0123456789abcdef0123', maskedPhone: '-' };
    const started = await client.call('deposit:start', { recipient });
    expect(started).toMatchObject({ ok: false, error: { kind: 'no-support-details' } });
  });
});

type Status = {
  acceptingPayments: boolean;
  unavailableReason: string | null;
  support: { phone: string };
};
type View = { acceptedKopecks: number; noteInProgress: boolean };
type PrintedReceipt = { text: string; qrPayloads: string[]; pngDataUrl: string };
type Snapshot = { printer: { receipts: PrintedReceipt[] } };

async function payOneNote(client: TestClient, panel: TestClient, dataDir: string) {
  const regions = await client.call('catalog:regions');
  const recent = (regions.value as { recentFacilities: { id: string }[] }).recentFacilities;
  const inmate = firstActiveInmate(
    path.join(dataDir, 'central', 'central.sqlite'),
    recent.map((facility) => facility.id),
  );
  const search = await client.call('payee:search', {
    facilityId: inmate.facilityId,
    surname: inmate.surname,
    name: inmate.name,
    patronymic: '',
    birthYear: inmate.birthYear,
  });
  const matches = (search.value as { matches: { inmateRef: string }[] }).matches;
  const recipient = matches.find((match) => match.inmateRef === inmate.ref);
  if (recipient === undefined) throw new Error('demo inmate not found');
  const started = await client.call('deposit:start', { recipient });
  if (!started.ok) throw new Error(`deposit:start: ${JSON.stringify(started)}`);
  expect((await panel.call('emulator:insertNote', { noteKopecks: 50_000 })).ok).toBe(true);
  await waitFor(async () => {
    const view = (await client.call('deposit:get')).value as View | null;
    return view !== null && view.acceptedKopecks === 50_000 && !view.noteInProgress;
  });
  const paid = await client.call('deposit:pay');
  const payment = paid.value as { transferId: string; receipt: string };
  expect(payment.receipt).toBe('printed');
  return payment.transferId;
}

function scanQr(pngDataUrl: string): string {
  const png = PNG.sync.read(
    Buffer.from(pngDataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'),
  );
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  if (found === null) throw new Error('no QR code in the printed picture');
  return found.data;
}

function centralCli(dataDir: string, ...args: string[]): string {
  return execFileSync(node24Path(), [path.join(repoRoot, 'central/cli.ts'), ...args], {
    env: { ...process.env, CENTRAL_DATA_DIR: path.join(dataDir, 'central') },
    encoding: 'utf8',
  });
}

function openCentral(dataDir: string) {
  return new DatabaseSync(path.join(dataDir, 'central', 'central.sqlite'), { readOnly: true });
}

function centralHas(dataDir: string, transferId: string): boolean {
  const db = openCentral(dataDir);
  try {
    return db.prepare('SELECT 1 FROM transfers WHERE id = ?').get(transferId) !== undefined;
  } finally {
    db.close();
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
