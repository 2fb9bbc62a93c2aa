/**
 * The kiosk's account handlers against a real central over HTTP, through the IPC dispatcher
 * (so arguments and answers are checked by the contract): register with the code from the
 * development gateway, exit, recover, log in by password and by SMS code, templates, wallet
 * payments with the kiosk's commission, letters with reply blanks, history by recipient,
 * tracking without an account, support, and the token never leaving main.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountCommands } from '../../common/contract/account.ts';
import { ok } from '../../common/result.ts';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import { createAccountHandlers } from '../../main/accounts/account-handlers.ts';
import {
  createAccountSession,
  type SessionEndReason,
} from '../../main/accounts/account-session.ts';
import { createDispatcher } from '../../main/hosts/dispatch.ts';
import { silentLogger } from '../../main/log.ts';

let server: TestCentral;
let terminal: EnrolledTerminal;
let clockMs = Date.parse('2026-11-25T12:00:00Z');

function kiosk() {
  const ended: SessionEndReason[] = [];
  const session = createAccountSession({
    idleMs: 180_000,
    revoke: async () => undefined,
    onEnded: (reason) => ended.push(reason),
  });
  const handlers = createAccountHandlers({
    terminal: () => ({
      terminalId: terminal.terminalId,
      centralUrl: server.central.url,
      privateKeyPem: terminal.keys.privateKeyPem,
    }),
    session,
    commission: () => ({ commissionBasisPoints: 200, commissionMinKopecks: 3_000 }),
    now: () => clockMs,
    log: silentLogger(),
  });
  const dispatch = createDispatcher(accountCommands, handlers, silentLogger());
  const call = async (channel: keyof typeof accountCommands, args: unknown = {}) => {
    const answer = await dispatch(channel, args, { client: 'test' });
    return answer as { ok: true; value: never } | { ok: false; error: { kind: string } };
  };
  return { call, session, ended };
}

async function lastCode(phone: string): Promise<string> {
  const response = await server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  const { messages } = (await response.json()) as { messages: { text: string }[] };
  return /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? 'none';
}

async function inmate(offset = 0): Promise<string> {
  const row = (await server.central.db.get<{ ref: string }>(
    // Active only: a transfer to someone released goes straight back to the payer.
    `SELECT ref FROM inmates WHERE facility_id = '77-sizo-1' AND status = 'active'
       ORDER BY ref LIMIT 1 OFFSET ?`,
    offset,
  ))!;
  return row.ref;
}

/**
 * Cash top-up as the kiosk's outbox would deliver it (POST /v1/terminal/wallet-top-ups): the
 * deposit-service side of a wallet top-up is not wired yet, so the test sends it directly.
 */
async function topUpAtCentral(phone: string, amountKopecks: number): Promise<void> {
  const row = (await server.central.db.get<{ id: string }>(
    'SELECT id FROM payer_accounts WHERE phone = ?',
    phone,
  ))!;
  const topUpId = uuidV7(clockMs);
  const response = await signedFetch(
    server.central.url,
    terminal,
    'POST',
    '/v1/terminal/wallet-top-ups',
    {
      body: { topUpId, accountId: row.id, amountKopecks, kioskCreatedAtMs: clockMs },
      idempotencyKey: topUpId,
      nowMs: clockMs,
    },
  );
  expect(response.status).toBe(201);
}

beforeAll(async () => {
  server = await startTestCentral({
    nowMs: () => clockMs,
    payerAuthRateLimit: { burst: 200, refillPerMinute: 200 },
  });
  terminal = await server.enrolTerminal('kiosk-accounts-ui');
});

afterAll(async () => {
  await server.stop();
});

const PHONE = '+79031112233';
const PASSWORD = 'Весна 2027';

