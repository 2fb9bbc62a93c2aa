/**
 * Abuse of the unsigned payer channel over real HTTP: a token of the other channel, no token,
 * another account's template and transfer, a made-up commission, the per-IP limit on login
 * attempts, cash and terminal routes without a signature, and a relay that swaps or adds the
 * Payer-Session header of a signed kiosk request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionKopecks, kopecks, rubles } from '../../common/money.ts';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { kioskFetch, type PayerRequest, webFetch } from './payer-web-helpers.ts';

let server: TestCentral;
let kiosk: EnrolledTerminal;
const PASSWORD = 'Зимний лес 2026';

type Answer = { status: number; code: string | null; body: Record<string, unknown> };

async function answerOf(response: Response): Promise<Answer> {
  const body = (await response.json()) as Record<string, unknown>;
  const error = body.error as { code?: string } | undefined;
  return { status: response.status, code: error?.code ?? null, body };
}

const web = async (method: 'GET' | 'POST', target: string, options: PayerRequest = {}) =>
  answerOf(await webFetch(server.central.url, method, target, options));

const atKiosk = async (method: 'GET' | 'POST', target: string, options: PayerRequest = {}) =>
  answerOf(await kioskFetch(server.central.url, kiosk, method, target, options));

type Call = typeof web;

async function lastCode(central: TestCentral, phone: string): Promise<string> {
  const response = await central.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? 'none';
}

let phoneSeq = 0;
function newPhone(): string {
  phoneSeq += 1;
  return `+7911${String(10_000_000 + phoneSeq).slice(1)}`;
}

/** A new account registered through `call` (web or kiosk): its phone and session token. */
async function registered(call: Call): Promise<{ phone: string; session: string }> {
  const phone = newPhone();
  await call('POST', '/v1/payer/sms-codes', { body: { phone, purpose: 'register' } });
  const code = await lastCode(server, phone);
  const answer = await call('POST', '/v1/payer/register', {
    body: { phone, code, password: PASSWORD, displayName: 'Вера' },
  });
  expect(answer.status).toBe(201);
  return { phone, session: String(answer.body.sessionToken) };
}

/** Cash for the account of `session`, put on its wallet by the kiosk. */
async function cashIn(session: string, amountKopecks: number): Promise<void> {
  const accountId = String((await web('GET', '/v1/payer/profile', { session })).body.accountId);
  const topUpId = uuidV7();
  const body = { topUpId, accountId, amountKopecks, kioskCreatedAtMs: 1 };
  const answer = await atKiosk('POST', '/v1/terminal/wallet-top-ups', { body, key: topUpId });
  expect(answer.status).toBe(201);
}

function payment(amountKopecks: number) {
  return {
    transferId: uuidV7(),
    inmateRef: 'idemo000000000001',
    amountKopecks,
    commissionKopecks: commissionKopecks(kopecks(amountKopecks), 250, rubles(30)),
    kioskCreatedAtMs: 1,
  };
}

beforeAll(async () => {
  server = await startTestCentral({
    payerAuthRateLimit: { burst: 200, refillPerMinute: 200 },
    payerWebAuthRateLimit: { burst: 200, refillPerMinute: 200 },
  });
  kiosk = await server.enrolTerminal('kiosk-web-abuse-1');
});

afterAll(async () => {
  await server.stop();
});

const SESSION_ROUTES: ReadonlyArray<['GET' | 'POST', string, unknown?]> = [
  ['GET', '/v1/payer/profile'],
  ['POST', '/v1/payer/profile', { displayName: 'X' }],
  ['GET', '/v1/payer/templates'],
  ['GET', '/v1/payer/template-recipients'],
  ['GET', '/v1/payer/history'],
  ['GET', '/v1/payer/wallet'],
  ['GET', '/v1/payer/support-messages'],
  ['POST', '/v1/payer/support-messages', { text: 'hi' }],
  ['POST', '/v1/payer/support-requests', { text: 'hi', transferId: null }],
  ['POST', '/v1/payer/password', { currentPassword: PASSWORD, newPassword: 'Другой 2026' }],
  ['POST', '/v1/payer/logout'],
];

