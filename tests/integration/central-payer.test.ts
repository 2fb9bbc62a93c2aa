/**
 * Payer accounts over real HTTP: registration with an SMS code read from the development
 * gateway, login lockout, password reset, sessions bound to a terminal, profile, templates,
 * wallet (idempotent top-ups, atomic payments), letters priced per page, history, support.
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
let server: TestCentral;
let kiosk: EnrolledTerminal;

type Answer = { status: number; body: Record<string, unknown>; headers: Headers };

async function call(
  method: 'GET' | 'POST',
  target: string,
  options: { body?: unknown; session?: string; key?: string; terminal?: EnrolledTerminal } = {},
): Promise<Answer> {
  const response = await kioskFetch(server.central.url, options.terminal ?? kiosk, method, target, {
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.key === undefined ? {} : { key: options.key }),
    ...(options.session === undefined ? {} : { session: options.session }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  const path = target.split('?')[0]!.replace(/\/t[0-9a-f]{16}\//, '/{templateId}/');
  expect(checkContract(method, path, response.status, body), `${method} ${target}`).toBeNull();
  return { status: response.status, body, headers: response.headers };
}

async function lastCode(phone: string): Promise<string> {
  const response = await server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  const text = messages.at(-1)?.text ?? '';
  return /(\d{6})/.exec(text)?.[1] ?? 'none';
}

let phoneSeq = 0;
function newPhone(): string {
  phoneSeq += 1;
  return `+7900${String(10_000_000 + phoneSeq).slice(1)}`;
}

async function registered(terminal = kiosk): Promise<{ phone: string; session: string }> {
  const phone = newPhone();
  await call('POST', '/v1/payer/sms-codes', { body: { phone, purpose: 'register' }, terminal });
  const code = await lastCode(phone);
  const answer = await call('POST', '/v1/payer/register', {
    body: { phone, code, password: 'correct horse 1', displayName: 'Мария' },
    terminal,
  });
  expect(answer.status).toBe(201);
  return { phone, session: String(answer.body.sessionToken) };
}

async function accountIdOf(session: string): Promise<string> {
  const profile = await call('GET', '/v1/payer/profile', { session });
  return String(profile.body.accountId);
}

/** Cash a kiosk took for this wallet, as its outbox sends it (optionally with a letter). */
async function topUp(
  session: string,
  amountKopecks: number,
  letter?: { letterId: string; inmateRef: string; text: string; replyBlanks: number },
  topUpId = uuidV7(),
): Promise<Answer> {
  const accountId = await accountIdOf(session);
  const body = {
    topUpId,
    accountId,
    amountKopecks,
    kioskCreatedAtMs: 1,
    ...(letter === undefined ? {} : { letter }),
  };
  return call('POST', '/v1/terminal/wallet-top-ups', { body, key: topUpId });
}

beforeAll(async () => {
  server = await startTestCentral({ payerAuthRateLimit: { burst: 200, refillPerMinute: 200 } });
  kiosk = await server.enrolTerminal('kiosk-payer-1');
});

afterAll(async () => {
  await server.stop();
});

describe('registration and SMS codes', () => {
  it('registers with the code the development gateway delivered', async () => {
    const phone = '8 (900) 555-12-34';
    const sent = await call('POST', '/v1/payer/sms-codes', {
      body: { phone, purpose: 'register' },
    });
    expect(sent.status).toBe(202);
    const code = await lastCode('+79005551234');
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await call('POST', '/v1/payer/register', {
      body: {
        phone,
        code: code === '000000' ? '111111' : '000000',
        password: 'secret-pass 42',
        displayName: 'А',
      },
    });
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'sms-code-invalid' } } });
    const ok = await call('POST', '/v1/payer/register', {
      body: { phone, code, password: 'secret-pass 42', displayName: 'Анна' },
    });
    expect(ok.status).toBe(201);
    const profile = await call('GET', '/v1/payer/profile', {
      session: String(ok.body.sessionToken),
    });
    expect(profile.body).toMatchObject({
      phone: '+79005551234',
      displayName: 'Анна',
      walletKopecks: 0,
    });
    // A spent code says nothing about the phone (payer-lockout.test.ts has the 409).
    const spent = await call('POST', '/v1/payer/register', {
      body: { phone, code, password: 'secret-pass 42', displayName: 'Анна' },
    });
    expect(spent).toMatchObject({ status: 401, body: { error: { code: 'sms-code-invalid' } } });
  });

  it('refuses a second code within a minute with Retry-After, and a bad phone with 400', async () => {
    const phone = newPhone();
    await call('POST', '/v1/payer/sms-codes', { body: { phone, purpose: 'register' } });
    const soon = await call('POST', '/v1/payer/sms-codes', {
      body: { phone, purpose: 'register' },
    });
    expect(soon.status).toBe(429);
    expect(Number(soon.headers.get('retry-after'))).toBeGreaterThan(0);
    const bad = await call('POST', '/v1/payer/sms-codes', {
      body: { phone: '12345678901', purpose: 'register' },
    });
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'bad-phone' } } });
  });

  it('the SMS listing is an admin endpoint', async () => {
    const response = await fetch(`${server.central.url}/v1/dev/sms`);
    expect(response.status).toBe(401);
  });
});

