/**
 * The console's features over real HTTP against a real central: TOTP second factor (codes
 * good once), configuration published with a diff and applied by the terminal (its heartbeat
 * says so), alerts delivered to a webhook and by e-mail when they open and resolved when the
 * condition ends, the live event stream scoped to the user, and the exports' contents.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConsoleRig,
  type ConsoleSession,
  DEMO_RULES,
  STRONG_PASSWORD,
  startConsoleRig,
} from '../support/console-fleet.ts';

let rig: ConsoleRig;
let admin: ConsoleSession;

beforeAll(async () => {
  rig = await startConsoleRig();
  admin = await rig.login('admin');
}, 120_000);

afterAll(async () => {
  await rig.stop();
});

const codeAt = (secret: string, nowMs: number) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: nowMs,
  });

function loginWith(body: Record<string, string>): Promise<Response> {
  return fetch(`${rig.url}/v1/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('TOTP second factor', () => {
  it('is in force once confirmed; a code works once', async () => {
    await rig.createUser({
      login: 'totp-user',
      displayName: 'T',
      role: 'operator',
      scope: { all: true },
      password: STRONG_PASSWORD,
    });
    const session = await rig.login('totp-user');
    const setup = (await (await session.post('/v1/console/me/totp/setup')).json()) as {
      secret: string;
      uri: string;
      qrSvg: string;
    };
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Kiosk%20console:totp-user\?/);
    expect(setup.qrSvg).toContain('<svg');
    const wrong = await session.post('/v1/console/me/totp/confirm', { code: '000000' });
    expect(wrong.status).toBe(422);
    const confirmed = await session.post('/v1/console/me/totp/confirm', {
      code: codeAt(setup.secret, rig.clock.nowMs()),
    });
    expect(confirmed.status).toBe(200);

    const bare = await loginWith({ login: 'totp-user', password: STRONG_PASSWORD });
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { error: { code: string } }).error.code).toBe('totp-required');
    rig.clock.advance(30_000);
    const code = codeAt(setup.secret, rig.clock.nowMs());
    const good = await loginWith({ login: 'totp-user', password: STRONG_PASSWORD, totpCode: code });
    expect(good.status).toBe(200);
    const replay = await loginWith({
      login: 'totp-user',
      password: STRONG_PASSWORD,
      totpCode: code,
    });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('totp-invalid');
  });
});

describe('configuration through the console', () => {
  it('previews a diff, publishes against the version seen, and learns it was applied', async () => {
    const path = '/v1/console/terminals/MSK-SIZO1-02/config';
    const patch = { commissionKopecksMin: 5_000, supportPhone: '8 800 555-35-35' };
    const preview = (await (await admin.post(`${path}/preview`, { patch })).json()) as {
      version: number;
      diff: unknown[];
      problem: string | null;
    };
    expect(preview).toEqual({
      version: 1,
      diff: [
        { field: 'commissionKopecksMin', from: 3_000, to: 5_000 },
        { field: 'supportPhone', from: '8 800 301-47-25', to: '8 800 555-35-35' },
      ],
      problem: null,
    });
    const refused = await admin.post(`${path}/preview`, { patch: { paymentKopecksMax: 2e6 } });
    expect(((await refused.json()) as { problem: string }).problem).toMatch(/115-ФЗ/);
    const published = await admin.post(path, { patch, expectedVersion: 1 });
    expect(((await published.json()) as { version: number }).version).toBe(2);
    const stale = await admin.post(path, { patch, expectedVersion: 1 });
    expect(stale.status).toBe(409);

    let view = (await (await admin.get(path)).json()) as { appliedVersion: number | null };
    expect(view.appliedVersion).toBe(1);
    await rig.heartbeat('MSK-SIZO1-02', { configVersion: 2 });
    view = await settled(
      async () => (await (await admin.get(path)).json()) as { appliedVersion: number | null },
      (now) => now.appliedVersion === 2,
    );
    expect(view.appliedVersion).toBe(2);
  });
});

describe('alerts', () => {
  it('open on a heartbeat, go to the webhook and by e-mail, resolve when it is over', async () => {
    const received: unknown[] = [];
    const hook = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        received.push(JSON.parse(body));
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const address = hook.address() as { port: number };
    try {
      const rules = { ...DEMO_RULES, webhookUrl: `http://127.0.0.1:${address.port}/alerts` };
      expect((await admin.post('/v1/console/alert-rules', rules)).status).toBe(200);
      type Alerts = { alerts: { kind: string; resolvedAtMs: number | null }[] };
      await rig.heartbeat('MSK-SIZO1-01', { paper: 'out' });
      const open = await settled(
        async () =>
          (await (await admin.get('/v1/console/alerts?terminalId=MSK-SIZO1-01')).json()) as Alerts,
        (now) => now.alerts.length > 0,
      );
      expect(open.alerts.map((alert) => alert.kind)).toEqual(['paper-out']);
      // Other terminals of the rig may go offline meanwhile on a slow machine: find this one.
      const ours = () =>
        received.find(
          (each) =>
            (each as { alert?: { terminalId?: string } }).alert?.terminalId === 'MSK-SIZO1-01',
        );
      await waitFor(() => ours() !== undefined);
      expect(ours()).toMatchObject({
        event: 'alert-opened',
        alert: { terminalId: 'MSK-SIZO1-01', kind: 'paper-out', severity: 'critical' },
      });
      // The e-mail goes after the webhook answered: in Russian, in Moscow time.
      type Mail = { to: string; subject: string; text: string };
      const mails = () =>
        readFileSync(join(rig.server.dataDir, 'email-outbox.jsonl'), 'utf8')
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as Mail)
          .filter((mail) => mail.subject.includes('MSK-SIZO1-01'));
      await waitFor(() => mails().length > 0);
      expect(mails()[0]).toMatchObject({
        to: 'admin@operator.example',
        subject: '[критично] MSK-SIZO1-01: Нет бумаги',
      });
      expect(mails()[0]!.text).toMatch(
        /^Терминал MSK-SIZO1-01: В принтере нет бумаги\.\nОткрыта \d\d\.\d\d\.\d{4} \d\d:\d\d \(МСК\)\.$/,
      );

      await rig.heartbeat('MSK-SIZO1-01', { paper: 'ok' });
      const after = await settled(
        async () =>
          (await (
            await admin.get('/v1/console/alerts?state=all&terminalId=MSK-SIZO1-01')
          ).json()) as Alerts,
        (now) => now.alerts[0]?.resolvedAtMs != null,
      );
      expect(after.alerts[0]).toMatchObject({ kind: 'paper-out' });
      expect(after.alerts[0]!.resolvedAtMs).not.toBeNull();
    } finally {
      hook.close();
    }
  });
});

describe('live events', () => {
  it('a user hears heartbeats of the terminals it sees, and only those', async () => {
    await rig.createUser({
      login: 'msk-viewer',
      displayName: 'M',
      role: 'viewer',
      scope: { regions: ['77'], terminals: [] },
      password: STRONG_PASSWORD,
    });
    const session = await rig.login('msk-viewer');
    const controller = new AbortController();
    const stream = await fetch(`${rig.url}/v1/console/events`, {
      headers: { authorization: `Bearer ${session.token}` },
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body!.getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
    };
    // Its first line comes once it knows which terminals this user sees.
    await readUntil('retry:');
    await rig.heartbeat('SPB-SIZO1-02');
    await rig.heartbeat('MSK-SIZO1-01');
    await readUntil('MSK-SIZO1-01');
    controller.abort();
    expect(text).toContain(
      'event: heartbeat\ndata: {"type":"heartbeat","terminalId":"MSK-SIZO1-01"}',
    );
    expect(text).not.toContain('SPB-SIZO1-02');
  });
});

describe('exports', () => {
  it('CSV with the denominations and a formula-safe text; XLSX with numbers', async () => {
    const csv = await (await admin.get('/v1/console/collections/export?format=csv')).text();
    const [header, line] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(
      'Инкассация;Терминал;Регион;Открыта (МСК);Закрыта (МСК);Получена (МСК);Купюр;Сумма, ₽;' +
        'Платежей;Инкассатор;1000 ₽, шт.;2000 ₽, шт.',
    );
    expect(line).toMatch(
      /^[0-9a-f-]{36};MSK-SIZO1-01;77;\d{4}-\d\d-\d\d \d\d:\d\d:\d\d;.*;2;3000,00;2;Петров И\. С\.;1;1$/,
    );
    const answer = await admin.get('/v1/console/collections/export?format=xlsx');
    expect(answer.headers.get('content-disposition')).toMatch(/collections-\d{4}-\d\d-\d\d\.xlsx/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await answer.arrayBuffer());
    const row = workbook.getWorksheet('Инкассации')!.getRow(2);
    expect([row.getCell(2).value, row.getCell(7).value, row.getCell(8).value]).toEqual([
      'MSK-SIZO1-01',
      2,
      3000,
    ]);
  });
});

/**
 * Central answers a heartbeat first and files it for the console (history, alerts) after the
 * answer has gone: what the console shows settles a moment later. Reads until `done` or 20 s.
 */
async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let tries = 0; tries < 400 && !done(value); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}

async function waitFor(condition: () => boolean): Promise<void> {
  // Up to 20 s: a loaded machine evaluates alerts late, never wrongly.
  for (let tries = 0; tries < 400 && !condition(); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(condition()).toBe(true);
}
