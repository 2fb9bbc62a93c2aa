/**
 * The first start as an operator runs it: a standalone central (`central/start.ts`), an
 * enrolment code from its CLI, a fresh kiosk process (no demo setup) with the CCNET acceptor,
 * the ESC/POS printer and the fiscal registrar on ptys, every wizard step over the headless
 * host's WebSocket — the test print, the test note and the fetch of the roster and central's
 * configuration included — and then a payment that central credits. Then, on the same kiosk:
 * central's commission changed with its CLI is in force within one heartbeat (terms, the fiscal
 * document the ФН signed, outbox row) and a
 * local setting cannot undercut it; and with central stopped, a recipient found in the roster
 * cache is paid and the transfer is credited once central is back.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionKopecks, kopecks } from '../../common/money.ts';
import { EscposEmulator } from '../../emulators/escpos/emulator.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import {
  type CcnetEmulatorProcess,
  node24Path,
  startCcnetEmulatorProcess,
} from '../support/ccnet-emulator-process.ts';
import { type KioskProcess, repoRoot, startKioskProcess } from '../support/kiosk-process.ts';
import {
  type ShtrihEmulatorProcess,
  startShtrihEmulatorProcess,
} from '../support/shtrih-emulator-process.ts';
import { openPtyPair, type PtyPair } from '../support/pty.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';
import { type DemoInmate, firstActiveInmate } from '../support/central-rows.ts';

const terminalId = 'KIOSK-0042';
const pins = { operator: '4826', collector: '7391' };
const heartbeatMs = 1_000;

type Central = { url: string; dataDir: string; child: ChildProcess; stop(): Promise<void> };

let central: Central;
let acceptorPty: PtyPair;
let printerPty: PtyPair;
let acceptor: CcnetEmulatorProcess;
let printer: EscposEmulator;
// The fiscal registrar on its own pty, the Shtrih-M emulator in its own process.
let fiscalPty: PtyPair;
let registrar: ShtrihEmulatorProcess;
let kiosk: KioskProcess;
let client: TestClient;

beforeAll(async () => {
  central = await startStandaloneCentral();
  acceptorPty = await openPtyPair();
  printerPty = await openPtyPair();
  printer = new EscposEmulator(await openSerialLink(printerPty.b, 19200), { widthColumns: 48 });
  fiscalPty = await openPtyPair();
  registrar = startShtrihEmulatorProcess(
    fiscalPty.b,
    path.join(mkdtempSync(path.join(tmpdir(), 'first-start-fr-')), 'state.json'),
  );
  await registrar.ready;
  kiosk = await startKioskProcess({
    KIOSK_DEMO_SETUP: '0',
    KIOSK_CENTRAL_URL: central.url,
    KIOSK_BILL_ACCEPTOR: `ccnet:${acceptorPty.a}`,
    KIOSK_PRINTER: `escpos:${printerPty.a}:19200`,
    KIOSK_FISCAL: `shtrih:${fiscalPty.a}`,
    KIOSK_HEARTBEAT_MS: String(heartbeatMs),
  });
  client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
}, 60_000);

afterAll(async () => {
  client?.close();
  await kiosk?.stop();
  await acceptor?.stop();
  await printer?.close();
  await acceptorPty?.close();
  await printerPty?.close();
  await registrar?.stop();
  await fiscalPty?.close();
  await central?.stop();
});

describe('first start against a standalone central, devices on serial ports', () => {
  it('runs every wizard step, then a payment reaches central and is credited', async () => {
    expect(kiosk.panelUrl).toBeNull();
    expect(await call('service:entry')).toMatchObject({ setupRequired: true });
    const { token } = (await call('setup:begin')) as { token: string };

    const inmate = firstActiveInmate(path.join(central.dataDir, 'central.sqlite'));
    // The operator names the facility the kiosk stands at: its roster covers that one.
    const code = centralCli('issue-code', terminalId, inmate.facilityId).trim();
    await call('setup:enrol', { token, terminalId, code });
    const { facilities } = (await call('setup:facilities', { token })) as {
      facilities: { id: string }[];
    };
    expect(facilities.map((facility) => facility.id)).toContain(inmate.facilityId);
    await call('setup:saveFacilities', { token, facilityIds: [inmate.facilityId] });
    await call('setup:saveAgent', {
      token,
      agent: {
        name: 'ООО «Первый Пуск»',
        address: 'г. Москва, ул. Тестовая, д. 1',
        inn: '7707083893',
        terminalAddress: 'СИЗО-1, зал ожидания',
      },
    });
    const { ports } = (await call('setup:probePorts', { token })) as { ports: unknown[] };
    expect(Array.isArray(ports)).toBe(true);
    await call('setup:saveDevices', {
      token,
      devices: { billAcceptor: acceptorPty.a, printer: printerPty.a },
    });

    await call('device:testPrint', { token });
    await waitFor('the test page', async () =>
      printer.receipts().some((receipt) => receipt.lines.some(isText('ТЕСТ ПЕЧАТИ'))),
    );

    // The acceptor is switched on only now, as an operator cabling it during the wizard does:
    // the kiosk could not open it at start and learns its bill table only when it answers.
    acceptor = startCcnetEmulatorProcess(acceptorPty.b, {});
    await acceptor.ready;
    // The acceptor opens for one note only while the step waits; the note goes back.
    const tested = client.call('device:testNote', { token });
    await waitFor('the acceptor enabled for the test note', acceptorEnabled, 30_000);
    await acceptor.request({ cmd: 'insertNote', noteKopecks: 10_000 });
    expect(await tested).toEqual({ ok: true, value: { noteKopecks: 10_000, returned: true } });
    expect(await cassetteTotal()).toBe(0);

    // The wizard's last step: roster and configuration now, not in an hour.
    const data = (await call('setup:syncCentral', { token })) as {
      roster: { generatedAtMs: number | null };
      config: { version: number | null };
      paymentsBlocked: string | null;
    };
    expect(data.config.version).toBe(1);
    expect(data.roster.generatedAtMs).not.toBeNull();
    expect(data.paymentsBlocked).toBeNull();
    expect(existsSync(path.join(kiosk.dataDir, 'roster.json'))).toBe(true);

    const finished = (await call('setup:finish', { token, ...pinsArgs() })) as {
      completedAtMs: number | null;
    };
    expect(finished.completedAtMs).not.toBeNull();
    expect(await call('service:entry')).toMatchObject({ setupRequired: false });

    await waitFor('payments accepted', async () => {
      const status = (await call('kiosk:getStatus')) as { acceptingPayments: boolean };
      return status.acceptingPayments;
    });
    const found = (await call('payee:search', {
      facilityId: inmate.facilityId,
      surname: inmate.surname,
      name: inmate.name,
      patronymic: '',
      birthYear: inmate.birthYear,
    })) as { matches: { inmateRef: string }[] };
    const recipient = found.matches.find((match) => match.inmateRef === inmate.ref);
    expect(recipient).toBeDefined();
    await call('deposit:start', { recipient });
    await acceptor.request({ cmd: 'insertNote', noteKopecks: 50_000 });
    await waitFor('the note counted', async () => {
      const view = (await call('deposit:get')) as { acceptedKopecks: number };
      return view.acceptedKopecks === 50_000;
    });
    const payment = (await call('deposit:pay')) as { transferId: string; receipt: string };
    expect(payment.receipt).toBe('printed');
    expect(await cassetteTotal()).toBe(50_000);

    await waitFor('central has the transfer', async () => {
      return centralStatus(payment.transferId) !== null;
    });
    expect(centralCli('credit', payment.transferId)).toContain('credited');
    expect(centralStatus(payment.transferId)).toMatchObject({
      status: 'credited',
      depositedKopecks: 50_000,
    });
  }, 90_000);

  it("central's commission is in force within one heartbeat; a local setting cannot undercut it", async () => {
    const inmate = firstActiveInmate(path.join(central.dataDir, 'central.sqlite'));
    const { token } = (await call('service:login', { pin: pins.operator })) as { token: string };
    const current = (await call('settings:get', { token })) as {
      settings: Record<string, unknown>;
    };
    const cheap = { ...current.settings, commissionBasisPoints: 0, commissionMinKopecks: 0 };
    await call('settings:set', { token, settings: cheap });
    const shown = (await call('settings:get', { token })) as {
      effective: { commissionBasisPoints: number; narrowedByCentral: string[] };
    };
    expect(shown.effective.commissionBasisPoints).toBe(250);
    expect(shown.effective.narrowedByCentral).toContain('commissionBasisPoints');
    await call('service:logout', { token });
    expect(await call('payment:terms')).toMatchObject({
      configVersion: 1,
      commissionBasisPoints: 250,
      commissionMinKopecks: 3_000,
    });

    centralCli('config', terminalId, 'commissionRateBasisPoints=400', 'commissionKopecksMin=0');
    const changedAtMs = Date.now();
    await waitFor('the new terms on the kiosk', async () => {
      const terms = (await call('payment:terms')) as { configVersion: number };
      return terms.configVersion === 2;
    });
    // One heartbeat, its answer, one fetch: well within three periods even on a busy machine.
    expect(Date.now() - changedAtMs).toBeLessThan(3 * heartbeatMs + 2_000);
    expect(await call('payment:terms')).toMatchObject({
      commissionBasisPoints: 400,
      commissionMinKopecks: 0,
    });

    const payment = await payInCash(inmate, 50_000);
    const expected = commissionKopecks(kopecks(50_000), 400, kopecks(0));
    expect(payment.commissionKopecks).toBe(expected);
    // The payer's receipt is the fiscal registrar's: the ФН signed the new fee as its own item.
    const document = await fiscalDocumentOf(payment.transferId);
    expect(document.totalKopecks).toBe(50_000);
    expect(document.items.map((item) => [item.name, item.amountKopecks])).toEqual([
      ['Перевод на лицевой счёт', 50_000 - expected],
      ['Вознаграждение платёжного агента', expected],
    ]);
    expect(outboxPayload(payment.transferId)).toMatchObject({
      configVersion: 2,
      commissionKopecks: expected,
    });
  }, 60_000);

  it('with central stopped, pays a recipient from the roster cache; credited once central is back', async () => {
    const inmate = firstActiveInmate(path.join(central.dataDir, 'central.sqlite'));
    const port = new URL(central.url).port;
    await central.stop();
    const found = (await call('payee:search', {
      facilityId: inmate.facilityId,
      surname: inmate.surname,
      name: inmate.name,
      patronymic: '',
      birthYear: inmate.birthYear,
    })) as { source: string; matches: { inmateRef: string }[] };
    expect(found.source).toBe('roster-cache');
    expect(found.matches.map((match) => match.inmateRef)).toContain(inmate.ref);
    const payment = await payInCash(inmate, 10_000, found.matches);
    expect(centralStatus(payment.transferId)).toBeNull();

    central = await startStandaloneCentral({ dataDir: central.dataDir, port });
    await waitFor(
      'central has the offline transfer',
      async () => {
        return centralStatus(payment.transferId) !== null;
      },
      60_000,
    );
    expect(centralCli('credit', payment.transferId)).toContain('credited');
    expect(centralStatus(payment.transferId)).toMatchObject({
      status: 'credited',
      depositedKopecks: 10_000,
    });
  }, 120_000);
});

type Inmate = DemoInmate;

/** A cash payment to the inmate, as the payer's screens make it; the completed payment. */
async function payInCash(
  inmate: Inmate,
  noteKopecks: number,
  matches?: { inmateRef: string }[],
): Promise<{ transferId: string; commissionKopecks: number; receipt: string }> {
  const candidates =
    matches ??
    (
      (await call('payee:search', {
        facilityId: inmate.facilityId,
        surname: inmate.surname,
        name: inmate.name,
        patronymic: '',
        birthYear: inmate.birthYear,
      })) as { matches: { inmateRef: string }[] }
    ).matches;
  const recipient = candidates.find((match) => match.inmateRef === inmate.ref);
  expect(recipient).toBeDefined();
  await call('deposit:start', { recipient });
  await acceptor.request({ cmd: 'insertNote', noteKopecks });
  await waitFor('the note counted', async () => {
    const view = (await call('deposit:get')) as { acceptedKopecks: number };
    return view.acceptedKopecks === noteKopecks;
  });
  const payment = (await call('deposit:pay')) as {
    transferId: string;
    commissionKopecks: number;
    receipt: string;
  };
  expect(payment.receipt).toBe('printed');
  return payment;
}

