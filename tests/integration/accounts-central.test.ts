/**
 * Payer accounts over real HTTP, the parts central/payer/account-extras.ts adds and the abuse cases: SMS-code
 * login, code guessing, resend floods, password change, support with a transfer and the
 * operator's answer, and another account's templates and transfers staying invisible.
 * A settable clock drives both the server and the signatures, so limits are tested by steps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractChecker } from '../../central/contract-check.ts';
import {
  type EnrolledTerminal,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { kioskFetch } from './payer-web-helpers.ts';

const checkContract = createContractChecker();
let clockMs = Date.parse('2026-11-25T10:00:00Z');
let server: TestCentral;
let kiosk: EnrolledTerminal;

type Answer = { status: number; body: Record<string, unknown>; headers: Headers };

async function call(
  method: 'GET' | 'POST',
  target: string,
  options: { body?: unknown; session?: string; key?: string; terminal?: EnrolledTerminal } = {},
): Promise<Answer> {
  const response = await kioskFetch(server.central.url, options.terminal ?? kiosk, method, target, {
    nowMs: clockMs,
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.key === undefined ? {} : { key: options.key }),
    ...(options.session === undefined ? {} : { session: options.session }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  const path = target
    .split('?')[0]!
    .replace(/\/t[0-9a-f]{16}\//, '/{templateId}/')
    .replace(/\/m[0-9a-f]{16}\//, '/{messageId}/');
  expect(checkContract(method, path, response.status, body), `${method} ${target}`).toBeNull();
  return { status: response.status, body, headers: response.headers };
}

async function admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const response = await server.admin(method, path, body);
  const json = (await response.json()) as Record<string, unknown>;
  const template = path.split('?')[0]!.replace(/\/m[0-9a-f]{16}\//, '/{messageId}/');
  expect(checkContract(method, template, response.status, json)).toBeNull();
  return { status: response.status, body: json, headers: response.headers };
}

async function smsTexts(phone: string): Promise<string[]> {
  const response = await server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return messages.map((message) => message.text);
}

async function lastCode(phone: string): Promise<string> {
  const text = (await smsTexts(phone)).at(-1) ?? '';
  return /(\d{6})/.exec(text)?.[1] ?? 'none';
}

const otherThan = (code: string): string => (code === '000000' ? '111111' : '000000');

let phoneSeq = 0;
function newPhone(): string {
  phoneSeq += 1;
  return `+7901${String(10_000_000 + phoneSeq).slice(1)}`;
}

const PASSWORD = 'Пароль 2026';

async function registered(terminal = kiosk): Promise<{ phone: string; session: string }> {
  const phone = newPhone();
  await call('POST', '/v1/payer/sms-codes', { body: { phone, purpose: 'register' }, terminal });
  const code = await lastCode(phone);
  const answer = await call('POST', '/v1/payer/register', {
    body: { phone, code, password: PASSWORD, displayName: 'Ольга' },
    terminal,
  });
  expect(answer.status).toBe(201);
  clockMs += 61_000;
  return { phone, session: String(answer.body.sessionToken) };
}

beforeAll(async () => {
  server = await startTestCentral({
    nowMs: () => clockMs,
    payerAuthRateLimit: { burst: 500, refillPerMinute: 500 },
  });
  kiosk = await server.enrolTerminal('kiosk-accounts-1');
});

afterAll(async () => {
  await server.stop();
});

describe('registration', () => {
  it('the name is optional, as the kiosk form says: an empty name registers', async () => {
    const phone = newPhone();
    await call('POST', '/v1/payer/sms-codes', { body: { phone, purpose: 'register' } });
    const code = await lastCode(phone);
    const answer = await call('POST', '/v1/payer/register', {
      body: { phone, code, password: PASSWORD, displayName: '' },
    });
    expect(answer.status).toBe(201);
    const profile = await call('GET', '/v1/payer/profile', {
      session: String(answer.body.sessionToken),
    });
    expect(profile.body).toMatchObject({ phone, displayName: '' });
  });
});

describe('login with a one-time SMS code', () => {
  it('logs in with the code from the development gateway, once', async () => {
    const { phone } = await registered();
    const sent = await call('POST', '/v1/payer/login-codes', { body: { phone } });
    expect(sent.status).toBe(202);
    const code = await lastCode(phone);
    expect((await smsTexts(phone)).at(-1)).toContain('Код входа');
    const login = await call('POST', '/v1/payer/login-with-code', { body: { phone, code } });
    expect(login.status).toBe(200);
    const session = String(login.body.sessionToken);
    const profile = await call('GET', '/v1/payer/profile', { session });
    expect(profile.body).toMatchObject({ phone, displayName: 'Ольга' });
    const replay = await call('POST', '/v1/payer/login-with-code', { body: { phone, code } });
    expect(replay).toMatchObject({ status: 401, body: { error: { code: 'sms-code-invalid' } } });
  });

  it('five wrong codes make this kiosk wait: the right code and password wait it out', async () => {
    const { phone } = await registered();
    await call('POST', '/v1/payer/login-codes', { body: { phone } });
    const code = await lastCode(phone);
    for (let guess = 0; guess < 5; guess += 1) {
      const wrong = await call('POST', '/v1/payer/login-with-code', {
        body: { phone, code: otherThan(code) },
      });
      expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'sms-code-invalid' } } });
    }
    const rightCode = await call('POST', '/v1/payer/login-with-code', { body: { phone, code } });
    expect(rightCode).toMatchObject({ status: 429, body: { error: { code: 'account-locked' } } });
    const password = { phone, password: PASSWORD };
    const locked = await call('POST', '/v1/payer/login', { body: password });
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'account-locked' } } });
    expect(Number(locked.headers.get('retry-after'))).toBe(60);
    clockMs += 30_000;
    expect((await call('POST', '/v1/payer/login', { body: password })).status).toBe(429);
    clockMs += 30_000;
    expect((await call('POST', '/v1/payer/login', { body: password })).status).toBe(200);
  });

  it('wrong codes and wrong passwords add up to one lockout', async () => {
    const { phone } = await registered();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await call('POST', '/v1/payer/login', { body: { phone, password: 'guess 123' } });
    }
    await call('POST', '/v1/payer/login-codes', { body: { phone } });
    const code = await lastCode(phone);
    const wrongCode = { phone, code: otherThan(code) };
    expect((await call('POST', '/v1/payer/login-with-code', { body: wrongCode })).status).toBe(401);
    const right = await call('POST', '/v1/payer/login', { body: { phone, password: PASSWORD } });
    expect(right.status).toBe(200); // four wrong in a row, then a right one: the count restarts
    for (let attempt = 0; attempt < 4; attempt += 1) {
      await call('POST', '/v1/payer/login-with-code', { body: wrongCode });
    }
    await call('POST', '/v1/payer/login', { body: { phone, password: 'guess 123' } });
    const locked = await call('POST', '/v1/payer/login', { body: { phone, password: PASSWORD } });
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'account-locked' } } });
  });

  it('five wrong guesses spend the code: the right one is refused after them', async () => {
    const { phone } = await registered();
    await call('POST', '/v1/payer/login-codes', { body: { phone } });
    const code = await lastCode(phone);
    const guess = () =>
      call('POST', '/v1/payer/login-with-code', { body: { phone, code: otherThan(code) } });
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await guess()).status).toBe(401);
    // A right password in between keeps the account unlocked; the code's own count goes on.
    const login = await call('POST', '/v1/payer/login', { body: { phone, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect((await guess()).status).toBe(401);
    const late = await call('POST', '/v1/payer/login-with-code', { body: { phone, code } });
    expect(late).toMatchObject({ status: 401, body: { error: { code: 'sms-code-invalid' } } });
  });

  it('an unknown phone gets the same 202 and no SMS', async () => {
    const stranger = newPhone();
    const sent = await call('POST', '/v1/payer/login-codes', { body: { phone: stranger } });
    expect(sent.status).toBe(202);
    expect(await smsTexts(stranger)).toEqual([]);
  });

  it('resend flood: one code a minute, five an hour, then 429 with Retry-After', async () => {
    const { phone } = await registered();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      const sent = await call('POST', '/v1/payer/login-codes', { body: { phone } });
      statuses.push(sent.status);
      const soon = await call('POST', '/v1/payer/login-codes', { body: { phone } });
      expect(soon.status).toBe(429);
      expect(Number(soon.headers.get('retry-after'))).toBeGreaterThan(0);
      clockMs += 61_000;
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(await smsTexts(phone)).toHaveLength(1 + 5);
  });
});

describe('abuse of registration and reset codes', () => {
  it('register: five wrong codes spend it; a resend flood is refused', async () => {
    const phone = newPhone();
    await call('POST', '/v1/payer/sms-codes', { body: { phone, purpose: 'register' } });
    const code = await lastCode(phone);
    const body = (guess: string) => ({
      phone,
      code: guess,
      password: PASSWORD,
      displayName: 'Х',
    });
    for (let guess = 0; guess < 5; guess += 1) {
      const wrong = await call('POST', '/v1/payer/register', { body: body(otherThan(code)) });
      expect(wrong.status).toBe(401);
    }
    expect((await call('POST', '/v1/payer/register', { body: body(code) })).status).toBe(401);
    const limited: number[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      clockMs += 61_000;
      const sent = await call('POST', '/v1/payer/sms-codes', {
        body: { phone, purpose: 'register' },
      });
      limited.push(sent.status);
    }
    expect(limited).toEqual([202, 202, 202, 202, 429]);
  });

  it('reset: wrong codes do not change the password', async () => {
    const { phone } = await registered();
    await call('POST', '/v1/payer/sms-codes', { body: { phone, purpose: 'reset' } });
    const code = await lastCode(phone);
    const reset = await call('POST', '/v1/payer/password-reset', {
      body: { phone, code: otherThan(code), newPassword: 'Другой 12345' },
    });
    expect(reset.status).toBe(401);
    const login = await call('POST', '/v1/payer/login', { body: { phone, password: PASSWORD } });
    expect(login.status).toBe(200);
  });

  it('a locked account cannot slip in by SMS code', async () => {
    const { phone } = await registered();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await call('POST', '/v1/payer/login', { body: { phone, password: 'guess 123' } });
    }
    await call('POST', '/v1/payer/login-codes', { body: { phone } });
    const code = await lastCode(phone);
    const login = await call('POST', '/v1/payer/login-with-code', { body: { phone, code } });
    expect(login).toMatchObject({ status: 429, body: { error: { code: 'account-locked' } } });
  });
});

describe('password change', () => {
  it('needs the current password, refuses weak ones, ends the other sessions', async () => {
    const { phone, session } = await registered();
    const second = await call('POST', '/v1/payer/login', { body: { phone, password: PASSWORD } });
    const otherSession = String(second.body.sessionToken);
    const wrong = await call('POST', '/v1/payer/password', {
      session,
      body: { currentPassword: 'not it 1', newPassword: 'Новый пароль 7' },
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'invalid-credentials' } } });
    const weak = await call('POST', '/v1/payer/password', {
      session,
      body: { currentPassword: PASSWORD, newPassword: '12345678' },
    });
    expect(weak).toMatchObject({
      status: 422,
      body: { error: { code: 'weak-password:no-letter' } },
    });
    const withPhone = await call('POST', '/v1/payer/password', {
      session,
      body: { currentPassword: PASSWORD, newPassword: `x${phone.slice(2)}` },
    });
    expect(withPhone.body).toMatchObject({ error: { code: 'weak-password:has-phone' } });
    const changed = await call('POST', '/v1/payer/password', {
      session,
      body: { currentPassword: PASSWORD, newPassword: 'Новый пароль 7' },
    });
    expect(changed).toMatchObject({ status: 200, body: { changed: true } });
    expect((await call('GET', '/v1/payer/profile', { session })).status).toBe(200);
    expect((await call('GET', '/v1/payer/profile', { session: otherSession })).status).toBe(401);
    const old = await call('POST', '/v1/payer/login', { body: { phone, password: PASSWORD } });
    expect(old.status).toBe(401);
  });

  it('five wrong current passwords lock the account', async () => {
    const { phone, session } = await registered();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await call('POST', '/v1/payer/password', {
        session,
        body: { currentPassword: 'guess 123', newPassword: 'Новый пароль 7' },
      });
    }
    const login = await call('POST', '/v1/payer/login', { body: { phone, password: PASSWORD } });
    expect(login).toMatchObject({ status: 429, body: { error: { code: 'account-locked' } } });
  });
});

async function someInmateRef(): Promise<string> {
  const row = (await server.central.db.get<{ ref: string }>(
    // Active only: a transfer to someone released goes straight back to the payer.
    "SELECT ref FROM inmates WHERE facility_id = '77-sizo-1' AND status = 'active' ORDER BY ref LIMIT 1",
  ))!;
  return row.ref;
}

async function payFromWallet(session: string, inmateRef: string): Promise<string> {
  const topUpId = uuidV7(clockMs);
  const profile = await call('GET', '/v1/payer/profile', { session });
  const accountId = String(profile.body.accountId);
  await call('POST', '/v1/terminal/wallet-top-ups', {
    key: topUpId,
    body: { topUpId, accountId, amountKopecks: 100_000, kioskCreatedAtMs: clockMs },
  });
  const transferId = uuidV7(clockMs);
  const paid = await call('POST', '/v1/payer/wallet/payments', {
    session,
    key: transferId,
    body: {
      transferId,
      inmateRef,
      amountKopecks: 50_000,
      commissionKopecks: 1_000,
      kioskCreatedAtMs: clockMs,
    },
  });
  expect(paid.status).toBe(201);
  return transferId;
}

describe('support and privacy between accounts', () => {
  it('records terminal, phone and transfer; the answer shows in the account', async () => {
    const { phone, session } = await registered();
    const transferId = await payFromWallet(session, await someInmateRef());
    const sent = await call('POST', '/v1/payer/support-requests', {
      session,
      body: { text: 'Деньги не дошли', transferId },
    });
    expect(sent).toMatchObject({ status: 201, body: { transferId, reply: null } });
    const queue = await admin('GET', '/v1/admin/support-messages?unanswered=true');
    const mine = (queue.body.messages as Record<string, unknown>[]).find(
      (message) => message.messageId === sent.body.messageId,
    );
    expect(mine).toMatchObject({ terminalId: 'kiosk-accounts-1', phone, transferId });
    const answered = await admin(
      'POST',
      `/v1/admin/support-messages/${String(sent.body.messageId)}/reply`,
      { reply: 'Зачислено сегодня' },
    );
    expect(answered.status).toBe(200);
    const list = await call('GET', '/v1/payer/support-messages', { session });
    expect(list.body.messages).toEqual([
      expect.objectContaining({ text: 'Деньги не дошли', reply: 'Зачислено сегодня' }),
    ]);
    const unknown = await admin('POST', '/v1/admin/support-messages/m0000000000000000/reply', {
      reply: 'x',
    });
    expect(unknown.status).toBe(404);
    const anonymous = await fetch(`${server.central.url}/v1/admin/support-messages`);
    expect(anonymous.status).toBe(401);
  });

  it("another account's transfer and template are never visible nor deletable", async () => {
    const alice = await registered();
    const bob = await registered();
    const inmateRef = await someInmateRef();
    const transferId = await payFromWallet(alice.session, inmateRef);
    const template = await call('POST', '/v1/payer/templates', {
      session: alice.session,
      body: { label: 'Сыну', inmateRef, amountKopecks: 50_000 },
    });
    const templateId = String(template.body.templateId);
    const bobTemplates = await call('GET', '/v1/payer/templates', { session: bob.session });
    expect(bobTemplates.body.templates).toEqual([]);
    const bobRecipients = await call('GET', '/v1/payer/template-recipients', {
      session: bob.session,
    });
    expect(bobRecipients.body.templates).toEqual([]);
    const aliceRecipients = await call('GET', '/v1/payer/template-recipients', {
      session: alice.session,
    });
    expect(aliceRecipients.body.templates).toEqual([
      expect.objectContaining({ templateId, inmateRef, birthYear: expect.any(Number) }),
    ]);
    const bobHistory = await call('GET', '/v1/payer/history', { session: bob.session });
    expect(bobHistory.body).toEqual({ transfers: [], letters: [] });
    const steal = await call('POST', `/v1/payer/templates/${templateId}/delete`, {
      session: bob.session,
    });
    expect(steal.status).toBe(404);
    const aliceTemplates = await call('GET', '/v1/payer/templates', { session: alice.session });
    expect(aliceTemplates.body.templates).toEqual([expect.objectContaining({ templateId })]);
    const aliceHistory = await call('GET', '/v1/payer/history', { session: alice.session });
    expect(aliceHistory.body.transfers).toEqual([expect.objectContaining({ transferId })]);
    const bobWallet = await call('GET', '/v1/payer/wallet', { session: bob.session });
    expect(bobWallet.body).toEqual({ balanceKopecks: 0, entries: [] });
  });
});

describe('wallet top-up from the kiosk outbox', () => {
  it('credits once per topUpId without a payer session; refuses a changed body', async () => {
    const { phone, session } = await registered();
    const profile = await call('GET', '/v1/payer/profile', { session });
    const accountId = String(profile.body.accountId);
    const topUpId = uuidV7(clockMs);
    const body = { topUpId, accountId, amountKopecks: 150_000, kioskCreatedAtMs: clockMs };
    const first = await call('POST', '/v1/terminal/wallet-top-ups', { body, key: topUpId });
    expect(first).toMatchObject({ status: 201, body: { balanceKopecks: 150_000 } });
    const replay = await call('POST', '/v1/terminal/wallet-top-ups', { body, key: topUpId });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    const changed = await call('POST', '/v1/terminal/wallet-top-ups', {
      body: { ...body, amountKopecks: 150_001 },
      key: topUpId,
    });
    expect(changed).toMatchObject({
      status: 422,
      body: { error: { code: 'idempotency-key-reused' } },
    });
    const wallet = await call('GET', '/v1/payer/wallet', { session });
    expect(wallet.body).toMatchObject({ balanceKopecks: 150_000 });
    expect(wallet.body.entries).toEqual([expect.objectContaining({ kind: 'top-up' })]);
    const stranger = await call('POST', '/v1/terminal/wallet-top-ups', {
      body: { ...body, topUpId: uuidV7(clockMs), accountId: 'p00000000000000000000' },
      key: undefined,
    });
    expect(stranger.status).toBe(400);
    const otherId = uuidV7(clockMs);
    const unknown = await call('POST', '/v1/terminal/wallet-top-ups', {
      body: { ...body, topUpId: otherId, accountId: 'p00000000000000000000' },
      key: otherId,
    });
    expect(unknown).toMatchObject({ status: 422, body: { error: { code: 'unknown-account' } } });
    expect(phone).toMatch(/^\+7/);
  });
});
