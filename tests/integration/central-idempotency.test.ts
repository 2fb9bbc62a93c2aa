/**
 * Idempotency of transfer creation under concurrent duplicates, over real HTTP: many parallel
 * identical POSTs make one transfer and get identical answers; the same key with another body
 * gets 422; a batch is idempotent item by item, also racing single POSTs of the same ids.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';

let server: TestCentral;
let kiosk: EnrolledTerminal;

const DUPLICATES = 50;

function transfer(overrides: Partial<Record<string, unknown>> = {}) {
  return {
    transferId: uuidV7(),
    inmateRef: 'idemo000000000001',
    depositedKopecks: 515_000,
    amountKopecks: 500_000,
    commissionKopecks: 15_000,
    kioskCreatedAtMs: 1_764_000_000_000,
    payerAccountId: null,
    receiptNumber: 'R-7',
    ...overrides,
  };
}

async function rowCount(transferId: string): Promise<number> {
  const row = (await server.central.db.get<{ n: number }>(
    'SELECT COUNT(*) AS n FROM transfers WHERE id = ?',
    transferId,
  ))!;
  return row.n;
}

function post(body: unknown, idempotencyKey: string): Promise<Response> {
  return signedFetch(server.central.url, kiosk, 'POST', '/v1/transfers', { body, idempotencyKey });
}

beforeAll(async () => {
  server = await startTestCentral();
  kiosk = await server.enrolTerminal('kiosk-idem-1');
});

afterAll(async () => {
  await server.stop();
});

describe('POST /v1/transfers idempotency', () => {
  it(`${DUPLICATES} parallel identical POSTs create one transfer and get identical answers`, async () => {
    const body = transfer();
    const responses = await Promise.all(
      Array.from({ length: DUPLICATES }, () => post(body, body.transferId)),
    );
    const answers = await Promise.all(
      responses.map(async (response) => ({ status: response.status, text: await response.text() })),
    );
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    const replayed = responses.filter((r) => r.headers.get('idempotent-replayed') === 'true');
    expect(replayed.length).toBe(DUPLICATES - 1);
    expect(await rowCount(body.transferId)).toBe(1);
    expect(JSON.parse(answers[0]!.text)).toMatchObject({
      transferId: body.transferId,
      amountKopecks: 500_000,
    });
  });

  it('a retry after the transfer moved on still gets the first answer', async () => {
    const body = transfer();
    const first = await (await post(body, body.transferId)).text();
    await server.admin('POST', `/v1/admin/transfers/${body.transferId}/credit`);
    const retry = await (await post(body, body.transferId)).text();
    expect(retry).toBe(first);
    const now = await kiosk.client.getTransferStatus(body.transferId);
    expect(now.ok && now.value.status).toBe('credited');
  });

  it('the same key with a different body is refused with 422 and changes nothing', async () => {
    const body = transfer();
    expect((await post(body, body.transferId)).status).toBe(201);
    const changed = { ...body, amountKopecks: 400_000, depositedKopecks: 415_000 };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post(changed, body.transferId)),
    );
    for (const response of responses) {
      expect(response.status).toBe(422);
      expect(await response.json()).toMatchObject({ error: { code: 'idempotency-key-reused' } });
    }
    const stored = await kiosk.client.getTransferStatus(body.transferId);
    expect(stored.ok && stored.value.amountKopecks).toBe(500_000);
  });

  it('parallel requests with the same id but different bodies: exactly one body wins', async () => {
    const base = transfer();
    const variants = Array.from({ length: 20 }, (_, index) => ({
      ...base,
      amountKopecks: 100_000 + index,
      depositedKopecks: 115_000 + index,
    }));
    const responses = await Promise.all(variants.map((variant) => post(variant, base.transferId)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201).length).toBe(1);
    expect(statuses.filter((status) => status === 422).length).toBe(variants.length - 1);
    expect(await rowCount(base.transferId)).toBe(1);
  });

  it('a transfer id is not reusable by another terminal', async () => {
    const body = transfer();
    expect((await post(body, body.transferId)).status).toBe(201);
    const other = await server.enrolTerminal('kiosk-idem-2');
    const stolen = await other.client.createTransfer(body);
    expect(!stolen.ok && stolen.error).toMatchObject({
      status: 422,
      code: 'idempotency-key-reused',
    });
  });

  it('upper- and lower-case spellings of one UUID are one transfer', async () => {
    const body = transfer();
    const upper = { ...body, transferId: body.transferId.toUpperCase() };
    const first = await post(body, body.transferId);
    const second = await post(upper, upper.transferId);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(await second.text()).toBe(await first.text());
    expect(await rowCount(body.transferId)).toBe(1);
  });
});

describe('POST /v1/transfers/batch idempotency', () => {
  it('a resent backlog replays what central has and creates only what is new', async () => {
    const already = transfer();
    expect((await post(already, already.transferId)).status).toBe(201);
    const fresh = transfer();
    const conflicting = transfer();
    expect((await post(conflicting, conflicting.transferId)).status).toBe(201);
    const batch = await kiosk.client.createTransfers([
      already,
      fresh,
      { ...conflicting, receiptNumber: 'R-other' },
    ]);
    expect(batch.ok).toBe(true);
    if (!batch.ok) return;
    expect(batch.value.map((item) => [item.httpStatus, item.replayed, item.code])).toEqual([
      [201, true, null],
      [201, false, null],
      [422, false, 'idempotency-key-reused'],
    ]);
    expect(await rowCount(fresh.transferId)).toBe(1);
  });

  it('parallel batches and single POSTs of the same transfers create each exactly once', async () => {
    const items = Array.from({ length: 20 }, () => transfer());
    const batches = Array.from({ length: 5 }, () => kiosk.client.createTransfers(items));
    const singles = items.map((item) => post(item, item.transferId));
    const [batchResults, singleResponses] = await Promise.all([
      Promise.all(batches),
      Promise.all(singles),
    ]);
    for (const response of singleResponses) expect(response.status).toBe(201);
    for (const result of batchResults) {
      expect(result.ok && result.value.every((item) => item.httpStatus === 201)).toBe(true);
    }
    for (const item of items) expect(await rowCount(item.transferId)).toBe(1);
    const firstBatch = batchResults[0];
    const lastBatch = batchResults.at(-1);
    expect(firstBatch?.ok && firstBatch.value.map((item) => item.transfer)).toEqual(
      lastBatch?.ok && lastBatch.value.map((item) => item.transfer),
    );
  });

  it('refuses an empty batch and one over 100 items with 400', async () => {
    const empty = await kiosk.client.createTransfers([]);
    expect(!empty.ok && empty.error).toMatchObject({ status: 400 });
    const huge = await kiosk.client.createTransfers(Array.from({ length: 101 }, () => transfer()));
    expect(!huge.ok && huge.error).toMatchObject({ status: 400 });
  });
});
