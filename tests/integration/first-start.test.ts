/**
 * The first start as an operator runs it: a standalone central (`central/start.ts`), an
 * enrolment code from its CLI, a fresh kiosk process (no demo setup) with the CCNET acceptor and
 * the ESC/POS printer on ptys, every wizard step over the headless host's WebSocket — the test
 * print and the test note included — and then a payment that central credits.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EscposEmulator } from '../../emulators/escpos/emulator.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import {
  type CcnetEmulatorProcess,
  node24Path,
  startCcnetEmulatorProcess,
} from '../support/ccnet-emulator-process.ts';
import { type KioskProcess, repoRoot, startKioskProcess } from '../support/kiosk-process.ts';
import { openPtyPair, type PtyPair } from '../support/pty.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';

const terminalId = 'KIOSK-0042';
const pins = { operator: '4826', collector: '7391' };

type Central = { url: string; dataDir: string; child: ChildProcess; stop(): Promise<void> };

let central: Central;
let acceptorPty: PtyPair;
let printerPty: PtyPair;
let acceptor: CcnetEmulatorProcess;
let printer: EscposEmulator;
let kiosk: KioskProcess;
let client: TestClient;

beforeAll(async () => {
  central = await startStandaloneCentral();
  acceptorPty = await openPtyPair();
  printerPty = await openPtyPair();
  printer = new EscposEmulator(await openSerialLink(printerPty.b, 19200), { widthColumns: 48 });
  kiosk = await startKioskProcess({
    KIOSK_DEMO_SETUP: '0',
    KIOSK_CENTRAL_URL: central.url,
    KIOSK_BILL_ACCEPTOR: `ccnet:${acceptorPty.a}`,
    KIOSK_PRINTER: `escpos:${printerPty.a}:19200`,
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
  await central?.stop();
});

describe('first start against a standalone central, devices on serial ports', () => {
  it('runs every wizard step, then a payment reaches central and is credited', async () => {
    expect(kiosk.panelUrl).toBeNull();
    expect(await call('service:entry')).toMatchObject({ setupRequired: true });
    const { token } = (await call('setup:begin')) as { token: string };

    const code = centralCli('issue-code', terminalId).trim();
    await call('setup:enrol', { token, terminalId, code });
    const { facilities } = (await call('setup:facilities', { token })) as {
      facilities: { id: string }[];
    };
    const inmate = pickInmate(central.dataDir);
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
});

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

function pickInmate(dataDir: string) {
  const db = new DatabaseSync(path.join(dataDir, 'central.sqlite'), { readOnly: true });
  try {
    const row = db
      .prepare(
        `SELECT ref, facility_id, surname, name, birth_year FROM inmates
         WHERE status = 'active' ORDER BY ref LIMIT 1`,
      )
      .get();
    if (row === undefined) throw new Error('central has no inmates');
    return {
      ref: String(row.ref),
      facilityId: String(row.facility_id),
      surname: String(row.surname),
      name: String(row.name),
      birthYear: Number(row.birth_year),
    };
  } finally {
    db.close();
  }
}

async function startStandaloneCentral(): Promise<Central> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'first-start-central-'));
  const child = spawn(node24Path(), [path.join(repoRoot, 'central/start.ts')], {
    env: { ...process.env, CENTRAL_DATA_DIR: dataDir, CENTRAL_PORT: '0' },
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
