/**
 * Every route of the central API over real HTTP (server on port 0, real fetch), through the
 * kiosk's client where it has a method, and every answer checked against openapi.yaml.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractChecker } from '../../central/contract-check.ts';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';
import type { TransferCreate } from '../../main/sync/central-client.ts';
import { trackingCodeFor } from '../../main/receipts/tracking-code.ts';

const checkContract = createContractChecker();
let server: TestCentral;
let kiosk: EnrolledTerminal;

async function expectContract(
  response: Response,
  method: string,
  path: string,
): Promise<{ status: number; body: unknown }> {
  const body = (await response.json()) as unknown;
  expect(checkContract(method, path, response.status, body)).toBeNull();
  return { status: response.status, body };
}

function transferFor(inmateRef: string, amountKopecks = 100_000): TransferCreate {
  return {
    transferId: uuidV7(),
    inmateRef,
    depositedKopecks: amountKopecks + 3_000,
    amountKopecks,
    commissionKopecks: 3_000,
    kioskCreatedAtMs: Date.now(),
    payerAccountId: null,
    receiptNumber: 'R-1',
  };
}

beforeAll(async () => {
  server = await startTestCentral({ searchRateLimit: { burst: 100, refillPerMinute: 100 } });
  kiosk = await server.enrolTerminal('kiosk-api-1', ['77-sizo-1']);
});

afterAll(async () => {
  await server.stop();
});

describe('reference data and config', () => {
  it('GET /v1/health answers without authentication', async () => {
    const response = await fetch(`${server.central.url}/v1/health`);
    const { status, body } = await expectContract(response, 'GET', '/v1/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true });
  });

  it('GET /v1/terminal/config gives limits, commission, notes and agent details', async () => {
    const config = await kiosk.client.getConfig();
    expect(config.ok && config.value.facilityIds).toEqual(['77-sizo-1']);
    expect(config.ok && config.value.paymentKopecksMax).toBe(1_500_000);
    expect(config.ok && config.value.acceptedNotesKopecks).toContain(500_000);
    const raw = await signedFetch(server.central.url, kiosk, 'GET', '/v1/terminal/config');
    expect((await expectContract(raw, 'GET', '/v1/terminal/config')).status).toBe(200);
  });

  it('GET /v1/regions lists subjects with their territorial bodies', async () => {
    const regions = await kiosk.client.listRegions();
    expect(regions.ok).toBe(true);
    if (!regions.ok) return;
    expect(regions.value.length).toBeGreaterThan(80);
    const chelyabinsk = regions.value.find((region) => region.code === '74');
    expect(chelyabinsk?.territorialBody).toBe('ГУФСИН России по Челябинской области');
    const raw = await signedFetch(server.central.url, kiosk, 'GET', '/v1/regions');
    expect((await expectContract(raw, 'GET', '/v1/regions')).status).toBe(200);
  });

  it('GET /v1/facilities filters by region and carries aliases and accounting', async () => {
    const moscow = await kiosk.client.listFacilities('77');
    expect(moscow.ok).toBe(true);
    if (!moscow.ok) return;
    expect(moscow.value.every((facility) => facility.regionCode === '77')).toBe(true);
    const sizo1 = moscow.value.find((facility) => facility.id === '77-sizo-1');
    expect(sizo1?.shortName).toBe('ФКУ СИЗО-1 УФСИН России по г. Москве');
    expect(sizo1?.aliases).toContain('Матросская тишина');
    expect(sizo1?.accounting.inn).toMatch(/^\d{10}$/);
    const all = await kiosk.client.listFacilities();
    expect(all.ok && all.value.length).toBeGreaterThan(moscow.value.length);
    const raw = await signedFetch(server.central.url, kiosk, 'GET', '/v1/facilities?regionCode=77');
    expect((await expectContract(raw, 'GET', '/v1/facilities')).status).toBe(200);
  });

  it('GET /v1/facilities refuses a malformed region code with 400', async () => {
    const result = await kiosk.client.listFacilities('Moscow');
    expect(!result.ok && result.error).toMatchObject({
      kind: 'http',
      status: 400,
      code: 'bad-request',
    });
  });
});

describe('GET /v1/terminal/roster', () => {
  it('is signed by the key in the config and covers only the terminal facilities', async () => {
    const config = await kiosk.client.getConfig();
    const roster = await kiosk.client.getRoster();
    if (!config.ok || !roster.ok) throw new Error('config or roster failed');
    expect(config.value.rosterPublicKeyPem).toBe(server.central.rosterPublicKeyPem);
    const key = createPublicKey(config.value.rosterPublicKeyPem);
    const signature = Buffer.from(roster.value.signature, 'base64');
    expect(verify(null, Buffer.from(roster.value.payload), key, signature)).toBe(true);
    const tampered = roster.value.payload.replace('"77-sizo-1"', '"77-sizo-2"');
    expect(verify(null, Buffer.from(tampered), key, signature)).toBe(false);
    const payload = JSON.parse(roster.value.payload) as {
      terminalId: string;
      facilities: { facilityId: string; inmates: Record<string, unknown>[] }[];
    };
    expect(payload.terminalId).toBe('kiosk-api-1');
    expect(payload.facilities.map((facility) => facility.facilityId)).toEqual(['77-sizo-1']);
    // Keyed hashes and sealed boxes only: no name, search key, ref or year in the clear.
    expect(Object.keys(payload.facilities[0]!.inmates[0]!).sort()).toEqual([
      'lookup',
      'prefixes',
      'sealed',
    ]);
    for (const secret of ['Иванов', 'иванов', 'idemo000000000001']) {
      expect(roster.value.payload).not.toContain(secret);
    }
    const raw = await signedFetch(server.central.url, kiosk, 'GET', '/v1/terminal/roster');
    expect((await expectContract(raw, 'GET', '/v1/terminal/roster')).status).toBe(200);
  });
});

describe('POST /v1/inmates/search', () => {
  const search = (surname: string, name: string, birthYear: number, patronymic?: string) =>
    kiosk.client.searchInmates({
      facilityId: '77-sizo-1',
      surname,
      name,
      birthYear,
      ...(patronymic === undefined ? {} : { patronymic }),
    });

  it('finds an exact match and shows only the masked name', async () => {
    const found = await search('Иванов', 'Иван', 1985, 'Иванович');
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.value[0]).toMatchObject({
      inmateRef: 'idemo000000000001',
      maskedName: 'Иванов И. И.',
      birthYear: 1985,
      exact: true,
      accountStatus: 'active',
    });
    expect(JSON.stringify(found.value)).not.toContain('Иванович');
  });

  it('tolerates case, ё/е, hyphens, the EN layout, typos and a partial patronymic', async () => {
    const cases: [string, string, number, string | undefined, string][] = [
      ['семенов', 'петр', 1979, undefined, 'idemo000000000002'],
      ['Ctvtyjd', 'Gtnh', 1979, undefined, 'idemo000000000002'],
      ['римская корсакова', 'анна', 1990, 'Серг', 'idemo000000000003'],
      ['Римская-Карсакова', 'Ана', 1990, undefined, 'idemo000000000003'],
      ['Ивонов', 'Иван', 1985, 'Ив', 'idemo000000000001'],
      ['Каримов', 'Бахтиер', 1995, undefined, 'idemo000000000004'],
      ['Karimov', 'Baxtiyor', 1995, undefined, 'idemo000000000004'],
      ['Semyonov', 'Pyotr', 1979, 'Fyodorovich', 'idemo000000000002'],
    ];
    for (const [surname, name, year, patronymic, ref] of cases) {
      const found = await search(surname, name, year, patronymic);
      expect(found.ok && found.value.map((match) => match.inmateRef), surname).toContain(ref);
    }
  });

  it('answers no match for the wrong year or a different person', async () => {
    const wrongYear = await search('Иванов', 'Иван', 1986, 'Иванович');
    expect(wrongYear.ok && wrongYear.value.map((m) => m.inmateRef)).not.toContain(
      'idemo000000000001',
    );
    const stranger = await search('Пупкин', 'Василий', 1985);
    expect(stranger.ok && stranger.value).toEqual([]);
  });

  it('reports a released inmate with his account status', async () => {
    const found = await search('Петров-Водкин', 'Алексей', 1988);
    expect(found.ok && found.value[0]?.accountStatus).toBe('released');
  });

  it('404 for an unknown facility, 400 for a one-letter name, 400 without a year', async () => {
    const unknown = await kiosk.client.searchInmates({
      facilityId: '99-sizo-9',
      surname: 'Иванов',
      name: 'Иван',
      birthYear: 1985,
    });
    expect(!unknown.ok && unknown.error).toMatchObject({ status: 404, code: 'unknown-facility' });
    const short = await search('Иванов', 'И.', 1985);
    expect(!short.ok && short.error).toMatchObject({ status: 400, code: 'query-too-short' });
    const noYear = await signedFetch(server.central.url, kiosk, 'POST', '/v1/inmates/search', {
      body: { facilityId: '77-sizo-1', surname: 'Иванов', name: 'Иван' },
    });
    const { status } = await expectContract(noYear, 'POST', '/v1/inmates/search');
    expect(status).toBe(400);
  });

  it('answers are valid against the contract', async () => {
    const raw = await signedFetch(server.central.url, kiosk, 'POST', '/v1/inmates/search', {
      body: { facilityId: '77-sizo-1', surname: 'Иванов', name: 'Иван', birthYear: 1985 },
    });
    expect((await expectContract(raw, 'POST', '/v1/inmates/search')).status).toBe(200);
  });
});

describe('search rate limit', () => {
  it('answers 429 with Retry-After once a terminal exceeds its budget', async () => {
    const limited = await startTestCentral({ searchRateLimit: { burst: 3, refillPerMinute: 1 } });
    try {
      const terminal = await limited.enrolTerminal('kiosk-rate');
      const args = { facilityId: '77-sizo-1', surname: 'Иванов', name: 'Иван', birthYear: 1985 };
      for (let index = 0; index < 3; index += 1) {
        expect((await terminal.client.searchInmates(args)).ok).toBe(true);
      }
      const refused = await signedFetch(
        limited.central.url,
        terminal,
        'POST',
        '/v1/inmates/search',
        {
          body: args,
        },
      );
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(checkContract('POST', '/v1/inmates/search', 429, await refused.json())).toBeNull();
      const viaClient = await terminal.client.searchInmates(args);
      expect(!viaClient.ok && viaClient.error).toMatchObject({ kind: 'http', status: 429 });
      expect(
        !viaClient.ok && viaClient.error.kind === 'http' && viaClient.error.retryAfterMs,
      ).toBeGreaterThan(0);
      // Another terminal has its own budget.
      const other = await limited.enrolTerminal('kiosk-rate-2');
      expect((await other.client.searchInmates(args)).ok).toBe(true);
    } finally {
      await limited.stop();
    }
  });
});

describe('transfers', () => {
  it('POST /v1/transfers creates an accepted transfer with the masked recipient', async () => {
    const input = transferFor('idemo000000000001');
    const raw = await signedFetch(server.central.url, kiosk, 'POST', '/v1/transfers', {
      body: input,
      idempotencyKey: input.transferId,
    });
    const { status, body } = await expectContract(raw, 'POST', '/v1/transfers');
    expect(status).toBe(201);
    expect(body).toMatchObject({
      transferId: input.transferId,
      status: 'accepted',
      amountKopecks: 100_000,
      depositedKopecks: 103_000,
      recipientMasked: 'Иванов И. И.',
      facilityId: '77-sizo-1',
    });
  });

  it('refuses inconsistent amounts and unknown recipients with 422', async () => {
    const bad = { ...transferFor('idemo000000000001'), commissionKopecks: 1 };
    const inconsistent = await kiosk.client.createTransfer(bad);
    expect(!inconsistent.ok && inconsistent.error).toMatchObject({
      status: 422,
      code: 'amounts-inconsistent',
    });
    const unknown = await kiosk.client.createTransfer(transferFor('izzzzzzzzzzzzzzzz'));
    expect(!unknown.ok && unknown.error).toMatchObject({ status: 422, code: 'unknown-recipient' });
  });

  it('requires the Idempotency-Key and that it equals the transfer id', async () => {
    const input = transferFor('idemo000000000001');
    const missing = await signedFetch(server.central.url, kiosk, 'POST', '/v1/transfers', {
      body: input,
    });
    expect((await expectContract(missing, 'POST', '/v1/transfers')).status).toBe(400);
    const other = await signedFetch(server.central.url, kiosk, 'POST', '/v1/transfers', {
      body: input,
      idempotencyKey: uuidV7(),
    });
    const { status, body } = await expectContract(other, 'POST', '/v1/transfers');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'idempotency-key-mismatch' } });
  });

  it('GET /v1/transfers/{id} shows the terminal its own transfer, and only its own', async () => {
    const created = await kiosk.client.createTransfer(transferFor('idemo000000000002'));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const id = created.value.transferId;
    const status = await kiosk.client.getTransferStatus(id);
    expect(status.ok && status.value.status).toBe('accepted');
    const raw = await signedFetch(server.central.url, kiosk, 'GET', `/v1/transfers/${id}`);
    expect((await expectContract(raw, 'GET', '/v1/transfers/{transferId}')).status).toBe(200);
    const stranger = await server.enrolTerminal('kiosk-api-other');
    const hidden = await stranger.client.getTransferStatus(id);
    expect(!hidden.ok && hidden.error).toMatchObject({ status: 404, code: 'transfer-not-found' });
  });

  it('moves accepted → credited through the admin endpoint, and the public status shows it', async () => {
    const created = await kiosk.client.createTransfer(transferFor('idemo000000000003', 50_000));
    if (!created.ok) throw new Error('create failed');
    const id = created.value.transferId;
    const publicBefore = await fetch(`${server.central.url}/v1/public/transfers/${id}`);
    const before = await expectContract(publicBefore, 'GET', '/v1/public/transfers/{transferId}');
    expect(before.body).toEqual({
      transferId: id,
      status: 'accepted',
      amountKopecks: 50_000,
      recipientMasked: 'Римская-Корсакова А. С.',
      acceptedAtMs: created.value.acceptedAtMs,
      sentAtMs: null,
      creditedAtMs: null,
      returnedAtMs: null,
    });
    const credit = await server.admin('POST', `/v1/admin/transfers/${id}/credit`);
    const credited = await expectContract(
      credit,
      'POST',
      '/v1/admin/transfers/{transferId}/credit',
    );
    expect(credited.body).toMatchObject({ status: 'credited' });
    const again = await server.admin('POST', `/v1/admin/transfers/${id}/credit`);
    expect(again.status).toBe(200);
    const refund = await server.admin('POST', `/v1/admin/transfers/${id}/return`, { reason: 'x' });
    const refused = await expectContract(refund, 'POST', '/v1/admin/transfers/{transferId}/return');
    expect(refused.status).toBe(409);
    const publicAfter = await kiosk.client.getPublicTransferStatus(id);
    expect(publicAfter.ok && publicAfter.value.status).toBe('credited');
    expect(publicAfter.ok && publicAfter.value.creditedAtMs).not.toBeNull();
  });

  it('the QR page shows the status in Russian, no name, 404 without the code or unknown', async () => {
    const created = await kiosk.client.createTransfer(transferFor('idemo000000000004', 123_450));
    if (!created.ok) throw new Error('create failed');
    const config = await kiosk.client.getConfig();
    const prefix = config.ok ? config.value.trackingUrlPrefix : undefined;
    expect(prefix).toBe(`${server.central.url}/t/`);
    const key = config.ok ? config.value.trackingKey : undefined;
    if (key === undefined) throw new Error('no tracking key in the terminal config');
    const id = created.value.transferId;
    const page = await fetch(`${prefix}${id}?c=${trackingCodeFor(key, id)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('Принят, передаётся в учреждение');
    expect(html).toContain('1 234,50 руб.');
    expect(html).not.toContain('Каримов');
    expect(html).not.toContain('<script');
    const bare = await fetch(`${prefix}${id}`);
    expect(bare.status).toBe(404);
    const missing = await fetch(`${prefix}${uuidV7()}?c=${trackingCodeFor(key, id)}`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('не найден');
  });

  it('returns a transfer with a reason; unknown ids are 404 everywhere', async () => {
    const created = await kiosk.client.createTransfer(transferFor('idemo000000000005'));
    if (!created.ok) throw new Error('create failed');
    const id = created.value.transferId;
    const response = await server.admin('POST', `/v1/admin/transfers/${id}/return`, {
      reason: 'recipient-released',
    });
    const { body } = await expectContract(
      response,
      'POST',
      '/v1/admin/transfers/{transferId}/return',
    );
    expect(body).toMatchObject({ status: 'returned', returnReason: 'recipient-released' });
    const missing = uuidV7();
    const publicMissing = await fetch(`${server.central.url}/v1/public/transfers/${missing}`);
    expect(
      (await expectContract(publicMissing, 'GET', '/v1/public/transfers/{transferId}')).status,
    ).toBe(404);
    const creditMissing = await server.admin('POST', `/v1/admin/transfers/${missing}/credit`);
    expect(creditMissing.status).toBe(404);
    const notUuid = await fetch(`${server.central.url}/v1/public/transfers/123`);
    expect(notUuid.status).toBe(400);
  });

  it('POST /v1/transfers/batch answers each item on its own', async () => {
    const first = transferFor('idemo000000000001', 10_000);
    const second = transferFor('idemo000000000002', 20_000);
    const unknown = transferFor('izzzzzzzzzzzzzzzz');
    const batch = await kiosk.client.createTransfers([first, second, unknown]);
    expect(batch.ok).toBe(true);
    if (!batch.ok) return;
    expect(batch.value.map((item) => item.httpStatus)).toEqual([201, 201, 422]);
    expect(batch.value[0]?.transfer?.amountKopecks).toBe(10_000);
    expect(batch.value[2]).toMatchObject({ code: 'unknown-recipient', transfer: null });
    const raw = await signedFetch(server.central.url, kiosk, 'POST', '/v1/transfers/batch', {
      body: { transfers: [first] },
    });
    const { body } = await expectContract(raw, 'POST', '/v1/transfers/batch');
    expect(body).toMatchObject({
      results: [{ transferId: first.transferId, httpStatus: 201, replayed: true }],
    });
  });

  it('the demo credit timer sends and then credits, or returns for a released inmate', async () => {
    const timed = await startTestCentral({ creditTimerMs: 200 });
    try {
      const terminal = await timed.enrolTerminal('kiosk-timer');
      const active = await terminal.client.createTransfer(transferFor('idemo000000000001'));
      const released = await terminal.client.createTransfer(transferFor('idemo000000000005'));
      if (!active.ok || !released.ok) throw new Error('create failed');
      const statuses = async () => [
        await terminal.client.getTransferStatus(active.value.transferId),
        await terminal.client.getTransferStatus(released.value.transferId),
      ];
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const [a, r] = await statuses();
        if (a?.ok && r?.ok && a.value.status === 'credited' && r.value.status === 'returned') break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const [a, r] = await statuses();
      expect(a?.ok && a.value).toMatchObject({ status: 'credited' });
      expect(a?.ok && a.value.sentAtMs).not.toBeNull();
      expect(r?.ok && r.value).toMatchObject({
        status: 'returned',
        returnReason: 'recipient-released',
      });
    } finally {
      await timed.stop();
    }
  });
});

describe('heartbeats and collections', () => {
  const device = {
    adapter: 'emulator',
    health: 'ok' as const,
    code: 'idle',
    detail: '',
    sinceMs: 1,
  };

  it('stores the last heartbeat per terminal and shows it to the operator', async () => {
    const first = await kiosk.client.sendHeartbeat({
      sentAtMs: Date.now(),
      softwareVersion: '0.1.0',
      devices: {
        billAcceptor: device,
        printer: { ...device, code: 'paper-near-end', health: 'warning' },
      },
      outboxCount: 2,
      cassetteNoteCount: 17,
      paper: 'near-end',
      sequence: 5,
      clockSkewMs: -120,
    });
    expect(first.ok).toBe(true);
    const second = await kiosk.client.sendHeartbeat({
      sentAtMs: Date.now(),
      softwareVersion: '0.1.0',
      devices: { billAcceptor: device, printer: device },
      outboxCount: 0,
      cassetteNoteCount: 18,
    });
    expect(second.ok).toBe(true);
    const response = await server.admin('GET', '/v1/admin/terminals/kiosk-api-1/heartbeat');
    const { body } = await expectContract(
      response,
      'GET',
      '/v1/admin/terminals/{terminalId}/heartbeat',
    );
    expect(body).toMatchObject({ terminalId: 'kiosk-api-1', heartbeat: { cassetteNoteCount: 18 } });
    const none = await server.admin('GET', '/v1/admin/terminals/nobody/heartbeat');
    expect(none.status).toBe(404);
  });

  it('refuses a heartbeat with an unknown field (the contract is closed)', async () => {
    const raw = await signedFetch(server.central.url, kiosk, 'POST', '/v1/terminal/heartbeat', {
      body: {
        sentAtMs: 1,
        softwareVersion: 'x',
        devices: { billAcceptor: device, printer: device },
        outboxCount: 0,
        cassetteNoteCount: 0,
        surprise: true,
      },
    });
    expect((await expectContract(raw, 'POST', '/v1/terminal/heartbeat')).status).toBe(400);
  });

  it('accepts a collection report once, replays it, and refuses one that does not add up', async () => {
    const report = {
      collectionId: uuidV7(),
      openedAtMs: 1_000,
      closedAtMs: 2_000,
      notes: [
        { noteKopecks: 100_000, count: 3 },
        { noteKopecks: 500_000, count: 1 },
      ],
      noteCount: 4,
      totalKopecks: 800_000,
      transferCount: 2,
      operatorName: 'Петрова',
    };
    const first = await kiosk.client.sendCollection(report);
    const second = await kiosk.client.sendCollection(report);
    expect(first.ok && second.ok).toBe(true);
    expect(second).toEqual(first);
    const raw = await signedFetch(server.central.url, kiosk, 'POST', '/v1/terminal/collections', {
      body: report,
      idempotencyKey: report.collectionId,
    });
    expect(raw.headers.get('idempotent-replayed')).toBe('true');
    expect((await expectContract(raw, 'POST', '/v1/terminal/collections')).status).toBe(201);
    const changed = await kiosk.client.sendCollection({ ...report, operatorName: 'Иванова' });
    expect(!changed.ok && changed.error).toMatchObject({
      status: 422,
      code: 'idempotency-key-reused',
    });
    const wrong = await kiosk.client.sendCollection({
      ...report,
      collectionId: uuidV7(),
      totalKopecks: 1,
    });
    expect(!wrong.ok && wrong.error).toMatchObject({
      status: 422,
      code: 'collection-inconsistent',
    });
  });
});

describe('admin authentication and enrolment codes', () => {
  it('issues a code over HTTP with the token; refuses without or with a wrong one', async () => {
    const issued = await server.admin('POST', '/v1/admin/enrolment-codes', {
      terminalId: 'kiosk-new',
    });
    const { status, body } = await expectContract(issued, 'POST', '/v1/admin/enrolment-codes');
    expect(status).toBe(201);
    expect((body as { code: string }).code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const anonymous = await fetch(`${server.central.url}/v1/admin/enrolment-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ terminalId: 'x' }),
    });
    expect((await expectContract(anonymous, 'POST', '/v1/admin/enrolment-codes')).status).toBe(401);
    const wrong = await fetch(`${server.central.url}/v1/admin/enrolment-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer nope' },
      body: JSON.stringify({ terminalId: 'x' }),
    });
    expect(wrong.status).toBe(401);
  });

  it('admin endpoints are off (403) when no admin token is configured', async () => {
    const closed = await startTestCentral({ adminToken: null, demo: false });
    try {
      const response = await closed.admin('GET', '/v1/admin/terminals/x/heartbeat');
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'admin-disabled' } });
    } finally {
      await closed.stop();
    }
  });

  it('unknown routes and bad JSON get JSON errors, never a crash', async () => {
    const missing = await fetch(`${server.central.url}/v1/roster`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not-found' } });
    const badJson = await fetch(`${server.central.url}/v1/terminals/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"terminalId":',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: 'bad-json' } });
  });
});
