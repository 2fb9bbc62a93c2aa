/**
 * A payer's own app (web, mobile) over real HTTP, with no terminal key and no signature:
 * register, log in (password and SMS code), recover, profile, password change, templates,
 * history, wallet, a payment and a letter paid from the wallet, support, public tracking.
 * The only kiosk part is the cash top-up, which only a kiosk can make. Every answer is checked
 * against central/openapi.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionKopecks, kopecks, rubles } from '../../common/money.ts';
import { WEB_CHANNEL } from '../../central/payer/caller.ts';
import { createContractChecker } from '../../central/contract-check.ts';
import {
  type EnrolledTerminal,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { kioskFetch, type PayerRequest, webFetch } from './payer-web-helpers.ts';

const checkContract = createContractChecker();
let server: TestCentral;
let kiosk: EnrolledTerminal;

type Answer = { status: number; body: Record<string, unknown>; headers: Headers };

async function answerOf(method: string, target: string, response: Response): Promise<Answer> {
  const body = (await response.json()) as Record<string, unknown>;
  const path = target
    .split('?')[0]!
    .replace(/\/t[0-9a-f]{16}\//, '/{templateId}/')
    .replace(/\/v1\/public\/transfers\/.+$/, '/v1/public/transfers/{transferId}');
  expect(checkContract(method, path, response.status, body), `${method} ${target}`).toBeNull();
  return { status: response.status, body, headers: response.headers };
}

const web = async (method: 'GET' | 'POST', target: string, options: PayerRequest = {}) =>
  answerOf(method, target, await webFetch(server.central.url, method, target, options));

const atKiosk = async (method: 'GET' | 'POST', target: string, options: PayerRequest = {}) =>
  answerOf(method, target, await kioskFetch(server.central.url, kiosk, method, target, options));

async function lastCode(phone: string): Promise<string> {
  const response = await server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? 'none';
}

/** The one-time SMS code a payment from the app needs (central/payer/payment-codes.ts). */
async function paymentCode(
  session: string,
  payment: { kioskCreatedAtMs: number; transferId: string },
): Promise<string> {
  const { kioskCreatedAtMs: _, ...what } = payment;
  const sent = await web('POST', '/v1/payer/payment-codes', { session, body: what });
  expect(sent.status).toBe(202);
  return lastCode(PHONE);
}

const PHONE = '+79105550101';
const PASSWORD = 'Летний сад 2026';
const NEW_PASSWORD = 'Осенний сад 2027';

/** The operator's commission as a kiosk would compute it (demo defaults: 2.5 %, min 30 ₽). */
const commissionOn = (amountKopecks: number): number =>
  commissionKopecks(kopecks(amountKopecks), 250, rubles(30));

beforeAll(async () => {
  server = await startTestCentral({
    payerWebAuthRateLimit: { burst: 200, refillPerMinute: 200 },
  });
  kiosk = await server.enrolTerminal('kiosk-web-1');
});

afterAll(async () => {
  await server.stop();
});

