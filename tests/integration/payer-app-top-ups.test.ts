/**
 * Wallet top-ups by card and СБП over real HTTP: central's acquiring adapter against the
 * payment-provider emulator, one test per emulator behaviour. The wallet is credited only by a
 * verified outcome and exactly once, whatever arrives how often (forty copies at once too).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAcquiringProvider,
  signNotification,
} from '../../central/payment-provider/acquiring-http.ts';
import { createContractChecker } from '../../central/contract-check.ts';
import { uuidV7 } from '../support/central-harness.ts';
import {
  type AppRig,
  json,
  PROVIDER,
  registeredPayer,
  startAppRig,
  stopAppRig,
} from './payer-app-support.ts';
import { webFetch } from './payer-web-helpers.ts';

const checkContract = createContractChecker();
let rig: AppRig;

beforeAll(async () => {
  rig = await startAppRig();
});

afterAll(async () => {
  await stopAppRig(rig);
});

type Payer = Awaited<ReturnType<typeof registeredPayer>>;

async function startTopUp(payer: Payer, amountKopecks: number, method: 'card' | 'sbp' = 'card') {
  const topUpId = uuidV7();
  const response = await webFetch(rig.server.central.url, 'POST', '/v1/payer/card-top-ups', {
    session: payer.session,
    key: topUpId,
    body: { topUpId, amountKopecks, method },
  });
  const body = await json(response);
  expect(checkContract('POST', '/v1/payer/card-top-ups', response.status, body)).toBeNull();
  expect(response.status).toBe(201);
  const providerId = String(body.confirmationUrl).split('/confirm/')[1]!;
  return { topUpId, providerId, body };
}

/** The payer's choice on the emulator's confirmation page (a form POST, as a browser sends). */
async function choose(providerId: string, outcome: string): Promise<Response> {
  return fetch(`${rig.provider.url}/confirm/${providerId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `outcome=${outcome}`,
    redirect: 'manual',
  });
}

async function topUpView(payer: Payer, topUpId: string) {
  const target = `/v1/payer/card-top-ups/${topUpId}`;
  const response = await webFetch(rig.server.central.url, 'GET', target, {
    session: payer.session,
  });
  const body = await json(response);
  expect(checkContract('GET', '/v1/payer/card-top-ups/{topUpId}', response.status, body)).toBe(
    null,
  );
  return body;
}

async function balance(payer: Payer): Promise<number> {
  const response = await webFetch(rig.server.central.url, 'GET', '/v1/payer/wallet', {
    session: payer.session,
  });
  return Number((await json(response)).balanceKopecks);
}

async function credits(topUpId: string): Promise<number> {
  const row = await rig.server.central.db.get<{ n: number }>(
    'SELECT COUNT(*) AS n FROM wallet_entries WHERE id = ?',
    `card:${topUpId}`,
  );
  return Number(row?.n ?? 0);
}

describe('a top-up through the provider emulator', () => {
  it('approve: one signed webhook credits the wallet; the payer goes back to the app', async () => {
    const payer = await registeredPayer(rig.server);
    const { topUpId, providerId, body } = await startTopUp(payer, 150_000);
    expect(body).toMatchObject({ status: 'pending', amountKopecks: 150_000, method: 'card' });
    const back = await choose(providerId, 'approve');
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe(`${rig.server.central.url}/app/#/top-up/${topUpId}`);
    await rig.provider.settled();
    expect(rig.provider.notifications.filter((n) => n.paymentId === providerId)).toEqual([
      { paymentId: providerId, status: 200, forged: false },
    ]);
    expect(await topUpView(payer, topUpId)).toMatchObject({ status: 'succeeded' });
    expect(await balance(payer)).toBe(150_000);
  });

  it('decline: canceled, nothing credited', async () => {
    const payer = await registeredPayer(rig.server);
    const { topUpId, providerId } = await startTopUp(payer, 50_000, 'sbp');
    await choose(providerId, 'decline');
    await rig.provider.settled();
    expect(await topUpView(payer, topUpId)).toMatchObject({ status: 'canceled', method: 'sbp' });
    expect(await balance(payer)).toBe(0);
  });

  it('timeout: the payer never confirms; shown as pending, nothing credited', async () => {
    const payer = await registeredPayer(rig.server);
    const { topUpId, providerId } = await startTopUp(payer, 20_000);
    await choose(providerId, 'timeout');
    await rig.provider.settled();
    expect(await topUpView(payer, topUpId)).toMatchObject({ status: 'pending' });
    expect(await balance(payer)).toBe(0);
    expect(rig.provider.notifications.some((n) => n.paymentId === providerId)).toBe(false);
  });

  it('lost webhook: reconciled by asking the provider, credited once', async () => {
    const payer = await registeredPayer(rig.server);
    const { topUpId, providerId } = await startTopUp(payer, 30_000);
    await choose(providerId, 'lost-webhook');
    await rig.provider.settled();
    expect(rig.provider.notifications.some((n) => n.paymentId === providerId)).toBe(false);
    // Looking at it asks the provider; looking again does not credit again.
    expect(await topUpView(payer, topUpId)).toMatchObject({ status: 'succeeded' });
    expect(await topUpView(payer, topUpId)).toMatchObject({ status: 'succeeded' });
    expect(await balance(payer)).toBe(30_000);
    expect(await credits(topUpId)).toBe(1);
  });

  it('twice: the same webhook two times credits once', async () => {
    const payer = await registeredPayer(rig.server);
    const { topUpId, providerId } = await startTopUp(payer, 40_000);
    await choose(providerId, 'twice');
    await rig.provider.settled();
    const sent = rig.provider.notifications.filter((n) => n.paymentId === providerId);
    expect(sent.map((n) => n.status)).toEqual([200, 200]);
    expect(await balance(payer)).toBe(40_000);
    expect(await credits(topUpId)).toBe(1);
  });

  it('late: a webhook after the payer already saw it credited changes nothing', async () => {
    const payer = await registeredPayer(rig.server);
    const { topUpId, providerId } = await startTopUp(payer, 60_000);
    await choose(providerId, 'late');
    // Back in the app before the webhook: the poll finds it paid.
    expect(await topUpView(payer, topUpId)).toMatchObject({ status: 'succeeded' });
    await rig.provider.settled();
    expect(rig.provider.notifications.filter((n) => n.paymentId === providerId)).toHaveLength(1);
    expect(await balance(payer)).toBe(60_000);
    expect(await credits(topUpId)).toBe(1);
  });

  it('forged: a webhook with a wrong signature is refused and credits nothing', async () => {
    const payer = await registeredPayer(rig.server);
    const { topUpId, providerId } = await startTopUp(payer, 70_000);
    await choose(providerId, 'forged');
    await rig.provider.settled();
    expect(rig.provider.notifications.filter((n) => n.paymentId === providerId)).toEqual([
      { paymentId: providerId, status: 401, forged: true },
    ]);
    expect(await topUpView(payer, topUpId)).toMatchObject({ status: 'pending' });
    expect(await balance(payer)).toBe(0);
  });

  it('a signed webhook claiming another amount credits nothing', async () => {
    const payer = await registeredPayer(rig.server);
    const { topUpId, providerId } = await startTopUp(payer, 80_000);
    const body = JSON.stringify({
      type: 'notification',
      event: 'payment.succeeded',
      object: {
        id: providerId,
        status: 'succeeded',
        amount: { value: '8000.00', currency: 'RUB' },
      },
    });
    const answer = await fetch(`${rig.server.central.url}/v1/payment-provider/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'content-signature': signNotification(PROVIDER.webhookSecret, body),
      },
      body,
    });
    expect(answer.status).toBe(200);
    expect(await credits(topUpId)).toBe(0);
    expect(await balance(payer)).toBe(0);
  });

  it('forty concurrent copies of a valid webhook credit once', async () => {
    const payer = await registeredPayer(rig.server);
    const { topUpId, providerId } = await startTopUp(payer, 100_000);
    // Paid at the provider, its own notification lost: the copies below are the only ones.
    await choose(providerId, 'lost-webhook');
    const body = JSON.stringify({
      type: 'notification',
      event: 'payment.succeeded',
      object: {
        id: providerId,
        status: 'succeeded',
        amount: { value: '1000.00', currency: 'RUB' },
        metadata: { topUpId },
      },
    });
    const signature = signNotification(PROVIDER.webhookSecret, body);
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${rig.server.central.url}/v1/payment-provider/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-signature': signature },
          body,
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(200));
    expect(await credits(topUpId)).toBe(1);
    expect(await balance(payer)).toBe(100_000);
    const row = await rig.server.central.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM provider_credits WHERE provider_payment_id = ?',
      providerId,
    );
    expect(Number(row?.n)).toBe(1);
  });

  it('the database itself refuses a second credit of one provider payment', async () => {
    const payer = await registeredPayer(rig.server);
    const { topUpId, providerId } = await startTopUp(payer, 10_000);
    await choose(providerId, 'approve');
    await rig.provider.settled();
    const db = rig.server.central.db;
    await db.run(
      `INSERT INTO wallet_entries (id, account_id, kind, delta_kopecks, fingerprint, response,
         created_at_ms) VALUES (?, ?, 'top-up', 10000, '', '', 1)`,
      `card:${topUpId}:again`,
      payer.accountId,
    );
    await expect(
      db.run(
        `INSERT INTO provider_credits (provider, provider_payment_id, top_up_id, wallet_entry_id,
           amount_kopecks, credited_at_ms) VALUES ('acquiring', ?, ?, ?, 10000, 1)`,
        providerId,
        topUpId,
        `card:${topUpId}:again`,
      ),
    ).rejects.toThrow();
  });

  it('background reconciliation settles a pending top-up nobody looks at', async () => {
    let offsetMs = 0;
    const own = await startAppRig({
      nowMs: () => Date.now() + offsetMs,
      topUpReconcileEveryMs: 50,
    });
    try {
      const payer = await registeredPayer(own.server);
      const topUpId = uuidV7();
      const created = await webFetch(own.server.central.url, 'POST', '/v1/payer/card-top-ups', {
        session: payer.session,
        key: topUpId,
        body: { topUpId, amountKopecks: 25_000, method: 'card' },
      });
      const providerId = String((await json(created)).confirmationUrl).split('/confirm/')[1]!;
      await fetch(`${own.provider.url}/confirm/${providerId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'outcome=lost-webhook',
        redirect: 'manual',
      });
      // A young payment is left to its webhook; a minute later central asks by itself.
      offsetMs = 120_000;
      const entry = async () =>
        own.server.central.db.get<{ delta_kopecks: number }>(
          'SELECT delta_kopecks FROM wallet_entries WHERE id = ?',
          `card:${topUpId}`,
        );
      for (let tries = 0; tries < 300 && (await entry()) === undefined; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await entry()).toEqual({ delta_kopecks: 25_000 });
    } finally {
      await stopAppRig(own);
    }
  });

  it('a repeated create is the same top-up; another body under its id is refused', async () => {
    const payer = await registeredPayer(rig.server);
    const { topUpId } = await startTopUp(payer, 12_300);
    const again = await webFetch(rig.server.central.url, 'POST', '/v1/payer/card-top-ups', {
      session: payer.session,
      key: topUpId,
      body: { topUpId, amountKopecks: 12_300, method: 'card' },
    });
    expect(again.status).toBe(200);
    const other = await webFetch(rig.server.central.url, 'POST', '/v1/payer/card-top-ups', {
      session: payer.session,
      key: topUpId,
      body: { topUpId, amountKopecks: 99_900, method: 'card' },
    });
    expect(other.status).toBe(422);
    expect(rig.provider.payments.size).toBeGreaterThan(0);
    const list = await webFetch(rig.server.central.url, 'GET', '/v1/payer/card-top-ups', {
      session: payer.session,
    });
    expect((await json(list)).topUps).toMatchObject([{ topUpId, amountKopecks: 12_300 }]);
  });

  it('a flood of creations is refused after ten (429, Retry-After)', async () => {
    const payer = await registeredPayer(rig.server);
    const statuses: number[] = [];
    for (let index = 0; index < 11; index += 1) {
      const topUpId = uuidV7();
      const answer = await webFetch(rig.server.central.url, 'POST', '/v1/payer/card-top-ups', {
        session: payer.session,
        key: topUpId,
        body: { topUpId, amountKopecks: 10_000, method: 'sbp' },
      });
      statuses.push(answer.status);
      if (answer.status === 429) expect(answer.headers.get('retry-after')).not.toBeNull();
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(statuses[10]).toBe(429);
  });

  it('a provider that never answers: 502, retried with the same id; closed after an hour', async () => {
    let offsetMs = 0;
    const own = await startAppRig({
      nowMs: () => Date.now() + offsetMs,
      topUpReconcileEveryMs: 50,
      paymentProvider: createAcquiringProvider({ ...PROVIDER, baseUrl: 'http://127.0.0.1:9' }),
    });
    try {
      const payer = await registeredPayer(own.server);
      const topUpId = uuidV7();
      const create = () =>
        webFetch(own.server.central.url, 'POST', '/v1/payer/card-top-ups', {
          session: payer.session,
          key: topUpId,
          body: { topUpId, amountKopecks: 50_000, method: 'card' },
        });
      expect((await create()).status).toBe(502);
      expect((await create()).status).toBe(502);
      const view = () =>
        webFetch(own.server.central.url, 'GET', `/v1/payer/card-top-ups/${topUpId}`, {
          session: payer.session,
        }).then(json);
      expect(await view()).toMatchObject({ status: 'pending', confirmationUrl: null });
      // Two hours on by central's clock (the payer's session has long expired: read the row).
      offsetMs = 2 * 3_600_000;
      const status = async () =>
        (
          await own.server.central.db.get<{ status: string }>(
            'SELECT status FROM card_top_ups WHERE id = ?',
            topUpId,
          )
        )?.status;
      for (let tries = 0; tries < 300 && (await status()) !== 'canceled'; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await status()).toBe('canceled');
    } finally {
      await stopAppRig(own);
    }
  });

  it('amounts outside the limits and calls without a session are refused', async () => {
    const payer = await registeredPayer(rig.server);
    const topUpId = uuidV7();
    const base = rig.server.central.url;
    const tiny = await webFetch(base, 'POST', '/v1/payer/card-top-ups', {
      session: payer.session,
      key: topUpId,
      body: { topUpId, amountKopecks: 9_999, method: 'card' },
    });
    expect(tiny.status).toBe(422);
    const anonymous = await webFetch(base, 'POST', '/v1/payer/card-top-ups', {
      key: topUpId,
      body: { topUpId, amountKopecks: 50_000, method: 'card' },
    });
    expect(anonymous.status).toBe(401);
  });
});