describe('a session works only on the channel that opened it', () => {
  it('kiosk token as a bearer, web token in a signed Payer-Session: both refused', async () => {
    const atKioskAccount = await registered(atKiosk);
    const onWeb = await web('GET', '/v1/payer/profile', { session: atKioskAccount.session });
    expect(onWeb).toMatchObject({ status: 401, code: 'payer-session-invalid' });
    const webAccount = await registered(web);
    const viaKiosk = await atKiosk('GET', '/v1/payer/wallet', { session: webAccount.session });
    expect(viaKiosk).toMatchObject({ status: 401, code: 'payer-session-invalid' });
    // Each still works where it was opened.
    expect((await atKiosk('GET', '/v1/payer/wallet', atKioskAccount)).status).toBe(200);
    expect((await web('GET', '/v1/payer/wallet', webAccount)).status).toBe(200);
  });

  it('an unsigned Payer-Session is refused: it needs a signature', async () => {
    const { session } = await registered(web);
    const answer = await web('GET', '/v1/payer/profile', { headers: { 'payer-session': session } });
    expect(answer).toMatchObject({ status: 401, code: 'signature-missing' });
  });

  it('every session route refuses a call without a token, or with a made-up one', async () => {
    for (const [method, target, body] of SESSION_ROUTES) {
      const options = body === undefined ? {} : { body };
      const none = await web(method, target, options);
      expect(none, `${method} ${target}`).toMatchObject({ status: 401 });
      const madeUp = await web(method, target, { ...options, session: 'A'.repeat(43) });
      expect(madeUp, `${method} ${target}`).toMatchObject({ status: 401 });
    }
  });
});

describe("another account's things", () => {
  it('a template of another account is neither listed nor deletable', async () => {
    const owner = await registered(web);
    const stranger = await registered(web);
    const added = await web('POST', '/v1/payer/templates', {
      session: owner.session,
      body: { label: 'Сын', inmateRef: 'idemo000000000001' },
    });
    const templateId = String(added.body.templateId);
    const deleted = await web('POST', `/v1/payer/templates/${templateId}/delete`, stranger);
    expect(deleted).toMatchObject({ status: 404, code: 'template-not-found' });
    expect((await web('GET', '/v1/payer/templates', stranger)).body.templates).toEqual([]);
    const kept = await web('GET', '/v1/payer/templates', owner);
    expect(kept.body.templates).toMatchObject([{ templateId }]);
  });

  it("another account's transfer id is not replayed to a stranger and costs nothing", async () => {
    const owner = await registered(web);
    const stranger = await registered(web);
    await cashIn(owner.session, rubles(2_000));
    await cashIn(stranger.session, rubles(2_000));
    const paid = payment(rubles(1_000));
    const { kioskCreatedAtMs: _, ...what } = paid;
    await web('POST', '/v1/payer/payment-codes', { session: owner.session, body: what });
    const confirmationCode = await lastCode(server, owner.phone);
    const first = await web('POST', '/v1/payer/wallet/payments', {
      session: owner.session,
      body: { ...paid, confirmationCode },
      key: paid.transferId,
    });
    expect(first.status).toBe(201);
    const again = await web('POST', '/v1/payer/wallet/payments', {
      session: stranger.session,
      body: paid,
      key: paid.transferId,
    });
    expect(again).toMatchObject({ status: 422, code: 'idempotency-key-reused' });
    const wallet = await web('GET', '/v1/payer/wallet', stranger);
    expect(wallet.body.balanceKopecks).toBe(rubles(2_000));
    expect((await web('GET', '/v1/payer/history', stranger)).body.transfers).toEqual([]);
  });

  it('a web payment must carry the real commission and stay within the limits', async () => {
    const { session } = await registered(web);
    await cashIn(session, rubles(2_000));
    const cheap = { ...payment(rubles(1_000)), commissionKopecks: 0 };
    const refused = await web('POST', '/v1/payer/wallet/payments', {
      session,
      body: cheap,
      key: cheap.transferId,
    });
    expect(refused).toMatchObject({ status: 422, code: 'commission-mismatch' });
    const tiny = payment(500);
    const small = await web('POST', '/v1/payer/wallet/payments', {
      session,
      body: tiny,
      key: tiny.transferId,
    });
    expect(small).toMatchObject({ status: 422, code: 'amount-out-of-range' });
    expect((await web('GET', '/v1/payer/wallet', { session })).body.balanceKopecks).toBe(
      rubles(2_000),
    );
  });
});