describe('kiosk account journey over real HTTP', () => {
  it('registers (passwords twice, weak refused), exits, recovers by SMS, logs in', async () => {
    const { call, session, ended } = kiosk();
    expect(await call('account:requestCode', { phone: PHONE, purpose: 'register' })).toMatchObject({
      ok: true,
    });
    const code = await lastCode(PHONE);
    const base = { phone: PHONE, code, displayName: 'Ирина' };
    const differ = await call('account:register', {
      ...base,
      password: PASSWORD,
      passwordAgain: `${PASSWORD}!`,
    });
    expect(differ).toMatchObject({ ok: false, error: { kind: 'passwords-differ' } });
    const weak = await call('account:register', {
      ...base,
      password: 'qwertyui',
      passwordAgain: 'qwertyui',
    });
    expect(weak).toMatchObject({ ok: false, error: { kind: 'weak-password:no-digit' } });
    const made = await call('account:register', {
      ...base,
      password: PASSWORD,
      passwordAgain: PASSWORD,
    });
    expect(made).toEqual(
      ok({ phone: PHONE, displayName: 'Ирина', email: null, walletKopecks: 0, senderName: null }),
    );
    expect(JSON.stringify(made)).not.toMatch(/session|token/i);
    expect(session.token()).not.toBeNull();

    expect(await call('account:logout')).toEqual(ok({ loggedOut: true }));
    expect(ended).toEqual(['exit']);
    expect(await call('account:current')).toEqual(ok(null));
    expect(await call('account:templates')).toMatchObject({ error: { kind: 'not-logged-in' } });

    clockMs += 61_000;
    await call('account:requestCode', { phone: PHONE, purpose: 'reset' });
    const resetCode = await lastCode(PHONE);
    const reset = await call('account:resetPassword', {
      phone: PHONE,
      code: resetCode,
      newPassword: 'Осень 2028',
      newPasswordAgain: 'Осень 2028',
    });
    expect(reset).toMatchObject({ ok: true, value: { phone: PHONE } });
    await call('account:logout');

    const wrong = await call('account:login', { phone: PHONE, password: PASSWORD });
    expect(wrong).toMatchObject({ ok: false, error: { kind: 'invalid-credentials' } });
    const right = await call('account:login', { phone: PHONE, password: 'Осень 2028' });
    expect(right).toMatchObject({ ok: true, value: { displayName: 'Ирина' } });
    await call('account:logout');

    clockMs += 61_000;
    await call('account:requestCode', { phone: PHONE, purpose: 'login' });
    const byCode = await call('account:loginWithCode', {
      phone: PHONE,
      code: await lastCode(PHONE),
    });
    expect(byCode).toMatchObject({ ok: true, value: { phone: PHONE } });
  });

  it('templates, wallet payment with the cash commission, letters, history, support', async () => {
    const { call, session } = kiosk();
    const login = await call('account:login', { phone: PHONE, password: 'Осень 2028' });
    expect(login.ok).toBe(true);
    const template = await call('account:saveTemplate', {
      label: 'Брату',
      inmateRef: await inmate(),
      amountKopecks: 100_000,
    });
    expect(template).toMatchObject({
      ok: true,
      value: { label: 'Брату', amountKopecks: 100_000, birthYear: expect.any(Number) },
    });

    const poor = await call('account:payFromWallet', {
      inmateRef: await inmate(),
      totalKopecks: 100_000,
    });
    expect(poor).toMatchObject({ ok: false, error: { kind: 'insufficient-funds' } });
    await topUpAtCentral(PHONE, 200_000);
    const paid = await call('account:payFromWallet', {
      inmateRef: await inmate(),
      totalKopecks: 100_000,
    });
    // 2 % of 1000 ₽ is 20 ₽, below the 30 ₽ minimum: the same fee as cash.
    expect(paid).toMatchObject({
      ok: true,
      value: { status: 'accepted', amountKopecks: 97_000, commissionKopecks: 3_000 },
    });
    const quote = await call('account:letterQuote', { text: 'Привет', replyBlanks: 1 });
    expect(quote).toEqual(ok({ pages: 1, priceKopecks: 5_500 }));
    const letter = await call('account:sendLetter', {
      inmateRef: await inmate(),
      text: 'Привет, держись!',
      replyBlanks: 1,
    });
    expect(letter).toMatchObject({ ok: true, value: { priceKopecks: 5_500, replyBlanks: 1 } });
    expect(await call('account:current')).toMatchObject({
      value: { walletKopecks: 200_000 - 100_000 - 5_500 },
    });

    const otherTemplate = await call('account:saveTemplate', {
      label: 'Другу',
      inmateRef: await inmate(1),
      amountKopecks: null,
    });
    expect(otherTemplate.ok).toBe(true);
    await call('account:payFromWallet', { inmateRef: await inmate(1), totalKopecks: 50_000 });
    const all = (await call('account:history')) as unknown as {
      value: { transfers: { recipientKey: string; transferId: string }[]; wallet: unknown[] };
    };
    expect(all.value.transfers).toHaveLength(2);
    expect(all.value.wallet).toHaveLength(4);
    const key = all.value.transfers.at(-1)!.recipientKey;
    const one = (await call('account:history', { recipientKey: key })) as unknown as {
      value: { transfers: unknown[]; wallet: unknown[] };
    };
    expect(one.value.transfers).toHaveLength(1);
    expect(one.value.wallet).toHaveLength(1);

    const transferId = all.value.transfers[0]!.transferId;
    const support = await call('account:supportSend', { text: 'Где деньги?', transferId });
    expect(support).toMatchObject({ ok: true, value: { text: 'Где деньги?', reply: null } });
    expect(await call('account:supportList')).toMatchObject({ value: [{ text: 'Где деньги?' }] });

    session.end('payment-end');
    expect(await call('account:history')).toMatchObject({ error: { kind: 'not-logged-in' } });
    const tracked = await call('account:track', { transferId });
    expect(tracked, JSON.stringify(tracked)).toMatchObject({
      ok: true,
      value: { transferId, status: 'accepted' },
    });
  });

  it('switches an SMS notification at central from the kiosk profile; logged out, none', async () => {
    const { call } = kiosk();
    expect(await call('account:notifications')).toMatchObject({
      ok: false,
      error: { kind: 'not-logged-in' },
    });
    await call('account:login', { phone: PHONE, password: 'Осень 2028' });
    const before = await call('account:notifications');
    expect(before).toEqual(
      ok([
        { kind: 'transfer-credited', sms: false },
        { kind: 'transfer-returned', sms: false },
        { kind: 'support-answer', sms: false },
        // On until turned off: the payer paid for reply blanks to hear back.
        { kind: 'letter-reply', sms: true },
      ]),
    );
    const on = await call('account:setNotification', { kind: 'support-answer', sms: true });
    expect(on.ok && (on.value as { kind: string; sms: boolean }[])).toContainEqual({
      kind: 'support-answer',
      sms: true,
    });
    const row = await server.central.db.get<{ sms: number }>(
      `SELECT p.sms FROM payer_notify_prefs p JOIN payer_accounts a ON a.id = p.account_id
         WHERE a.phone = ? AND p.kind = 'support-answer'`,
      PHONE,
    );
    expect(Number(row?.sms)).toBe(1);
    expect(await call('account:setNotification', { kind: 'marketing', sms: true })).toMatchObject({
      ok: false,
      error: { kind: 'bad-request' },
    });
  });

  it('a session central forgot ends on the kiosk too', async () => {
    const { call, session, ended } = kiosk();
    await call('account:login', { phone: PHONE, password: 'Осень 2028' });
    await server.central.db.run('DELETE FROM payer_sessions');
    expect(await call('account:templates')).toMatchObject({ error: { kind: 'not-logged-in' } });
    expect(session.token()).toBeNull();
    expect(ended).toEqual(['expired']);
  });

  it('tracking an unknown transfer says not found, without logging in', async () => {
    const { call } = kiosk();
    const missing = await call('account:track', { transferId: uuidV7(clockMs) });
    expect(missing).toMatchObject({ ok: false, error: { kind: 'transfer-not-found' } });
  });
});

