/**
 * A payment from the wallet in the payer's app needs a one-time SMS code bound to exactly that
 * payment (docs/PAYER-APP.md); tracking a receipt without a login needs its check code.
 * Real HTTP against central; answers checked against central/openapi.yaml.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionKopecks, kopecks, rubles } from '../../common/money.ts';
import { createContractChecker } from '../../central/contract-check.ts';
import { formatTrackingCode } from '../../common/tracking-code.ts';
import { loadTrackingKeys, trackingCodeWithKey } from '../../central/tracking.ts';
import { uuidV7 } from '../support/central-harness.ts';
import {
  type AppRig,
  codeIn,
  json,
  lastSms,
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

async function web(method: 'GET' | 'POST', target: string, payer: Payer | null, body?: unknown) {
  const response = await webFetch(rig.server.central.url, method, target, {
    ...(payer === null ? {} : { session: payer.session }),
    ...(body === undefined ? {} : { body }),
    ...(body !== undefined && typeof body === 'object' && body !== null && 'transferId' in body
      ? { key: String((body as { transferId: string }).transferId) }
      : {}),
  });
  const parsed = await json(response);
  const path = target
    .split('?')[0]!
    .replace(/\/v1\/public\/tracking\/.+$/, '/v1/public/tracking/{reference}');
  expect(checkContract(method, path, response.status, parsed), `${method} ${target}`).toBeNull();
  return { status: response.status, body: parsed };
}

/** A funded payer: a card top-up approved at the emulator. */
async function funded(amountKopecks: number): Promise<Payer> {
  const payer = await registeredPayer(rig.server);
  const topUpId = uuidV7();
  const created = await webFetch(rig.server.central.url, 'POST', '/v1/payer/card-top-ups', {
    session: payer.session,
    key: topUpId,
    body: { topUpId, amountKopecks, method: 'card' },
  });
  const providerId = String((await json(created)).confirmationUrl).split('/confirm/')[1]!;
  await fetch(`${rig.provider.url}/confirm/${providerId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'outcome=approve',
    redirect: 'manual',
  });
  await rig.provider.settled();
  return payer;
}

function payment(amountKopecks: number) {
  return {
    transferId: uuidV7(),
    inmateRef: 'idemo000000000001',
    amountKopecks,
    commissionKopecks: commissionKopecks(kopecks(amountKopecks), 250, rubles(30)),
  };
}

describe('a payment from the wallet in the app', () => {
  it('needs the SMS code of exactly this payment; the SMS says what it pays', async () => {
    const payer = await funded(rubles(5_000));
    const paid = payment(rubles(1_000));
    const withoutCode = await web('POST', '/v1/payer/wallet/payments', payer, {
      ...paid,
      kioskCreatedAtMs: Date.now(),
    });
    expect(withoutCode).toMatchObject({
      status: 403,
      body: { error: { code: 'payment-code-required' } },
    });
    const sent = await web('POST', '/v1/payer/payment-codes', payer, paid);
    expect(sent.status).toBe(202);
    const sms = await lastSms(rig.server, payer.phone);
    expect(sms).toContain('Иванов И. И.');
    expect(sms).toContain('1 030,00');
    const code = codeIn(sms);
    // The code does not pay another amount under the same transfer id.
    const other = await web('POST', '/v1/payer/wallet/payments', payer, {
      ...payment(rubles(2_000)),
      transferId: paid.transferId,
      kioskCreatedAtMs: Date.now(),
      confirmationCode: code,
    });
    expect(other).toMatchObject({ status: 403, body: { error: { code: 'payment-code-invalid' } } });
    const done = await web('POST', '/v1/payer/wallet/payments', payer, {
      ...paid,
      kioskCreatedAtMs: Date.now(),
      confirmationCode: code,
    });
    expect(done).toMatchObject({ status: 201, body: { depositedKopecks: rubles(1_030) } });
    // A repeat is a replay: no new code needed, no second debit.
    const replay = await web('POST', '/v1/payer/wallet/payments', payer, {
      ...paid,
      kioskCreatedAtMs: done.body.kioskCreatedAtMs,
    });
    expect(replay.status).toBe(201);
    const wallet = await web('GET', '/v1/payer/wallet', payer);
    expect(wallet.body.balanceKopecks).toBe(rubles(5_000 - 1_030));
  });

  it('a used code pays nothing more; five wrong guesses burn it', async () => {
    const payer = await funded(rubles(5_000));
    const first = payment(rubles(500));
    await web('POST', '/v1/payer/payment-codes', payer, first);
    const code = codeIn(await lastSms(rig.server, payer.phone));
    const wrong = code === '000000' ? '111111' : '000000';
    for (let guess = 0; guess < 5; guess += 1) {
      const refused = await web('POST', '/v1/payer/wallet/payments', payer, {
        ...first,
        kioskCreatedAtMs: Date.now(),
        confirmationCode: wrong,
      });
      expect(refused.status).toBe(403);
    }
    const late = await web('POST', '/v1/payer/wallet/payments', payer, {
      ...first,
      kioskCreatedAtMs: Date.now(),
      confirmationCode: code,
    });
    expect(late).toMatchObject({ status: 403, body: { error: { code: 'payment-code-invalid' } } });
    expect((await web('GET', '/v1/payer/wallet', payer)).body.balanceKopecks).toBe(rubles(5_000));
  });

  it('a code for one payer is not another payer\u2019s', async () => {
    const owner = await funded(rubles(3_000));
    const stranger = await funded(rubles(3_000));
    const paid = payment(rubles(500));
    await web('POST', '/v1/payer/payment-codes', owner, paid);
    const code = codeIn(await lastSms(rig.server, owner.phone));
    const refused = await web('POST', '/v1/payer/wallet/payments', stranger, {
      ...paid,
      kioskCreatedAtMs: Date.now(),
      confirmationCode: code,
    });
    expect(refused.status).toBe(403);
  });

  it('the app learns the terms it is checked against', async () => {
    const payer = await registeredPayer(rig.server);
    const terms = await web('GET', '/v1/payer/payment-terms', payer);
    expect(terms.body).toMatchObject({
      commissionRateBasisPoints: 250,
      commissionKopecksMin: rubles(30),
      topUpKopecksMin: 10_000,
      topUpKopecksMax: 1_500_000,
    });
    expect((await web('GET', '/v1/payer/payment-terms', null)).status).toBe(401);
  });
});

describe('tracking without a login', () => {
  it('answers with the receipt code only; a wrong code looks like an unknown id', async () => {
    const payer = await funded(rubles(2_000));
    const paid = payment(rubles(500));
    await web('POST', '/v1/payer/payment-codes', payer, paid);
    const code = codeIn(await lastSms(rig.server, payer.phone));
    await web('POST', '/v1/payer/wallet/payments', payer, {
      ...paid,
      kioskCreatedAtMs: Date.now(),
      confirmationCode: code,
    });
    const webKey = loadTrackingKeys(rig.server.dataDir).keyOf('@web');
    const right = trackingCodeWithKey(webKey, paid.transferId);
    const found = await web(
      'GET',
      `/v1/public/tracking/${paid.transferId}?c=${formatTrackingCode(right)}`,
      null,
    );
    expect(found).toMatchObject({ status: 200, body: { amountKopecks: rubles(500) } });
    expect(found.body).not.toHaveProperty('facilityName');
    const wrong = await web('GET', `/v1/public/tracking/${paid.transferId}?c=ABCDEFGH`, null);
    const unknown = await web('GET', `/v1/public/tracking/${uuidV7()}?c=${right}`, null);
    expect(wrong).toEqual(unknown);
    expect(wrong.status).toBe(404);
    // The short id an SMS receipt names (the last 8 hex digits) with the same code.
    const shortId = paid.transferId.slice(-8).toUpperCase();
    const byShort = await web('GET', `/v1/public/tracking/${shortId}?c=${right}`, null);
    expect(byShort).toEqual(found);
    const shortWrong = await web('GET', `/v1/public/tracking/${shortId}?c=ABCDEFGH`, null);
    expect(shortWrong).toEqual(unknown);
  });
});