describe('login, lockout, reset, sessions', () => {
  it('five wrong passwords make this kiosk wait, even with the right one', async () => {
    const terminal = await server.enrolTerminal('kiosk-payer-lock');
    const { phone } = await registered(terminal);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await call('POST', '/v1/payer/login', {
        body: { phone, password: 'nope' },
        terminal,
      });
      expect(wrong).toMatchObject({
        status: 401,
        body: { error: { code: 'invalid-credentials' } },
      });
    }
    const locked = await call('POST', '/v1/payer/login', {
      body: { phone, password: 'correct horse 1' },
      terminal,
    });
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'account-locked' } } });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
  });

  it('an unknown phone gets the same answer as a wrong password', async () => {
    const answer = await call('POST', '/v1/payer/login', {
      body: { phone: newPhone(), password: 'x' },
    });
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'invalid-credentials' } } });
  });

  it('a password reset by SMS ends old sessions; the new password works', async () => {
    const terminal = await server.enrolTerminal('kiosk-payer-reset');
    const { phone, session } = await registered(terminal);
    await call('POST', '/v1/payer/sms-codes', { body: { phone, purpose: 'reset' }, terminal });
    const code = await lastCode(phone);
    const reset = await call('POST', '/v1/payer/password-reset', {
      body: { phone, code, newPassword: 'new password 2' },
      terminal,
    });
    expect(reset.status).toBe(200);
    expect((await call('GET', '/v1/payer/profile', { session, terminal })).status).toBe(401);
    const login = await call('POST', '/v1/payer/login', {
      body: { phone, password: 'new password 2' },
      terminal,
    });
    expect(login.status).toBe(200);
    const stranger = newPhone();
    const quiet = await call('POST', '/v1/payer/sms-codes', {
      body: { phone: stranger, purpose: 'reset' },
      terminal,
    });
    expect(quiet.status).toBe(202);
    expect(await lastCode(stranger)).toBe('none');
  });

  it('a session works only on its own terminal and ends at logout', async () => {
    const { session } = await registered();
    const other = await server.enrolTerminal('kiosk-payer-other');
    const elsewhere = await call('GET', '/v1/payer/profile', { session, terminal: other });
    expect(elsewhere).toMatchObject({
      status: 401,
      body: { error: { code: 'payer-session-invalid' } },
    });
    expect((await call('POST', '/v1/payer/logout', { session })).status).toBe(200);
    expect((await call('GET', '/v1/payer/profile', { session })).status).toBe(401);
  });
});

