/**
 * Numbers cannot stop a kiosk's backlog: every integer openapi.yaml accepts is bounded (and
 * within what JavaScript and SQLite hold exactly), an out-of-range number is a 400 and never
 * a 500, and in a batch a bad item gets its own error while the others go through.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPENAPI_PATH } from '../../central/openapi.ts';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  type TestCentral,
  uuidV7,
} from '../support/central-harness.ts';

let server: TestCentral;
let kiosk: EnrolledTerminal;
beforeAll(async () => {
  server = await startTestCentral();
  kiosk = await server.enrolTerminal('kiosk-bounds');
});
afterAll(async () => {
  await server.stop();
});

function unboundedIntegers(node: unknown, path: string): string[] {
  if (Array.isArray(node))
    return node.flatMap((item, i) => unboundedIntegers(item, `${path}/${i}`));
  if (typeof node !== 'object' || node === null) return [];
  const schema = node as Record<string, unknown>;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const own =
    types.includes('integer') &&
    !(
      typeof schema.minimum === 'number' &&
      typeof schema.maximum === 'number' &&
      schema.minimum >= -Number.MAX_SAFE_INTEGER &&
      schema.maximum <= Number.MAX_SAFE_INTEGER
    )
      ? [path]
      : [];
  return [
    ...own,
    ...Object.entries(schema).flatMap(([key, value]) => unboundedIntegers(value, `${path}/${key}`)),
  ];
}

const transfer = (extra: Record<string, unknown> = {}) => ({
  transferId: uuidV7(),
  inmateRef: 'idemo000000000001',
  depositedKopecks: 10_250,
  amountKopecks: 10_000,
  commissionKopecks: 250,
  kioskCreatedAtMs: Date.now(),
  ...extra,
});

describe('integer bounds', () => {
  it('every integer in openapi.yaml has a minimum and a safe maximum', () => {
    const document = parse(readFileSync(OPENAPI_PATH, 'utf8')) as unknown;
    expect(unboundedIntegers(document, '')).toEqual([]);
  });

  it.each([
    ['2^63', '9223372036854775808'],
    ['1e300', '1e300'],
  ])('kioskSequence %s is a 400, not a 500', async (_name, literal) => {
    const body = transfer();
    const bodyText = JSON.stringify(body).replace(/}$/, `,"kioskSequence":${literal}}`);
    const response = await signedFetch(server.central.url, kiosk, 'POST', '/v1/transfers', {
      bodyText,
      idempotencyKey: body.transferId,
    });
    expect(response.status).toBe(400);
  });

  it('a batch with one bad number answers that item 400 and stores the others', async () => {
    const good = [transfer(), transfer({ inmateRef: 'idemo000000000002' })];
    const bad = transfer();
    const bodyText = JSON.stringify({ transfers: [good[0], bad, good[1]] }).replace(
      `"transferId":"${bad.transferId}"`,
      `"transferId":"${bad.transferId}","kioskSequence":1e300`,
    );
    const response = await signedFetch(server.central.url, kiosk, 'POST', '/v1/transfers/batch', {
      bodyText,
    });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as {
      results: Array<{
        transferId: string;
        httpStatus: number;
        body: { error?: { code: string } };
      }>;
    };
    expect(results.map((result) => [result.transferId, result.httpStatus])).toEqual([
      [good[0]!.transferId, 201],
      [bad.transferId, 400],
      [good[1]!.transferId, 201],
    ]);
    expect(results[1]!.body.error?.code).toBe('bad-request');
    const stored = (await server.central.db.get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM transfers WHERE terminal_id = ?',
      kiosk.terminalId,
    ))!;
    expect(stored.n).toBe(2);
  });
});
