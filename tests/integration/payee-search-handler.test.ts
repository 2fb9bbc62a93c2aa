import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KioskProcess, startKioskProcess } from '../support/kiosk-process.ts';
import { connectClient, type TestClient, wsUrlOf } from '../support/ws-client.ts';

/**
 * The kiosk's `payee:search` over its real WebSocket contract, against the embedded central
 * and its demo data: look-alikes are asked for a day of birth and never listed, the match
 * quality reaches the screen, and what the search gave still starts a deposit as it is.
 */
describe('payee:search (kiosk handler, real main process)', () => {
  let kiosk: KioskProcess;
  let client: TestClient;

  beforeAll(async () => {
    kiosk = await startKioskProcess();
    client = await connectClient(wsUrlOf(kiosk.url), kiosk.origin);
    // deposit:start needs the devices ready (the acceptor opens a moment after start).
    const deadlineMs = Date.now() + 30_000;
    for (;;) {
      const status = (await client.call('kiosk:getStatus')).value as { acceptingPayments: boolean };
      if (status.acceptingPayments || Date.now() > deadlineMs) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });

  afterAll(async () => {
    client?.close();
    await kiosk?.stop();
  });

  const karimov = {
    facilityId: '77-sizo-1',
    surname: 'КАРИМОВ',
    name: 'БАХТИЁР',
    patronymic: '',
    birthYear: 1995,
  };

  it('asks for the day of birth instead of listing two «Каримов Б., 1995»', async () => {
    const found = await client.call('payee:search', karimov);
    expect(found).toEqual({
      ok: true,
      value: { source: 'central', matches: [], lookAlike: 'ask-birth-date' },
    });
  });

  it('with the day of birth: one exact match, which starts a deposit as it is', async () => {
    const found = await client.call('payee:search', { ...karimov, birthDay: 14, birthMonth: 3 });
    expect(found).toMatchObject({
      ok: true,
      value: {
        lookAlike: 'none',
        matches: [
          {
            kind: 'inmate',
            inmateRef: 'idemo000000000004',
            maskedName: 'Каримов Б.',
            quality: 'exact',
            correctedParts: [],
          },
        ],
      },
    });
    const match = (found.value as { matches: unknown[] }).matches[0];
    const started = await client.call('deposit:start', { recipient: match });
    expect(started.ok, JSON.stringify(started.error)).toBe(true);
    expect(await client.call('deposit:cancel')).toMatchObject({ ok: true });
  });

  it('same-day namesakes cannot be told apart', async () => {
    const found = await client.call('payee:search', {
      facilityId: '77-sizo-1',
      surname: 'Ахмедов',
      name: 'Рустам',
      patronymic: 'Ильхомович',
      birthYear: 1988,
      birthDay: 20,
      birthMonth: 5,
    });
    expect(found).toMatchObject({
      ok: true,
      value: { matches: [], lookAlike: 'cannot-tell-apart' },
    });
  });

  it('an approximate match says so and which parts were corrected', async () => {
    const found = await client.call('payee:search', {
      facilityId: '77-sizo-1',
      surname: 'Иванова',
      name: 'Ивана',
      birthYear: 1985,
    });
    expect(found).toMatchObject({
      ok: true,
      value: {
        lookAlike: 'none',
        matches: [
          {
            inmateRef: 'idemo000000000001',
            quality: 'approximate',
            correctedParts: ['surname', 'name'],
          },
        ],
      },
    });
  });

  it('refuses a day without a month', async () => {
    const found = await client.call('payee:search', { ...karimov, birthDay: 14 });
    expect(found).toMatchObject({ ok: false, error: { kind: 'bad-request' } });
  });
});
