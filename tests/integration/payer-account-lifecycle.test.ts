/**
 * Moving a payer's account to a new phone number and deleting it (docs/PAYER-APP.md), over real
 * HTTP against central (SQLite, and PostgreSQL on the central-postgres project); every answer
 * checked against central/openapi.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractChecker } from '../../central/contract-check.ts';
import { rubles } from '../../common/money.ts';
import { type EnrolledTerminal, type TestCentral, uuidV7 } from '../support/central-harness.ts';
import {
  type AppRig,
  codeIn,
  json,
  kioskCashTransfer,
  lastSms,
  registeredPayer,
  startAppRig,
  stopAppRig,
} from './payer-app-support.ts';
import { kioskFetch, webFetch } from './payer-web-helpers.ts';

const checkContract = createContractChecker();
const PASSWORD = 'Тихий вечер у реки 42';
let rig: AppRig;
let server: TestCentral;
let terminal: EnrolledTerminal;

beforeAll(async () => {
  rig = await startAppRig();
  server = rig.server;
  terminal = await server.enrolTerminal('LIFECYCLE-01');
});

afterAll(async () => {
  await stopAppRig(rig);
});

type Payer = Awaited<ReturnType<typeof registeredPayer>>;

async function web(method: 'GET' | 'POST', path: string, session: string | null, body?: unknown) {
  const response = await webFetch(server.central.url, method, path, {
    ...(session === null ? {} : { session }),
    ...(body === undefined ? {} : { body }),
  });
  const parsed = await json(response);
  expect(checkContract(method, path, response.status, parsed), `${method} ${path}`).toBeNull();
  return { status: response.status, body: parsed };
}

let spare = 0;
/** A number nobody registered. */
function freshPhone(): string {
  spare += 1;
  return `+7917${String(process.pid % 1000).padStart(3, '0')}${String(spare).padStart(4, '0')}`;
}

const errorCode = (body: Record<string, unknown>) => (body.error as { code: string }).code;

async function kioskTransfer(payer: Payer): Promise<string> {
  const login = await kioskFetch(server.central.url, terminal, 'POST', '/v1/payer/login', {
    body: { phone: payer.phone, password: PASSWORD },
  });
  expect(login.status).toBe(200);
  return kioskCashTransfer(server, terminal, {
    amountKopecks: rubles(300),
    inmateRef: 'idemo000000000001',
    payerAccountId: payer.accountId,
  });
}

describe('a new phone number', () => {
  it('needs the code sent to it and the password; the old number is told; logins follow', async () => {
    const payer = await registeredPayer(server);
    const taken = await registeredPayer(server);
    const next = freshPhone();
    const refused = await web('POST', '/v1/payer/phone-codes', payer.session, {
      phone: taken.phone,
    });
    expect(refused.status).toBe(409);
    expect(errorCode(refused.body)).toBe('phone-registered');

    const sent = await web('POST', '/v1/payer/phone-codes', payer.session, { phone: next });
    expect(sent.status).toBe(202);
    const code = codeIn(await lastSms(server, next));
    const wrongPassword = await web('POST', '/v1/payer/phone', payer.session, {
      phone: next,
      code,
      currentPassword: 'не тот пароль вовсе',
    });
    expect(wrongPassword.status).toBe(401);
    expect(errorCode(wrongPassword.body)).toBe('invalid-credentials');
    const wrongCode = await web('POST', '/v1/payer/phone', payer.session, {
      phone: next,
      code: code === '000000' ? '111111' : '000000',
      currentPassword: PASSWORD,
    });
    expect(wrongCode.status).toBe(401);
    expect(errorCode(wrongCode.body)).toBe('sms-code-invalid');

    const changed = await web('POST', '/v1/payer/phone', payer.session, {
      phone: next,
      code,
      currentPassword: PASSWORD,
    });
    expect(changed).toEqual({ status: 200, body: { phone: next } });
    const told = await lastSms(server, payer.phone);
    expect(told).toContain(`Номер вашего аккаунта изменён на +7 *** ***-${next.slice(-4, -2)}-`);
    expect(told).not.toContain(code);
    expect((await web('GET', '/v1/payer/profile', payer.session)).body.phone).toBe(next);
    const oldLogin = await web('POST', '/v1/payer/login', null, {
      phone: payer.phone,
      password: PASSWORD,
    });
    expect(oldLogin.status).toBe(401);
    const newLogin = await web('POST', '/v1/payer/login', null, {
      phone: next,
      password: PASSWORD,
    });
    expect(newLogin.status).toBe(200);
    // The code is spent: it moves no other account to that number, nor this one again.
    const again = await web('POST', '/v1/payer/phone', payer.session, {
      phone: next,
      code,
      currentPassword: PASSWORD,
    });
    expect(again.status).toBe(401);
  });
});