describe('profile, templates, support', () => {
  it('edits the profile and refuses a malformed e-mail', async () => {
    const { session } = await registered();
    const updated = await call('POST', '/v1/payer/profile', {
      session,
      body: { displayName: 'Мария Ивановна', email: 'maria@example.ru' },
    });
    expect(updated.body).toMatchObject({
      displayName: 'Мария Ивановна',
      email: 'maria@example.ru',
    });
    const bad = await call('POST', '/v1/payer/profile', {
      session,
      body: { email: 'not-an-email' },
    });
    expect(bad.status).toBe(400);
  });

  it('saves, lists and deletes templates with masked recipients', async () => {
    const { session } = await registered();
    const created = await call('POST', '/v1/payer/templates', {
      session,
      body: { label: 'Брату', inmateRef: 'idemo000000000001', amountKopecks: 300_000 },
    });
    expect(created).toMatchObject({ status: 201, body: { recipientMasked: 'Иванов И. И.' } });
    const unknown = await call('POST', '/v1/payer/templates', {
      session,
      body: { label: 'x', inmateRef: 'izzzzzzzzzzzzzzzz' },
    });
    expect(unknown.status).toBe(422);
    const list = await call('GET', '/v1/payer/templates', { session });
    expect((list.body.templates as unknown[]).length).toBe(1);
    const id = String(created.body.templateId);
    expect((await call('POST', `/v1/payer/templates/${id}/delete`, { session })).status).toBe(200);
    expect((await call('POST', `/v1/payer/templates/${id}/delete`, { session })).status).toBe(404);
  });

  it('keeps support messages', async () => {
    const { session } = await registered();
    const sent = await call('POST', '/v1/payer/support-messages', {
      session,
      body: { text: 'Деньги не дошли' },
    });
    expect(sent.status).toBe(201);
    const list = await call('GET', '/v1/payer/support-messages', { session });
    expect(list.body.messages).toMatchObject([{ text: 'Деньги не дошли', reply: null }]);
  });
});

