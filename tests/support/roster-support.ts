/**
 * Test support: a roster payload as central builds it (central/roster.ts rosterEntry), from a
 * list of people, for the kiosk's roster-cache tests that sign their own copies.
 */
import { randomBytes } from 'node:crypto';
import { ROSTER_FORMAT } from '../../common/name-match.ts';
import { nameKey } from '../../common/names.ts';
import { rosterEntry } from '../../central/roster.ts';

export type RosterPerson = readonly [
  ref: string,
  surname: string,
  name: string,
  patronymic: string,
  birthYear: number,
];

export function rosterPayloadOf(
  people: readonly RosterPerson[],
  options: { terminalId: string; generatedAtMs: number; facilityId?: string },
): string {
  const matchKey = randomBytes(32);
  const inmates = people.map(([ref, surname, name, patronymic, birthYear]) =>
    rosterEntry(matchKey, {
      ref,
      surname,
      name,
      patronymic,
      birth_year: birthYear,
      status: 'active',
      surname_key: nameKey(surname),
      name_key: nameKey(name),
      patronymic_key: nameKey(patronymic),
    }),
  );
  return JSON.stringify({
    format: ROSTER_FORMAT,
    terminalId: options.terminalId,
    generatedAtMs: options.generatedAtMs,
    matchKey: matchKey.toString('base64'),
    facilities: [
      { facilityId: options.facilityId ?? '77-sizo-1', facilityName: 'СИЗО-1', inmates },
    ],
  });
}
