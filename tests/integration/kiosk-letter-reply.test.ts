/**
 * The kiosk side of a letter's reply: the kiosk's own account handlers, through the IPC
 * dispatcher (arguments and answers checked by the contract), against a real central over
 * signed HTTP. The payer sends a letter with a reply blank at the kiosk; facility staff
 * answer it in the console; the logged-in payer's history on the kiosk shows it answered and
 * the reply's bytes come through main, never without the payer's session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountCommands } from '../../common/contract/account.ts';
import { createAccountHandlers } from '../../main/accounts/account-handlers.ts';
import { createAccountSession } from '../../main/accounts/account-session.ts';
import { createDispatcher } from '../../main/hosts/dispatch.ts';
import { silentLogger } from '../../main/log.ts';
import {
  type EnrolledTerminal,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { STRONG_PASSWORD } from '../support/console-fleet.ts';
import { registeredPayer } from './payer-app-support.ts';
import { kioskFetch } from './payer-web-helpers.ts';

const PASSWORD = 'Тихий вечер у реки 42';
/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let server: TestCentral;
let terminal: EnrolledTerminal;
let staffToken = '';
let payer: { phone: string; session: string; accountId: string };
type Answer = { ok: true; value: never } | { ok: false; error: { kind: string } };
let call: (channel: keyof typeof accountCommands, args?: unknown) => Promise<Answer>;

async function consolePost(path: string, body: unknown, token: string): Promise<Response> {
  return fetch(`${server.central.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function consoleLogin(login: string): Promise<string> {
  const answer = await consolePost('/v1/console/login', { login, password: STRONG_PASSWORD }, '');
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { sessionToken: string }).sessionToken;
}

beforeAll(async () => {
  server = await startTestCentral({ demo: true });
  terminal = await server.enrolTerminal('KIOSK-LETTERS', ['77-sizo-1']);
  const admin = await server.admin('POST', '/v1/admin/console-users', {
    login: 'admin',
    displayName: 'Администратор',
    password: STRONG_PASSWORD,
  });
  expect(admin.status).toBe(201);
  const adminToken = await consoleLogin('admin');
  const created = await consolePost(
    '/v1/console/users',
    {
      login: 'sizo1-office',
      displayName: 'Канцелярия СИЗО-1',
      email: null,
      role: 'facility-staff',
      scope: { regions: [], terminals: [], facilities: ['77-sizo-1'] },
      password: STRONG_PASSWORD,
    },
    adminToken,
  );
  expect(created.status).toBe(201);
  staffToken = await consoleLogin('sizo1-office');
  payer = await registeredPayer(server);
  const topUpId = uuidV7();
  const topUp = await kioskFetch(
    server.central.url,
    terminal,
    'POST',
    '/v1/terminal/wallet-top-ups',
    {
      body: { topUpId, accountId: payer.accountId, amountKopecks: 20_000, kioskCreatedAtMs: 1 },
      key: topUpId,
    },
  );
  expect(topUp.status).toBe(201);

  const session = createAccountSession({
    idleMs: 180_000,
    revoke: async () => undefined,
    onEnded: () => undefined,
  });
  const handlers = createAccountHandlers({
    terminal: () => ({
      terminalId: terminal.terminalId,
      centralUrl: server.central.url,
      privateKeyPem: terminal.keys.privateKeyPem,
    }),
    session,
    commission: () => ({ commissionBasisPoints: 0, commissionMinKopecks: 0 }),
    now: () => Date.now(),
    log: silentLogger(),
  });
  const dispatch = createDispatcher(accountCommands, handlers, silentLogger());
  call = async (channel, args = {}) =>
    (await dispatch(channel, args, { client: 'test' })) as Answer;
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('a letter’s reply on the kiosk', () => {
  let letterId = '';

  it('the payer logs in at the kiosk and sends a letter with a reply blank', async () => {
    expect((await call('account:login', { phone: payer.phone, password: PASSWORD })).ok).toBe(true);
    const sent = await call('account:sendLetter', {
      inmateRef: 'idemo000000000001',
      text: 'Здравствуй! Пишу с терминала.',
      replyBlanks: 1,
    });
    expect(sent).toMatchObject({ ok: true, value: { status: 'accepted', replyBlanks: 1 } });
    letterId = (sent as { value: { letterId: string } }).value.letterId;
    const early = await call('account:letterReply', { letterId });
    expect(early).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  });

  it('once staff attach the reply, the kiosk shows the letter answered and its very bytes', async () => {
    const delivered = await consolePost(
      `/v1/console/letters/${letterId}/delivered`,
      {},
      staffToken,
    );
    expect(delivered.status).toBe(200);
    const between = await call('account:history');
    expect(between).toMatchObject({
      ok: true,
      value: { letters: [{ letterId, status: 'delivered', reply: null }] },
    });
    const attached = await consolePost(
      `/v1/console/letters/${letterId}/reply`,
      { fileName: 'scan.png', contentType: 'image/png', dataBase64: PNG.toString('base64') },
      staffToken,
    );
    expect(attached.status).toBe(200);
    const history = await call('account:history');
    expect(history).toMatchObject({
      ok: true,
      value: {
        letters: [
          {
            letterId,
            status: 'answered',
            answeredAtMs: expect.any(Number),
            reply: { contentType: 'image/png', sizeBytes: PNG.length },
          },
        ],
      },
    });
    const reply = await call('account:letterReply', { letterId });
    expect(reply).toMatchObject({ ok: true, value: { letterId, contentType: 'image/png' } });
    const bytes = Buffer.from(
      (reply as { value: { dataBase64: string } }).value.dataBase64,
      'base64',
    );
    expect(bytes.equals(PNG)).toBe(true);
  });

  it('without the payer’s session main gives nothing', async () => {
    await call('account:logout');
    const after = await call('account:letterReply', { letterId });
    expect(after).toMatchObject({ ok: false, error: { kind: 'not-logged-in' } });
    const unsigned = await fetch(`${server.central.url}/v1/payer/letters/${letterId}/reply`);
    expect(unsigned.status).toBe(401);
  });
});