describe('money calls whose answer is lost', () => {
  /** Lets central do the work, then loses the answer of the first call to `path`. */
  function losingFirstAnswer(path: string): typeof fetch {
    let lost = false;
    return async (input, init) => {
      const response = await fetch(input, init);
      if (!lost && String(input).endsWith(path)) {
        lost = true;
        await response.body?.cancel();
        throw new TypeError('fetch failed: connection reset');
      }
      return response;
    };
  }

  it('a wallet payment is retried with the same id and debited once', async () => {
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
      commission: () => ({ commissionBasisPoints: 200, commissionMinKopecks: 3_000 }),
      now: () => clockMs,
      log: silentLogger(),
      fetch: losingFirstAnswer('/v1/payer/wallet/payments'),
    });
    const context = { client: 'test' };
    const login = await handlers['account:login'](
      { phone: PHONE, password: 'Осень 2028' },
      context,
    );
    expect(login.ok).toBe(true);
    const before = await handlers['account:current']({}, context);
    const paid = await handlers['account:payFromWallet'](
      { inmateRef: await inmate(), totalKopecks: 10_000 },
      context,
    );
    expect(paid).toMatchObject({ ok: true, value: { amountKopecks: 7_000 } });
    const after = await handlers['account:current']({}, context);
    const balance = (result: typeof before) => (result.ok ? (result.value?.walletKopecks ?? 0) : 0);
    expect(balance(before) - balance(after)).toBe(10_000);
  });
});

describe('money calls when central never answers', () => {
  it('says the outcome is unknown and names the id, instead of "try again"', async () => {
    const session = createAccountSession({
      idleMs: 180_000,
      revoke: async () => undefined,
      onEnded: () => undefined,
    });
    let payments = 0;
    const handlers = createAccountHandlers({
      terminal: () => ({
        terminalId: terminal.terminalId,
        centralUrl: server.central.url,
        privateKeyPem: terminal.keys.privateKeyPem,
      }),
      session,
      commission: () => ({ commissionBasisPoints: 200, commissionMinKopecks: 3_000 }),
      now: () => clockMs,
      log: silentLogger(),
      fetch: async (input, init) => {
        if (!String(input).endsWith('/v1/payer/wallet/payments')) return fetch(input, init);
        payments += 1;
        throw new TypeError('fetch failed: network is down');
      },
    });
    const context = { client: 'test' };
    await handlers['account:login']({ phone: PHONE, password: 'Осень 2028' }, context);
    const paid = await handlers['account:payFromWallet'](
      { inmateRef: await inmate(), totalKopecks: 10_000 },
      context,
    );
    expect(paid).toMatchObject({ ok: false, error: { kind: 'outcome-unknown' } });
    expect(payments).toBe(3);
  });
});
