import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConsoleUser } from '../../main/dev/demo-setup.ts';
import { firstActiveInmate } from '../support/central-rows.ts';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';

/**
 * Remote commands end to end: the real kiosk process (`npm start`'s entry, embedded central,
 * emulated devices) with a one-second heartbeat, the console's API over HTTP with the demo
 * console user. The test's WebSocket client stands in for the kiosk page where a page is needed
 * (it answers the screenshot request with a real PNG; the Chromium e2e test has the real page
 * draw itself).
 */
type Command = {
  commandId: number;
  status: string;
  reason: string | null;
  detail: string | null;
  file: unknown;
};
type Status = {
  acceptingPayments: boolean;
  unavailableReason: string | null;
  unavailableText?: string;
};

let kiosk: KioskProcess;
let client: TestClient;
let panel: TestClient;
let central = '';
let token = '';

async function consoleCall(method: 'GET' | 'POST', target: string, body?: unknown, as = token) {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${as}` } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  return fetch(`${central}${target}`, init);
}

async function login(loginName: string, password: string): Promise<string> {
  const answer = await fetch(`${central}/v1/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: loginName, password }),
  });
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { sessionToken: string }).sessionToken;
}

async function send(kind: string, args: Record<string, unknown> = {}): Promise<number> {
  const answer = await consoleCall('POST', '/v1/console/terminals/DEMO-0001/commands', {
    kind,
    args,
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as Command).commandId;
}

async function until<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function finished(commandId: number): Promise<Command> {
  return until(async () => {
    const answer = await consoleCall('GET', '/v1/console/terminals/DEMO-0001/commands');
    const list = (await answer.json()) as { commands: Command[] };
    const found = list.commands.find((command) => command.commandId === commandId);
    return found !== undefined && !['sent', 'acknowledged'].includes(found.status) ? found : null;
  }, `command ${commandId}`);
}

const status = async () => (await client.call('kiosk:getStatus')).value as Status;

beforeAll(async () => {
  kiosk = await startKioskProcess({ KIOSK_HEARTBEAT_MS: '1000' });
  central = /Embedded central API: (http:\/\/\S+)/.exec(kiosk.output())?.[1] ?? '';
  expect(kiosk.output()).toContain(`login ${demoConsoleUser.login}`);
  client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
  panel = await connectClient(wsUrlOf(kiosk.url, '/panel-ws'), kiosk.origin);
  token = await login(demoConsoleUser.login, demoConsoleUser.password);
  await until(async () => ((await status()).acceptingPayments ? true : null), 'payments on');
}, 90_000);

afterAll(async () => {
  client?.close();
  panel?.close();
  await kiosk?.stop();
});

describe('remote commands to a real kiosk', () => {
  it('blocks payments with the operator words, then unblocks', async () => {
    const reason = 'Инкассация, терминал вернётся к 15:00';
    const blocked = await finished(await send('block-payments', { reason }));
    expect(blocked.status).toBe('done');
    const now = await status();
    expect(now).toMatchObject({
      acceptingPayments: false,
      unavailableReason: 'operator-blocked',
      unavailableText: reason,
    });
    const refused = await client.call('deposit:start', {
      recipient: { kind: 'wallet', accountId: 'p0123456789abcdef0123', maskedPhone: '+7' },
    });
    expect(refused).toMatchObject({ ok: false, error: { kind: 'operator-blocked' } });

    expect((await finished(await send('unblock-payments'))).status).toBe('done');
    expect(await status()).toMatchObject({ acceptingPayments: true, unavailableReason: null });
  }, 60_000);

  it('refuses every command while a payer has cash inside, and says why', async () => {
    const regions = await client.call('catalog:regions');
    const recent = (regions.value as { recentFacilities: { id: string }[] }).recentFacilities;
    const inmate = firstActiveInmate(
      path.join(kiosk.dataDir, 'central', 'central.sqlite'),
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
    expect((await client.call('deposit:start', { recipient })).ok).toBe(true);
    expect((await panel.call('emulator:insertNote', { noteKopecks: 10_000 })).ok).toBe(true);
    await until(async () => {
      const view = (await client.call('deposit:get')).value as { acceptedKopecks: number };
      return view.acceptedKopecks === 10_000 ? true : null;
    }, 'the note credited');

    const refused = await finished(await send('block-payments', { reason: 'не должно' }));
    expect(refused).toMatchObject({ status: 'refused', reason: 'payer-session-open' });
    expect((await status()).unavailableReason).toBeNull();
    expect((await client.call('deposit:pay')).ok).toBe(true);
  }, 60_000);

  it('uploads the log lines of a range; the console downloads them', async () => {
    const toMs = Date.now();
    const commandId = await send('upload-logs', { fromMs: toMs - 10 * 60_000, toMs });
    const done = await finished(commandId);
    expect(done).toMatchObject({ status: 'done', file: { kind: 'logs' } });
    const file = await consoleCall(
      'GET',
      `/v1/console/terminals/DEMO-0001/commands/${commandId}/file`,
    );
    expect(file.headers.get('content-type')).toContain('text/plain');
    const lines = (await file.text()).trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    // The refusal above is in the kiosk's own log, with its reason.
    expect(lines.some((line) => line.includes('payer-session-open'))).toBe(true);
    for (const line of lines) {
      const time = (JSON.parse(line) as { time: number }).time;
      expect(time).toBeLessThanOrEqual(toMs);
    }
  }, 60_000);

  it('takes a screenshot from the page and stores it as a PNG', async () => {
    const png = new PNG({ width: 64, height: 36 });
    png.data.fill(200);
    const bytes = PNG.sync.write(png);
    const answered = new Set<string>();
    const pageAnswers = setInterval(() => {
      for (const event of client.events) {
        if (event.event !== 'remote:screenshotRequested') continue;
        const { requestId } = event.payload as { requestId: string };
        if (answered.has(requestId)) continue;
        answered.add(requestId);
        const base64 = bytes.toString('base64');
        void client.call('remote:screenshotChunk', {
          requestId,
          index: 0,
          total: 1,
          base64,
          widthPx: 64,
          heightPx: 36,
        });
      }
    }, 50);
    try {
      const commandId = await send('screenshot');
      expect(await finished(commandId)).toMatchObject({
        status: 'done',
        file: { kind: 'screenshot' },
      });
      const file = await consoleCall(
        'GET',
        `/v1/console/terminals/DEMO-0001/commands/${commandId}/file`,
      );
      expect(file.headers.get('content-type')).toBe('image/png');
      const received = PNG.sync.read(Buffer.from(await file.arrayBuffer()));
      expect([received.width, received.height]).toEqual([64, 36]);
    } finally {
      clearInterval(pageAnswers);
    }
  }, 60_000);

  it('a viewer cannot send a command; every command is in the audit log', async () => {
    const user = await consoleCall('POST', '/v1/console/users', {
      login: 'watcher',
      displayName: 'Наблюдатель',
      email: null,
      role: 'viewer',
      scope: { all: true },
      password: 'Watcher-Fleet-7391',
    });
    expect(user.status).toBe(201);
    const viewer = await login('watcher', 'Watcher-Fleet-7391');
    const refused = await consoleCall(
      'POST',
      '/v1/console/terminals/DEMO-0001/commands',
      { kind: 'restart-app' },
      viewer,
    );
    expect(refused.status).toBe(403);
    const audit = await consoleCall('GET', '/v1/console/audit?action=command-send');
    const entries = (await audit.json()) as { entries: { action: string }[] };
    expect(entries.entries.length).toBeGreaterThanOrEqual(5);
  }, 60_000);

  it('fetches configuration and roster now, and prints a test receipt', async () => {
    const refreshed = await finished(await send('refresh-config'));
    expect(refreshed).toMatchObject({ status: 'done' });
    expect(refreshed.detail).toMatch(/^configuration \d+, roster \d+$/);
    const printed = await finished(await send('print-test-receipt'));
    expect(printed.status).toBe('done');
    const snapshot = (await panel.call('emulator:snapshot')).value as {
      printer: { receipts: { text: string }[] };
    };
    const test = snapshot.printer.receipts.find((receipt) => receipt.text.includes('ТЕСТ ПЕЧАТИ'));
    expect(test?.text).toContain('Терминал DEMO-0001');
    expect(test?.text).toContain(`Команда № ${printed.commandId}`);
  }, 60_000);

  it('restarts: the kiosk closes cleanly and exits with its restart code', async () => {
    await send('restart-app');
    const code = await new Promise<number | null>((resolve) =>
      kiosk.child.once('exit', (exitCode) => resolve(exitCode)),
    );
    expect(code).toBe(75);
    expect(kiosk.output()).toContain("Restarting at the operator console's request.");
    // Promptly: nothing left running (the last payment's idle timer once held it for a minute).
  }, 20_000);
});