describe('a payer app without a terminal key', () => {
  let session = '';

  it('registers with an SMS code and edits the profile', async () => {
    const sent = await web('POST', '/v1/payer/sms-codes', {
      body: { phone: PHONE, purpose: 'register' },
    });
    expect(sent.status).toBe(202);
    const registered = await web('POST', '/v1/payer/register', {
      body: { phone: PHONE, code: await lastCode(PHONE), password: PASSWORD, displayName: 'Нина' },
    });
    expect(registered.status).toBe(201);
    session = String(registered.body.sessionToken);
    const updated = await web('POST', '/v1/payer/profile', {
      session,
      body: { displayName: 'Нина Петровна', email: 'nina@example.ru' },
    });
    expect(updated.body).toMatchObject({ phone: PHONE, displayName: 'Нина Петровна' });
    const profile = await web('GET', '/v1/payer/profile', { session });
    expect(profile.body).toMatchObject({ email: 'nina@example.ru', walletKopecks: 0 });
  });

  it('logs out, logs in by password and by SMS code, recovers the password', async () => {
    expect((await web('POST', '/v1/payer/logout', { session })).body).toEqual({ loggedOut: true });
    expect((await web('GET', '/v1/payer/profile', { session })).status).toBe(401);
    const login = await web('POST', '/v1/payer/login', {
      body: { phone: PHONE, password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const byPassword = String(login.body.sessionToken);
    await web('POST', '/v1/payer/login-codes', { body: { phone: PHONE } });
    const byCode = await web('POST', '/v1/payer/login-with-code', {
      body: { phone: PHONE, code: await lastCode(PHONE) },
    });
    expect(byCode.status).toBe(200);
    await web('POST', '/v1/payer/sms-codes', { body: { phone: PHONE, purpose: 'reset' } });
    const reset = await web('POST', '/v1/payer/password-reset', {
      body: { phone: PHONE, code: await lastCode(PHONE), newPassword: NEW_PASSWORD },
    });
    expect(reset.status).toBe(200);
    session = String(reset.body.sessionToken);
    // A reset ends every other session, the app's older ones included.
    expect((await web('GET', '/v1/payer/profile', { session: byPassword })).status).toBe(401);
    expect((await web('GET', '/v1/payer/profile', { session })).status).toBe(200);
  });

  it('changes the password with the current one', async () => {
    const changed = await web('POST', '/v1/payer/password', {
      session,
      body: { currentPassword: NEW_PASSWORD, newPassword: PASSWORD },
    });
    expect(changed).toMatchObject({ status: 200, body: { changed: true } });
    const login = await web('POST', '/v1/payer/login', {
      body: { phone: PHONE, password: PASSWORD },
    });
    expect(login.status).toBe(200);
  });

  it('finds a new recipient (regions, facilities, search) only while logged in', async () => {
    for (const [method, target, body] of [
      ['GET', '/v1/regions', undefined],
      ['GET', '/v1/facilities?regionCode=77', undefined],
      [
        'POST',
        '/v1/inmates/search',
        { facilityId: '77-sizo-1', surname: 'Иванов', name: 'Иван', birthYear: 1985 },
      ],
    ] as const) {
      const anonymous = await web(method, target, body === undefined ? {} : { body });
      expect(anonymous, target).toMatchObject({ status: 401 });
    }
    const regions = await web('GET', '/v1/regions', { session });
    expect((regions.body.regions as { code: string }[]).length).toBeGreaterThan(10);
    const facilities = await web('GET', '/v1/facilities?regionCode=77', { session });
    const ids = (facilities.body.facilities as { id: string }[]).map((facility) => facility.id);
    expect(ids).toContain('77-sizo-1');
    const found = await web('POST', '/v1/inmates/search', {
      session,
      body: { facilityId: '77-sizo-1', surname: 'ивонов', name: 'Иван', birthYear: 1985 },
    });
    expect(found.body.matches).toMatchObject([{ inmateRef: 'idemo000000000001' }]);
  });

  it('saves, lists and deletes templates', async () => {
    const added = await web('POST', '/v1/payer/templates', {
      session,
      body: { label: 'Брат', inmateRef: 'idemo000000000001', amountKopecks: rubles(1_000) },
    });
    expect(added).toMatchObject({ status: 201, body: { recipientMasked: 'Иванов И. И.' } });
    const templateId = String(added.body.templateId);
    const listed = await web('GET', '/v1/payer/templates', { session });
    expect(listed.body.templates).toMatchObject([{ templateId, label: 'Брат' }]);
    const recipients = await web('GET', '/v1/payer/template-recipients', { session });
    expect(recipients.body.templates).toMatchObject([{ templateId, birthYear: 1985 }]);
    const deleted = await web('POST', `/v1/payer/templates/${templateId}/delete`, { session });
    expect(deleted.body).toEqual({ deleted: true });
    expect((await web('GET', '/v1/payer/templates', { session })).body.templates).toEqual([]);
  });

  it('pays a transfer and a letter from cash a kiosk put on the wallet', async () => {
    const accountId = String((await web('GET', '/v1/payer/profile', { session })).body.accountId);
    const topUpId = uuidV7();
    const cash = { topUpId, accountId, amountKopecks: rubles(2_000), kioskCreatedAtMs: 1 };
    const toppedUp = await atKiosk('POST', '/v1/terminal/wallet-top-ups', {
      body: cash,
      key: topUpId,
    });
    expect(toppedUp.status).toBe(201);
    const amountKopecks = rubles(1_000);
    const payment = {
      transferId: uuidV7(),
      inmateRef: 'idemo000000000002',
      amountKopecks,
      commissionKopecks: commissionOn(amountKopecks),
      kioskCreatedAtMs: Date.now(),
    };
    const paid = await web('POST', '/v1/payer/wallet/payments', {
      session,
      body: { ...payment, confirmationCode: await paymentCode(session, payment) },
      key: payment.transferId,
    });
    expect(paid).toMatchObject({ status: 201, body: { depositedKopecks: rubles(1_030) } });
    const letter = {
      letterId: uuidV7(),
      inmateRef: 'idemo000000000002',
      text: 'Здравствуй! Всё хорошо, ждём.',
      replyBlanks: 1,
      paidFrom: 'wallet',
      kioskCreatedAtMs: Date.now(),
    };
    const sent = await web('POST', '/v1/payer/letters', {
      session,
      body: letter,
      key: letter.letterId,
    });
    expect(sent).toMatchObject({ status: 201, body: { priceKopecks: rubles(55) } });
    const wallet = await web('GET', '/v1/payer/wallet', { session });
    expect(wallet.body.balanceKopecks).toBe(rubles(2_000 - 1_030 - 55));
    expect((wallet.body.entries as { kind: string }[]).map((entry) => entry.kind)).toEqual([
      'letter',
      'transfer',
      'top-up',
    ]);
    const history = await web('GET', '/v1/payer/history', { session });
    expect(history.body.transfers).toMatchObject([{ transferId: payment.transferId }]);
    expect(history.body.letters).toMatchObject([{ letterId: letter.letterId }]);
    // Recorded as made through the web channel, not under some kiosk's name.
    const row = (await server.central.db.get<{ terminal_id: string }>(
      'SELECT terminal_id FROM transfers WHERE id = ?',
      payment.transferId,
    ))!;
    expect(row.terminal_id).toBe(WEB_CHANNEL);
    const tracked = await web('GET', `/v1/public/transfers/${payment.transferId}`);
    expect(tracked.body).toMatchObject({ status: 'accepted', amountKopecks });
  });

  it("charges the commission of the @web configuration, changed like any terminal's", async () => {
    const changed = await server.admin('POST', `/v1/admin/terminals/${WEB_CHANNEL}/config`, {
      commissionRateBasisPoints: 400,
      commissionKopecksMin: 0,
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ terminalId: WEB_CHANNEL, version: 2 });
    const amountKopecks = rubles(100);
    const payment = (commission: number) => ({
      transferId: uuidV7(),
      inmateRef: 'idemo000000000002',
      amountKopecks,
      commissionKopecks: commission,
      kioskCreatedAtMs: Date.now(),
    });
    const stale = payment(commissionOn(amountKopecks));
    const refused = await web('POST', '/v1/payer/wallet/payments', {
      session,
      body: stale,
      key: stale.transferId,
    });
    expect(refused).toMatchObject({
      status: 422,
      body: { error: { code: 'commission-mismatch' } },
    });
    const current = payment(commissionKopecks(kopecks(amountKopecks), 400, kopecks(0)));
    const paid = await web('POST', '/v1/payer/wallet/payments', {
      session,
      body: { ...current, confirmationCode: await paymentCode(session, current) },
      key: current.transferId,
    });
    expect(paid.status).toBe(201);
  });

  it('writes to support and reads the answers', async () => {
    const message = await web('POST', '/v1/payer/support-messages', {
      session,
      body: { text: 'Когда зачислят?' },
    });
    expect(message.status).toBe(201);
    const request = await web('POST', '/v1/payer/support-requests', {
      session,
      body: { text: 'Про перевод', transferId: null },
    });
    expect(request.status).toBe(201);
    const queue = await server.admin('GET', '/v1/admin/support-messages?unanswered=true');
    const { messages } = (await queue.json()) as { messages: { terminalId: string }[] };
    expect(messages.filter((entry) => entry.terminalId === WEB_CHANNEL)).toHaveLength(2);
    await server.admin('POST', `/v1/admin/support-messages/${message.body.messageId}/reply`, {
      reply: 'Обычно 3–5 рабочих дней.',
    });
    const listed = await web('GET', '/v1/payer/support-messages', { session });
    expect(listed.body.messages).toContainEqual(
      expect.objectContaining({ text: 'Когда зачислят?', reply: 'Обычно 3–5 рабочих дней.' }),
    );
  });
});
