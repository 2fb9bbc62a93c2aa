import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_GUARD } from '../../common/search-guard.ts';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  type TestCentral,
} from '../support/central-harness.ts';

/**
 * Central's search answer against the demo data (central/generate.ts): people a screen cannot
 * tell apart are marked and told apart by the day and month of birth; an approximate match
 * says which parts of the name were corrected; dates of birth are never answered.
 */
let server: TestCentral;
let kiosk: EnrolledTerminal;

beforeAll(async () => {
  server = await startTestCentral({ searchRateLimit: { burst: 100, refillPerMinute: 100 } });
  kiosk = await server.enrolTerminal('kiosk-alike-1', ['77-sizo-1']);
});

afterAll(async () => {
  await server?.stop();
});

const karimov = { facilityId: '77-sizo-1', surname: 'Каримов', name: 'Бахтиёр', birthYear: 1995 };
const akhmedov = {
  facilityId: '77-sizo-1',
  surname: 'Ахмедов',
  name: 'Рустам',
  patronymic: 'Ильхомович',
  birthYear: 1988,
};

describe('look-alikes in central’s search answer', () => {
  it('marks the two «Каримов Б., 1995» and asks for the day and month of birth', async () => {
    const found = await kiosk.client.searchInmatesAnswer(karimov);
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.value.lookAlike).toBe('ask-birth-date');
    const refs = found.value.matches.map((match) => [match.inmateRef, match.lookAlike]);
    expect(refs).toEqual([
      ['idemo000000000004', true],
      ['idemo000000000007', true],
    ]);
  });

  it('keeps the one born on the given day: 14.03 is Бахтиёр, 02.11 is Бахтияр', async () => {
    const first = await kiosk.client.searchInmatesAnswer({
      ...karimov,
      birthDay: 14,
      birthMonth: 3,
    });
    expect(first.ok && first.value).toMatchObject({
      lookAlike: 'none',
      matches: [{ inmateRef: 'idemo000000000004', exact: true, lookAlike: false }],
    });
    const second = await kiosk.client.searchInmatesAnswer({
      ...karimov,
      birthDay: 2,
      birthMonth: 11,
    });
    expect(second.ok && second.value).toMatchObject({
      lookAlike: 'none',
      matches: [{ inmateRef: 'idemo000000000007', exact: false, correctedParts: ['name'] }],
    });
    expect(second.ok && second.value.matches).toHaveLength(1);
  });

  it('answers a wrong day like nobody: no match', async () => {
    // Another terminal: this one has used its allowance of days for the name (see below).
    const other = await server.enrolTerminal('kiosk-alike-3', ['77-sizo-1']);
    const found = await other.client.searchInmatesAnswer({
      ...karimov,
      birthDay: 1,
      birthMonth: 1,
    });
    expect(found.ok && found.value).toEqual({ matches: [], lookAlike: 'none' });
  });

  it('says two people born the same day cannot be told apart', async () => {
    const found = await kiosk.client.searchInmatesAnswer({
      ...akhmedov,
      birthDay: 20,
      birthMonth: 5,
    });
    expect(found.ok && found.value.lookAlike).toBe('cannot-tell-apart');
    expect(found.ok && found.value.matches.every((match) => match.lookAlike)).toBe(true);
  });

  it('never puts a day of birth on the wire, and omits the new fields when they say nothing', async () => {
    const path = '/v1/inmates/search';
    const body = { ...karimov, birthDay: 14, birthMonth: 3 };
    const raw = await signedFetch(server.central.url, kiosk, 'POST', path, { body });
    const text = await raw.text();
    expect(text).not.toMatch(/birthDay|birthMonth|"14"|"03"/);
    expect(JSON.parse(text)).toEqual({
      matches: [
        {
          inmateRef: 'idemo000000000004',
          maskedName: 'Каримов Б.',
          birthYear: 1995,
          facilityId: '77-sizo-1',
          facilityName: expect.any(String),
          accountStatus: 'active',
          exact: true,
        },
      ],
    });
  });
});

describe('approximate matches', () => {
  it('«Иванова Ивана 1985» finds «Иванов И. И.» with the surname and name corrected', async () => {
    const found = await kiosk.client.searchInmatesAnswer({
      facilityId: '77-sizo-1',
      surname: 'Иванова',
      name: 'Ивана',
      birthYear: 1985,
    });
    expect(found.ok && found.value.matches[0]).toMatchObject({
      inmateRef: 'idemo000000000001',
      maskedName: 'Иванов И. И.',
      exact: false,
      correctedParts: ['surname', 'name'],
    });
  });

  it('an exact match has no corrected part', async () => {
    const semyonov = { facilityId: '77-sizo-1', surname: 'Семёнов', name: 'Пётр', birthYear: 1979 };
    const found = await kiosk.client.searchInmatesAnswer(semyonov);
    expect(found.ok && found.value.matches[0]).toMatchObject({ exact: true, correctedParts: [] });
  });
});

describe('the sweep guard counts days of birth', () => {
  it(`allows ${SEARCH_GUARD.datesPerName.terminal} different days per name, then refuses; a repeat is free`, async () => {
    const terminal = await server.enrolTerminal('kiosk-alike-2', ['77-sizo-1']);
    const ask = (birthDay: number) =>
      terminal.client.searchInmatesAnswer({ ...karimov, birthDay, birthMonth: 3 });
    for (let day = 1; day <= SEARCH_GUARD.datesPerName.terminal; day += 1) {
      expect((await ask(day)).ok).toBe(true);
    }
    expect((await ask(1)).ok).toBe(true);
    const refused = await ask(28);
    expect(!refused.ok && refused.error).toMatchObject({ status: 429, code: 'search-refused' });
    // Without a date the name is still answered (its year was asked already).
    expect((await terminal.client.searchInmatesAnswer(karimov)).ok).toBe(true);
  });
});
