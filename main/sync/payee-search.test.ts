import { generateKeyPairSync, sign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../common/result.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { rosterPayloadOf } from '../../tests/support/roster-support.ts';
import { silentLogger } from '../log.ts';
import { type CentralSearch, createPayeeSearch } from './payee-search.ts';
import { createRosterCache } from './roster-cache.ts';

/**
 * Look-alikes and match quality through the kiosk's search: central's verdict is passed on
 * with its look-alike rows left out; offline, look-alikes cannot be told apart (the roster
 * holds no day of birth), so they are never offered.
 */
const keys = generateKeyPairSync('ed25519');
const publicKeyPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const nowMs = 10_000_000;

const twins = [
  ['iaaaaaaaaaaaaaaa1', 'Ахмедов', 'Рустам', 'Ильхомович', 1988],
  ['iaaaaaaaaaaaaaaa2', 'Ахмедов', 'Рустам', 'Ильхомович', 1988],
  ['iaaaaaaaaaaaaaaa3', 'Семёнов', 'Пётр', 'Фёдорович', 1988],
] as const;

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir('kiosk-payee-');
});
afterEach(() => temp.remove());

async function offlineSearch() {
  const payload = rosterPayloadOf(twins, { terminalId: 'kiosk-1', generatedAtMs: nowMs });
  const signature = sign(null, Buffer.from(payload), keys.privateKey).toString('base64');
  const roster = createRosterCache({
    dataDir: temp.dir,
    terminalId: 'kiosk-1',
    centralPublicKeyPem: publicKeyPem,
    fetchRoster: async () => ok({ payload, signature }),
    now: () => nowMs,
    log: silentLogger(),
  });
  await roster.refresh();
  const central: CentralSearch = async () => err({ kind: 'network', message: 'down' });
  return createPayeeSearch({ central, roster, now: () => nowMs, log: silentLogger() });
}

const query = { facilityId: '77-sizo-1', surname: 'Ахмедов', name: 'Рустам', birthYear: 1988 };

describe('payee search: look-alikes', () => {
  it('offline: two look-alikes are left out and cannot be told apart', async () => {
    const search = await offlineSearch();
    const found = await search(query);
    expect(found).toEqual(
      ok({ matches: [], lookAlike: 'cannot-tell-apart', source: 'roster-cache', rosterAgeMs: 0 }),
    );
    // A day of birth does not help offline: the roster cannot check it.
    const dated = await search({ ...query, birthDay: 20, birthMonth: 5 });
    expect(dated.ok && dated.value.lookAlike).toBe('cannot-tell-apart');
  });

  it('offline: one person found is offered as an exact match', async () => {
    const search = await offlineSearch();
    const found = await search({ ...query, surname: 'Семенов', name: 'Петр' });
    expect(found.ok && found.value).toMatchObject({
      lookAlike: 'none',
      matches: [{ inmateRef: 'iaaaaaaaaaaaaaaa3', exact: true, correctedParts: [] }],
    });
  });

  it('online: central’s verdict is passed on, its look-alike rows left out', async () => {
    const row = {
      maskedName: 'Каримов Б.',
      birthYear: 1995,
      facilityId: '77-sizo-1',
      facilityName: 'СИЗО-1',
      accountStatus: 'active' as const,
    };
    const asked: unknown[] = [];
    const central: CentralSearch = async (q) => {
      asked.push(q);
      return ok({
        lookAlike: 'ask-birth-date',
        matches: [
          { ...row, inmateRef: 'idemo000000000004', exact: true, lookAlike: true },
          { ...row, inmateRef: 'idemo000000000007', exact: false, lookAlike: true },
          {
            ...row,
            maskedName: 'Каримов Б. Р.',
            inmateRef: 'idemo000000000099',
            exact: false,
            correctedParts: ['name'],
          },
        ],
      });
    };
    const roster = createRosterCache({
      dataDir: temp.dir,
      terminalId: 'kiosk-1',
      centralPublicKeyPem: publicKeyPem,
      fetchRoster: async () => err({ kind: 'network', message: 'down' }),
      now: () => nowMs,
      log: silentLogger(),
    });
    const search = createPayeeSearch({ central, roster, now: () => nowMs, log: silentLogger() });
    const found = await search({ ...query, birthDay: 2, birthMonth: 11 });
    expect(asked).toEqual([{ ...query, birthDay: 2, birthMonth: 11 }]);
    expect(found.ok && found.value.lookAlike).toBe('ask-birth-date');
    expect(found.ok && found.value.matches).toEqual([
      {
        ...row,
        maskedName: 'Каримов Б. Р.',
        inmateRef: 'idemo000000000099',
        exact: false,
        correctedParts: ['name'],
      },
    ]);
  });
});