describe('deleting the account', () => {
  it('is refused while money is on the wallet or a transfer is on its way', async () => {
    const payer = await registeredPayer(server);
    const topUpId = uuidV7();
    const topUp = await kioskFetch(
      server.central.url,
      terminal,
      'POST',
      '/v1/terminal/wallet-top-ups',
      {
        key: topUpId,
        body: {
          topUpId,
          accountId: payer.accountId,
          amountKopecks: rubles(100),
          kioskCreatedAtMs: Date.now(),
        },
      },
    );
    expect(topUp.status).toBe(201);
    const withMoney = await web('POST', '/v1/payer/account/delete', payer.session, {
      currentPassword: PASSWORD,
    });
    expect(withMoney.status).toBe(409);
    expect(errorCode(withMoney.body)).toBe('wallet-not-empty');

    const other = await registeredPayer(server);
    await kioskTransfer(other);
    const inFlight = await web('POST', '/v1/payer/account/delete', other.session, {
      currentPassword: PASSWORD,
    });
    expect(inFlight.status).toBe(409);
    expect(errorCode(inFlight.body)).toBe('transfers-in-flight');
    const wrongPassword = await web('POST', '/v1/payer/account/delete', other.session, {
      currentPassword: 'не тот пароль вовсе',
    });
    expect(wrongPassword.status).toBe(401);
  });

  it('erases the person and keeps the money records; the number is free again', async () => {
    const payer = await registeredPayer(server);
    await web('POST', '/v1/payer/sender-name', payer.session, { surname: 'Зайцев', name: 'Олег' });
    await web('POST', '/v1/payer/profile', payer.session, { email: 'oleg@example.ru' });
    await web('POST', '/v1/payer/notifications', payer.session, {
      preferences: [{ kind: 'transfer-credited', sms: true }],
    });
    await web('POST', '/v1/payer/support-messages', payer.session, { text: 'Вопрос о переводе' });
    const transferId = await kioskTransfer(payer);
    const credited = await server.admin('POST', `/v1/admin/transfers/${transferId}/credit`);
    expect(((await credited.json()) as { senderName?: string }).senderName).toBe('Зайцев Олег');

    const deleted = await web('POST', '/v1/payer/account/delete', payer.session, {
      currentPassword: PASSWORD,
    });
    expect(deleted).toEqual({ status: 200, body: { deleted: true } });
    expect((await web('GET', '/v1/payer/profile', payer.session)).status).toBe(401);
    const login = await web('POST', '/v1/payer/login', null, {
      phone: payer.phone,
      password: PASSWORD,
    });
    expect(login.status).toBe(401);

    const db = server.central.db;
    const account = await db.get<Record<string, unknown>>(
      `SELECT phone, password_hash, display_name, email, sender_name, deleted_at_ms
         FROM payer_accounts WHERE id = ?`,
      payer.accountId,
    );
    expect(account).toMatchObject({
      phone: `deleted:${payer.accountId}`,
      password_hash: '',
      display_name: '',
      email: null,
      sender_name: null,
    });
    expect(Number(account?.deleted_at_ms)).toBeGreaterThan(0);
    // The transfer stays, with its amounts and its link, without the sender's name.
    const transfer = await db.get<Record<string, unknown>>(
      'SELECT status, amount_kopecks, payer_account_id, sender_name FROM transfers WHERE id = ?',
      transferId,
    );
    expect(transfer).toEqual({
      status: 'credited',
      amount_kopecks: rubles(300),
      payer_account_id: payer.accountId,
      sender_name: null,
    });
    for (const table of ['support_messages', 'payer_notify_prefs', 'payer_sessions']) {
      const left = await db.get<{ n: number }>(
        `SELECT COUNT(*) AS n FROM ${table} WHERE account_id = ?`,
        payer.accountId,
      );
      expect(Number(left?.n), table).toBe(0);
    }
    // The number is free: no account holds it, so it can register again.
    const holder = await db.get('SELECT id FROM payer_accounts WHERE phone = ?', payer.phone);
    expect(holder).toBeUndefined();
  });
});