describe('cash and terminal routes stay signed', () => {
  it('a cash top-up without a signature is refused, a bearer token does not help', async () => {
    const { session } = await registered(web);
    const accountId = String((await web('GET', '/v1/payer/profile', { session })).body.accountId);
    const topUpId = uuidV7();
    const body = { topUpId, accountId, amountKopecks: rubles(500), kioskCreatedAtMs: 1 };
    const unsigned = await web('POST', '/v1/terminal/wallet-top-ups', {
      session,
      body,
      key: topUpId,
    });
    expect(unsigned).toMatchObject({ status: 401, code: 'signature-missing' });
    expect((await web('GET', '/v1/payer/wallet', { session })).body.balanceKopecks).toBe(0);
    for (const target of ['/v1/terminal/config', '/v1/terminal/roster']) {
      expect((await web('GET', target, { session })).status, target).toBe(401);
    }
    const transfer = payment(rubles(1_000));
    const created = await web('POST', '/v1/transfers', {
      body: { ...transfer, depositedKopecks: transfer.amountKopecks + transfer.commissionKopecks },
      key: transfer.transferId,
    });
    expect(created).toMatchObject({ status: 401, code: 'signature-missing' });
  });
});

describe('the signature covers Payer-Session', () => {
  it('a relay that swaps the session of a signed request is refused', async () => {
    const victim = await registered(atKiosk);
    const attacker = await registered(atKiosk);
    const swapped = await atKiosk('GET', '/v1/payer/wallet', {
      session: attacker.session,
      headers: { 'payer-session': victim.session },
    });
    expect(swapped).toMatchObject({ status: 401, code: 'signature-invalid' });
  });

  it('a session added to an old-style signature is refused; none: still works', async () => {
    const { session } = await registered(atKiosk);
    const added = await signedFetch(server.central.url, kiosk, 'GET', '/v1/payer/profile', {
      headers: { 'payer-session': session },
    });
    expect(await answerOf(added)).toMatchObject({ status: 401, code: 'signature-invalid' });
    const phone = newPhone();
    const oldStyle = await signedFetch(server.central.url, kiosk, 'POST', '/v1/payer/sms-codes', {
      body: { phone, purpose: 'register' },
    });
    expect(oldStyle.status).toBe(202);
    expect((await atKiosk('GET', '/v1/payer/profile', { session })).status).toBe(200);
  });
});

describe('unsigned login attempts are limited per client IP', () => {
  let limited: TestCentral;

  beforeAll(async () => {
    limited = await startTestCentral({
      payerWebAuthRateLimit: { burst: 4, refillPerMinute: 1 },
      trustProxy: true,
    });
  });

  afterAll(async () => {
    await limited.stop();
  });

  const attempt = async (target: string, body: unknown, ip = '203.0.113.7') =>
    answerOf(
      await webFetch(limited.central.url, 'POST', target, {
        body,
        headers: { 'x-forwarded-for': ip },
      }),
    );

  it('one budget across the login routes; other IPs and kiosks unaffected', async () => {
    const guess = { phone: '+79000000001', password: 'guess 1234' };
    for (let i = 0; i < 3; i += 1) {
      expect((await attempt('/v1/payer/login', guess)).status).toBe(401);
    }
    const code = await attempt('/v1/payer/login-with-code', { phone: guess.phone, code: '123456' });
    expect(code.status).toBe(401);
    const over = await attempt('/v1/payer/login', guess);
    expect(over).toMatchObject({ status: 429, code: 'rate-limited' });
    const sms = await attempt('/v1/payer/sms-codes', {
      phone: '+79000000002',
      purpose: 'register',
    });
    expect(sms).toMatchObject({ status: 429, code: 'rate-limited' });
    expect((await attempt('/v1/payer/login', guess, '198.51.100.9')).status).toBe(401);
    const terminal = await limited.enrolTerminal('kiosk-limited-1');
    const signed = await kioskFetch(limited.central.url, terminal, 'POST', '/v1/payer/login', {
      body: guess,
    });
    expect(signed.status).toBe(401);
  });

  it('says when to come back', async () => {
    const response = await webFetch(limited.central.url, 'POST', '/v1/payer/login', {
      body: { phone: '+79000000001', password: 'guess 1234' },
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
