/**
 * The roster feed over real HTTP (SQLite here, PostgreSQL on the central-postgres project):
 * an enrolled registry's signed batches make people searchable, each record answered on its
 * own, idempotent by record id and version, ordered by when things happened, refused outside
 * the registry's facilities, and never accepted unsigned or replayed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterRecord } from '../common/central-wire-roster.ts';
import {
  type EnrolledTerminal,
  startTestCentral,
  TEST_ADMIN_TOKEN,
  type TestCentral,
} from '../tests/support/central-harness.ts';
import { enrolRegistry, type RegistryClient } from '../tests/support/registry-client.ts';

let server: TestCentral;
let registry: RegistryClient;
let kiosk: EnrolledTerminal;

const person = (surname: string, birthYear = 1984) => ({
  surname,
  name: 'Пётр',
  patronymic: 'Ильич',
  birthYear,
  birthDay: 3,
  birthMonth: 7,
});

const arrival = (
  recordId: string,
  personId: string,
  surname: string,
  facilityId = '77-sizo-2',
  version = 1,
  effectiveAtMs = 1_000,
): RosterRecord => ({
  kind: 'arrival',
  recordId,
  version,
  personId,
  effectiveAtMs,
  facilityId,
  person: person(surname),
});

async function where(personId: string) {
  return server.central.db.get<{
    ref: string;
    facility_id: string;
    status: string;
    surname: string;
  }>('SELECT ref, facility_id, status, surname FROM inmates WHERE person_id = ?', personId);
}

async function found(surname: string, facilityId: string) {
  const answer = await kiosk.client.searchInmates({
    facilityId,
    surname,
    name: 'Пётр',
    birthYear: 1984,
  });
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer.value;
}

beforeAll(async () => {
  server = await startTestCentral({ searchRateLimit: { burst: 1_000, refillPerMinute: 1_000 } });
  registry = await enrolRegistry(server.central.url, TEST_ADMIN_TOKEN, 'reg-moscow', [
    '77-sizo-2',
    '77-sizo-3',
  ]);
  kiosk = await server.enrolTerminal('kiosk-feed', ['77-sizo-2', '77-sizo-3']);
});

afterAll(async () => {
  await server.stop();
});

describe('roster batches', () => {
  it('an arrival makes the person searchable at their facility', async () => {
    const [result] = await registry.send([arrival('a-1', 'P-1', 'Зеленцов')]);
    expect(result).toMatchObject({ recordId: 'a-1', version: 1, outcome: 'applied' });
    expect(result?.inmateRef).toMatch(/^i[0-9a-z]{16}$/);
    const matches = await found('Зеленцов', '77-sizo-2');
    expect(matches.map((match) => match.inmateRef)).toEqual([result?.inmateRef]);
    expect(matches[0]?.maskedName).toBe('Зеленцов П. И.');
  });

  it('same id and version is a no-op, an older version is ignored, a newer one applies', async () => {
    await registry.send([arrival('a-2', 'P-2', 'Шубин', '77-sizo-2', 2, 2_000)]);
    const again = await registry.send([
      arrival('a-2', 'P-2', 'Шубин', '77-sizo-2', 2, 2_000),
      arrival('a-2', 'P-2', 'Шубинский', '77-sizo-2', 1, 2_000),
    ]);
    expect(again.map((r) => r.outcome)).toEqual(['duplicate', 'stale']);
    expect((await where('P-2'))?.surname).toBe('Шубин');
    const newer = await registry.send([arrival('a-2', 'P-2', 'Шубина', '77-sizo-3', 3, 2_000)]);
    expect(newer[0]?.outcome).toBe('applied');
    expect(await where('P-2')).toMatchObject({ surname: 'Шубина', facility_id: '77-sizo-3' });
  });

  it('answers each record on its own: a bad one is rejected, the others apply', async () => {
    const results = await registry.send([
      arrival('a-3', 'P-3', 'Ворошилов'),
      {
        ...arrival('a-4', 'P-4', 'Ворошилов'),
        person: { ...person('Ворошилов'), birthYear: 1800 },
      },
      { recordId: 'a-5', version: 1, kind: 'arrest' },
      arrival('a-6', 'P-6', 'Ворошилов', '77-sizo-1'),
      arrival('a-7', 'P-7', 'Ворошилов', '77-sizo-404'),
      {
        kind: 'release',
        recordId: 'r-8',
        version: 1,
        personId: 'P-nobody',
        effectiveAtMs: 5,
        facilityId: '77-sizo-2',
      },
    ]);
    expect(results.map((r) => [r.recordId, r.outcome, r.error?.code])).toEqual([
      ['a-3', 'applied', undefined],
      ['a-4', 'rejected', 'invalid-record'],
      ['a-5', 'rejected', 'invalid-record'],
      ['a-6', 'rejected', 'facility-not-allowed'],
      ['a-7', 'rejected', 'unknown-facility'],
      ['r-8', 'rejected', 'unknown-person'],
    ]);
    expect(results[1]?.error?.message).toContain('person.birthYear');
    expect(await where('P-4')).toBeUndefined();
  });

  it('moves keep a history and the latest event wins, whatever the delivery order', async () => {
    await registry.send([arrival('a-9', 'P-9', 'Карпенко', '77-sizo-2', 1, 10_000)]);
    const late = await registry.send([
      {
        kind: 'transfer',
        recordId: 't-9b',
        version: 1,
        personId: 'P-9',
        effectiveAtMs: 30_000,
        fromFacilityId: '77-sizo-2',
        toFacilityId: '77-sizo-3',
      },
      {
        kind: 'release',
        recordId: 'r-9a',
        version: 1,
        personId: 'P-9',
        effectiveAtMs: 20_000,
        facilityId: '77-sizo-2',
      },
    ]);
    expect(late.map((r) => r.outcome)).toEqual(['applied', 'superseded']);
    expect(await where('P-9')).toMatchObject({ facility_id: '77-sizo-3', status: 'active' });
    const moves = await server.central.db.all<{ kind: string; from_facility_id: string | null }>(
      `SELECT m.kind, m.from_facility_id FROM inmate_moves m JOIN inmates i ON i.ref = m.inmate_ref
         WHERE i.person_id = ? ORDER BY m.effective_at_ms`,
      'P-9',
    );
    expect(moves).toEqual([
      { kind: 'arrival', from_facility_id: null },
      { kind: 'transfer', from_facility_id: '77-sizo-2' },
    ]);
    const elsewhere = await registry.send([
      {
        kind: 'release',
        recordId: 'r-9c',
        version: 1,
        personId: 'P-9',
        effectiveAtMs: 40_000,
        facilityId: '77-sizo-2',
      },
    ]);
    expect(elsewhere[0]?.error?.code).toBe('person-elsewhere');
  });

  it('a correction fixes the name the search finds', async () => {
    await registry.send([arrival('a-10', 'P-10', 'Сидорв')]);
    const fixed = await registry.send([
      {
        kind: 'correction',
        recordId: 'c-10',
        version: 1,
        personId: 'P-10',
        effectiveAtMs: 1,
        person: person('Сидоров'),
      },
    ]);
    expect(fixed[0]?.outcome).toBe('applied');
    expect((await found('Сидоров', '77-sizo-2'))[0]).toMatchObject({ exact: true });
  });

  it('refuses unsigned, replayed and wrongly signed batches', async () => {
    const body = JSON.stringify({ records: [arrival('a-11', 'P-11', 'Лесной')] });
    const unsigned = await fetch(`${server.central.url}/v1/registry/roster-batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    const nonce = 'replayed-nonce-0123456789';
    expect((await registry.post(body, { nonce })).status).toBe(200);
    const replayed = await registry.post(body, { nonce });
    expect(replayed.status).toBe(401);
    expect(await replayed.json()).toMatchObject({ error: { code: 'replayed-nonce' } });
    // A terminal's key is not a registry's: the same signature format, another key table.
    const asKiosk = await registry.post(body, { privateKeyPem: kiosk.keys.privateKeyPem });
    expect(asKiosk.status).toBe(401);
  });
});