/** The fiscal document the ФН signed for a payment (the ledger names its number). */
async function fiscalDocumentOf(transferId: string) {
  const db = new DatabaseSync(path.join(kiosk.dataDir, 'ledger.sqlite'), { readOnly: true });
  const row = db
    .prepare('SELECT fd_number FROM fiscal_intent WHERE transfer_id = ?')
    .get(transferId);
  db.close();
  const reply = await registrar.request({ cmd: 'document', fdNumber: Number(row?.fd_number) });
  return reply.document as {
    totalKopecks: number;
    items: { name: string; amountKopecks: number }[];
  };
}

function outboxPayload(transferId: string): Record<string, unknown> {
  const db = new DatabaseSync(path.join(kiosk.dataDir, 'ledger.sqlite'), { readOnly: true });
  try {
    const row = db.prepare('SELECT payload_json FROM outbox WHERE transfer_id = ?').get(transferId);
    return JSON.parse(String(row?.payload_json)) as Record<string, unknown>;
  } finally {
    db.close();
  }
}

function pinsArgs() {
  return { operatorPin: pins.operator, collectorPin: pins.collector };
}

/** One contract call that must succeed; its value. */
async function call(channel: string, args: Record<string, unknown> = {}): Promise<unknown> {
  const result = await client.call(channel, args);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value;
}

