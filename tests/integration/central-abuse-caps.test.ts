/**
 * Central's caps and bindings over real HTTP: one password policy on every path that sets a
 * password, SMS caps per phone, per number prefix and overall (with their metrics), the admin
 * token's minimum length and its wrong-guess throttle, and a cash transfer's payer link, which
 * only a payer session opened at that terminal may set (the cash is never refused over it).
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EnrolledTerminal,
  startTestCentral,
  TEST_ADMIN_TOKEN,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { fetchFrom } from './client-address.ts';
import { kioskFetch } from './payer-web-helpers.ts';

const A = '127.0.0.1';
const B = '127.0.0.2';
const PASSWORD = 'Летний сад 2026';
let server: TestCentral;
let kiosk: EnrolledTerminal;
const logLines: string[] = [];

let phoneSeq = 0;
function newPhone(): string {
  phoneSeq += 1;
  return `+7941${String(10_000_000 + phoneSeq).slice(1)}`;
}

async function lastCode(central: TestCentral, phone: string): Promise<string> {
  const response = await central.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? 'none';
}

const web = (target: string, body: unknown, bearer?: string, central = server) =>
  fetchFrom(central.central.url, A, 'POST', target, {
    body,
    ...(bearer === undefined ? {} : { bearer }),
  });

beforeAll(async () => {
  const logger = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
  server = await startTestCentral({
    log: logger as never,
    payerWebAuthRateLimit: { burst: 1_000, refillPerMinute: 1_000 },
  });
  kiosk = await server.enrolTerminal('kiosk-caps-1');
});

afterAll(async () => {
  await server.stop();
});

describe('one password policy', () => {
  it('registration and reset refuse a common password and one holding the phone', async () => {
    const phone = newPhone();
    await web('/v1/payer/sms-codes', { phone, purpose: 'register' });
    const code = await lastCode(server, phone);
    const register = (password: string) =>
      web('/v1/payer/register', { phone, code, password, displayName: 'Ира' });
    expect(await register('password1')).toMatchObject({
      status: 422,
      code: 'weak-password:common',
    });
    const withPhone = await register(`Дом ${phone.slice(2)}`);
    expect(withPhone).toMatchObject({ status: 422, code: 'weak-password:has-phone' });
    // The code was not spent on a refused password: the payer tries again with a good one.
    expect((await register(PASSWORD)).status).toBe(201);
    await web('/v1/payer/sms-codes', { phone, purpose: 'reset' });
    const resetCode = await lastCode(server, phone);
    const reset = await web('/v1/payer/password-reset', {
      phone,
      code: resetCode,
      newPassword: 'qwerty123',
    });
    expect(reset).toMatchObject({ status: 422, code: 'weak-password:common' });
  });
});

describe('SMS caps', () => {
  let clockMs = Date.parse('2026-11-25T10:00:00Z');
  let capped: TestCentral;

  beforeAll(async () => {
    capped = await startTestCentral({
      nowMs: () => clockMs,
      payerWebAuthRateLimit: { burst: 1_000, refillPerMinute: 1_000 },
      smsLimits: { perPhonePerHour: 3, perPrefixPerHour: 4, perHour: 5 },
    });
  });
  afterAll(async () => {
    await capped.stop();
  });

  const ask = async (phone: string, purpose: 'register' | 'reset') => {
    clockMs += 61_000;
    const answer = await web('/v1/payer/sms-codes', { phone, purpose }, undefined, capped);
    return `${answer.status} ${answer.code}`;
  };

  it('caps codes per phone, per number prefix and overall each hour, and counts them', async () => {
    expect(await ask('+79310001001', 'register')).toBe('202 null');
    expect(await ask('+79310001001', 'register')).toBe('202 null');
    expect(await ask('+79310001001', 'reset')).toBe('202 null');
    expect(await ask('+79310001001', 'register')).toBe('429 sms-limit');
    expect(await ask('+79310001002', 'register')).toBe('202 null');
    expect(await ask('+79310001003', 'register')).toBe('429 sms-limit');
    expect(await ask('+79320001001', 'register')).toBe('202 null');
    expect(await ask('+79330001001', 'register')).toBe('429 sms-limit');
    clockMs += 3_600_000;
    expect(await ask('+79330001001', 'register')).toBe('202 null');

    const bare = await fetch(`${capped.central.url}/v1/admin/metrics`);
    expect(bare.status).toBe(401);
    const metrics = await (await capped.admin('GET', '/v1/admin/metrics')).text();
    expect(metrics).toMatch(/^central_sms_sent_total\{purpose="register"\} 5$/m);
    expect(metrics).toMatch(/^central_sms_refused_total\{reason="phone-hourly"\} 1$/m);
    expect(metrics).toMatch(/^central_sms_refused_total\{reason="prefix-hourly"\} 1$/m);
    expect(metrics).toMatch(/^central_sms_refused_total\{reason="global-hourly"\} 1$/m);
  });
});

describe('admin token', () => {
  it('a short token stops the start with an error naming CENTRAL_ADMIN_TOKEN', async () => {
    await expect(startTestCentral({ adminToken: 'short-admin-token' })).rejects.toThrow(
      /CENTRAL_ADMIN_TOKEN.*32/,
    );
  });

  it('wrong tokens are throttled per address; the right one from elsewhere still works', async () => {
    const adminCall = (address: string, bearer: string) =>
      fetchFrom(server.central.url, address, 'GET', '/v1/admin/support-messages', { bearer });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 15; attempt += 1) {
      statuses.push((await adminCall(B, `wrong-token-${attempt}-0123456789abcdef`)).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    // While blocked, even the right token gets 429: the answer must not confirm a guess.
    expect((await adminCall(B, TEST_ADMIN_TOKEN)).status).toBe(429);
    expect((await adminCall(A, TEST_ADMIN_TOKEN)).status).toBe(200);
  });
});

describe('payer link of a cash transfer', () => {
  const cash = (payerAccountId: string) => ({
    transferId: uuidV7(),
    inmateRef: 'idemo000000000004',
    depositedKopecks: 103_000,
    amountKopecks: 100_000,
    commissionKopecks: 3_000,
    kioskCreatedAtMs: 1,
    payerAccountId,
  });

  it('needs a payer session opened at that terminal; without one the cash is kept unlinked', async () => {
    const phone = newPhone();
    await web('/v1/payer/sms-codes', { phone, purpose: 'register' });
    const code = await lastCode(server, phone);
    const registered = await web('/v1/payer/register', {
      phone,
      code,
      password: PASSWORD,
      displayName: 'Ира',
    });
    const session = String(registered.body.sessionToken);
    const profile = await fetchFrom(server.central.url, A, 'GET', '/v1/payer/profile', {
      bearer: session,
    });
    const accountId = String(profile.body.accountId);

    const foreign = await kiosk.client.createTransfer(cash(accountId));
    expect(foreign.ok).toBe(true); // the money is never refused over the link
    const history = async () =>
      (await fetchFrom(server.central.url, A, 'GET', '/v1/payer/history', { bearer: session })).body
        .transfers as { transferId: string }[];
    expect(await history()).toEqual([]);
    expect(logLines.join('')).toMatch(/payer link dropped[^\n]*kiosk-caps-1/);
    expect(logLines.join('')).not.toContain(phone);

    const atKiosk = await kioskFetch(server.central.url, kiosk, 'POST', '/v1/payer/login', {
      body: { phone, password: PASSWORD },
    });
    expect(atKiosk.status).toBe(200);
    const linked = await kiosk.client.createTransfer(cash(accountId));
    if (!linked.ok) throw new Error('cash transfer failed');
    expect((await history()).map((row) => row.transferId)).toEqual([linked.value.transferId]);
  });
});