describe('wallet, letters, history', () => {
  it('top-ups are idempotent; a payment creates the transfer and debits once', async () => {
    const { session } = await registered();
    const accountId = await accountIdOf(session);
    const topUpId = uuidV7();
    const topUp = { topUpId, accountId, amountKopecks: 100_000, kioskCreatedAtMs: 1 };
    const first = await call('POST', '/v1/terminal/wallet-top-ups', { body: topUp, key: topUpId });
    const replay = await call('POST', '/v1/terminal/wallet-top-ups', { body: topUp, key: topUpId });
    expect(first.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    const changed = await call('POST', '/v1/terminal/wallet-top-ups', {
      body: { ...topUp, amountKopecks: 5 },
      key: topUpId,
    });
    expect(changed.status).toBe(422);
    const payment = {
      transferId: uuidV7(),
      inmateRef: 'idemo000000000002',
      amountKopecks: 60_000,
      commissionKopecks: 1_500,
      kioskCreatedAtMs: 1,
    };
    const pay = () =>
      call('POST', '/v1/payer/wallet/payments', {
        session,
        body: payment,
        key: payment.transferId,
      });
    const paid = await Promise.all([pay(), pay(), pay()]);
    for (const answer of paid)
      expect(answer).toMatchObject({ status: 201, body: { depositedKopecks: 61_500 } });
    const wallet = await call('GET', '/v1/payer/wallet', { session });
    expect(wallet.body.balanceKopecks).toBe(100_000 - 61_500);
    const tooMuch = { ...payment, transferId: uuidV7(), amountKopecks: 50_000 };
    const refused = await call('POST', '/v1/payer/wallet/payments', {
      session,
      body: tooMuch,
      key: tooMuch.transferId,
    });
    expect(refused).toMatchObject({ status: 422, body: { error: { code: 'insufficient-funds' } } });
    const status = await kiosk.client.getTransferStatus(tooMuch.transferId);
    expect(!status.ok && status.error).toMatchObject({ status: 404 });
  });

  it('prices letters per page plus reply blanks, paid from the wallet', async () => {
    const { session } = await registered();
    await topUp(session, 10_000);
    const letter = {
      letterId: uuidV7(),
      inmateRef: 'idemo000000000003',
      text: 'а'.repeat(2_000),
      replyBlanks: 1,
      paidFrom: 'wallet',
      kioskCreatedAtMs: 1,
    };
    const sent = await call('POST', '/v1/payer/letters', {
      session,
      body: letter,
      key: letter.letterId,
    });
    expect(sent.body).toMatchObject({
      pages: 2,
      priceKopecks: 2 * 3_000 + 2_500,
      status: 'accepted',
    });
    const wallet = await call('GET', '/v1/payer/wallet', { session });
    expect(wallet.body.balanceKopecks).toBe(10_000 - 8_500);
    const big = { ...letter, letterId: uuidV7(), text: 'б'.repeat(5_000) };
    const poor = await call('POST', '/v1/payer/letters', { session, body: big, key: big.letterId });
    expect(poor).toMatchObject({ status: 422, body: { error: { code: 'insufficient-funds' } } });
  });

  it('a letter is not free by saying it was paid in cash', async () => {
    const { session } = await registered();
    const letterId = uuidV7();
    const claimed = await call('POST', '/v1/payer/letters', {
      session,
      key: letterId,
      body: {
        letterId,
        inmateRef: 'idemo000000000003',
        text: 'Здравствуй',
        replyBlanks: 2,
        paidFrom: 'cash',
        kioskCreatedAtMs: 1,
      },
    });
    expect(claimed).toMatchObject({
      status: 422,
      body: { error: { code: 'cash-only-with-top-up' } },
    });
    const history = await call('GET', '/v1/payer/history', { session });
    expect(history.body.letters).toEqual([]);
  });

  it('a letter paid in cash rides with its top-up: change stays on the wallet', async () => {
    const { session } = await registered();
    const letter = {
      letterId: uuidV7(),
      inmateRef: 'idemo000000000001',
      text: 'в'.repeat(1_900),
      replyBlanks: 2,
    };
    // 2 pages × 30 ₽ + 2 blanks × 25 ₽ = 110 ₽, paid with 200 ₽ in notes: 90 ₽ stay.
    const first = await topUp(session, 20_000, letter);
    expect(first.body).toMatchObject({
      amountKopecks: 20_000,
      balanceKopecks: 9_000,
      letter: { letterId: letter.letterId, paidFrom: 'cash', priceKopecks: 11_000, pages: 2 },
      letterRefusal: null,
    });
    const replay = await topUp(session, 20_000, letter, String(first.body.topUpId));
    expect(replay.body).toEqual(first.body);
    const history = await call('GET', '/v1/payer/history', { session });
    expect(history.body.letters).toMatchObject([{ letterId: letter.letterId, paidFrom: 'cash' }]);
    const wallet = await call('GET', '/v1/payer/wallet', { session });
    expect(wallet.body.balanceKopecks).toBe(9_000);
    const kinds = (wallet.body.entries as { kind: string; deltaKopecks: number }[]).map((entry) => [
      entry.kind,
      entry.deltaKopecks,
    ]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['top-up', 20_000],
        ['letter', -11_000],
      ]),
    );
  });

  it('a cash letter central cannot accept leaves all the cash on the wallet', async () => {
    const { session, phone } = await registered();
    const letter = {
      letterId: uuidV7(),
      inmateRef: 'left-the-roster',
      text: 'x',
      replyBlanks: 0,
    };
    const answer = await topUp(session, 5_000, letter);
    expect(answer).toMatchObject({
      status: 201,
      body: { balanceKopecks: 5_000, letter: null, letterRefusal: { code: 'unknown-recipient' } },
    });
    // The payer left with a receipt that says the letter was paid: they hear otherwise by SMS.
    const smsTexts = async () => {
      const response = await server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
      const { messages } = (await response.json()) as { messages: { text: string }[] };
      return messages.map((message) => message.text).filter((text) => text.startsWith('Письмо'));
    };
    expect(await smsTexts()).toEqual([expect.stringContaining('получатель не найден')]);
    await topUp(session, 5_000, letter, String(answer.body.topUpId));
    expect(await smsTexts()).toHaveLength(1);
    // 185 ₽ of letter against 50 ₽ on the wallet and 10 ₽ arriving.
    const short = {
      letterId: uuidV7(),
      inmateRef: 'idemo000000000001',
      text: 'г'.repeat(1_900),
      replyBlanks: 5,
    };
    const tooLittle = await topUp(session, 1_000, short);
    expect(tooLittle.body).toMatchObject({
      balanceKopecks: 6_000,
      letter: null,
      letterRefusal: { code: 'insufficient-funds' },
    });
  });

  it('history tracks transfers paid in cash while logged in and from the wallet', async () => {
    const { session } = await registered();
    const profile = await call('GET', '/v1/payer/profile', { session });
    const accountId = String(profile.body.accountId);
    const cash = await kiosk.client.createTransfer({
      transferId: uuidV7(),
      inmateRef: 'idemo000000000004',
      depositedKopecks: 103_000,
      amountKopecks: 100_000,
      commissionKopecks: 3_000,
      kioskCreatedAtMs: 1,
      payerAccountId: accountId,
    });
    if (!cash.ok) throw new Error('cash transfer failed');
    await server.admin('POST', `/v1/admin/transfers/${cash.value.transferId}/credit`);
    const history = await call('GET', '/v1/payer/history', { session });
    expect(history.body.transfers).toMatchObject([
      { transferId: cash.value.transferId, status: 'credited', recipientMasked: 'Каримов Б.' },
    ]);
  });
});