async function acceptorEnabled(): Promise<boolean> {
  const reply = await acceptor.request({ cmd: 'snapshot' });
  const snapshot = reply.snapshot as { enabledBillTypesMask: number[] };
  return snapshot.enabledBillTypesMask.some((byte) => byte !== 0);
}

async function cassetteTotal(): Promise<number> {
  const reply = await acceptor.request({ cmd: 'cassette' });
  return (reply.cassette as { totalKopecks: number }).totalKopecks;
}

function isText(text: string) {
  return (line: { kind: string; text?: string }) =>
    line.kind === 'text' && line.text?.includes(text) === true;
}

function centralCli(...args: string[]): string {
  return execFileSync(node24Path(), [path.join(repoRoot, 'central/cli.ts'), ...args], {
    env: { ...process.env, CENTRAL_DATA_DIR: central.dataDir },
    encoding: 'utf8',
  });
}

function centralStatus(transferId: string): Record<string, unknown> | null {
  try {
    return JSON.parse(centralCli('status', transferId)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

async function startStandaloneCentral(
  again: { dataDir: string; port: string } | null = null,
): Promise<Central> {
  const dataDir = again?.dataDir ?? mkdtempSync(path.join(tmpdir(), 'first-start-central-'));
  const child = spawn(node24Path(), [path.join(repoRoot, 'central/start.ts')], {
    env: { ...process.env, CENTRAL_DATA_DIR: dataDir, CENTRAL_PORT: again?.port ?? '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`central did not start: ${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`central exited with ${code}: ${output}`));
    });
  });
  return {
    url,
    dataDir,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`waitFor: ${what} timed out`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
