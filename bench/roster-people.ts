/**
 * Roster bench data: a national roster's arrivals and a day's delta (arrivals, moves,
 * releases, name fixes), deterministic from a seed, made lazily batch by batch so 500 000
 * people never sit in memory as records.
 */
import type { RosterRecord } from '../common/central-wire-roster.ts';
import { createRng, type Rng } from '../common/prng.ts';
import { NAMES_MALE_RU, PATRONYMICS_RU, SURNAMES_RU } from '../central/name-lists.ts';

export type BenchPerson = {
  personId: string;
  facilityId: string;
  surname: string;
  name: string;
  birthYear: number;
  released: boolean;
};

/** The people of the full load (their facility changes as the delta moves them). */
export function benchPeople(count: number, facilityIds: readonly string[], seed: number) {
  const rng = createRng(seed);
  const people: BenchPerson[] = [];
  for (let index = 0; index < count; index += 1) {
    people.push({
      personId: `N${String(index).padStart(8, '0')}`,
      facilityId: rng.pick(facilityIds),
      surname: rng.pick(SURNAMES_RU),
      name: rng.pick(NAMES_MALE_RU),
      birthYear: 1950 + rng.int(58),
      released: false,
    });
  }
  return people;
}

const personOf = (person: BenchPerson, rng: Rng) => ({
  surname: person.surname,
  name: person.name,
  patronymic: rng.pick(PATRONYMICS_RU)[0],
  birthYear: person.birthYear,
  birthDay: 1 + rng.int(28),
  birthMonth: 1 + rng.int(12),
});

export function arrivalOf(person: BenchPerson, rng: Rng, recordId: string): RosterRecord {
  return {
    kind: 'arrival',
    recordId,
    version: 1,
    personId: person.personId,
    effectiveAtMs: 1_700_000_000_000,
    facilityId: person.facilityId,
    person: personOf(person, rng),
  };
}

/**
 * A day's delta over `people` (changed in place to follow it): 40 % arrivals of new people,
 * 30 % moves, 20 % releases, 10 % corrections.
 */
export function deltaRecords(
  people: BenchPerson[],
  count: number,
  facilityIds: readonly string[],
  seed: number,
): RosterRecord[] {
  const rng = createRng(seed);
  const records: RosterRecord[] = [];
  const effectiveAtMs = 1_700_086_400_000;
  const known = people.length;
  for (let index = 0; index < count; index += 1) {
    const recordId = `delta-${seed}-${index}`;
    const roll = index % 10;
    if (roll < 4) {
      const person: BenchPerson = {
        personId: `D${seed}-${index}`,
        facilityId: rng.pick(facilityIds),
        surname: rng.pick(SURNAMES_RU),
        name: rng.pick(NAMES_MALE_RU),
        birthYear: 1950 + rng.int(58),
        released: false,
      };
      people.push(person);
      records.push({ ...arrivalOf(person, rng, recordId), effectiveAtMs });
      continue;
    }
    const person = people[rng.int(known)]!;
    const base = { recordId, version: 1, personId: person.personId, effectiveAtMs };
    if (person.released || roll >= 9) {
      records.push({ ...base, kind: 'correction', person: personOf(person, rng) });
    } else if (roll < 7) {
      const to = rng.pick(facilityIds.filter((id) => id !== person.facilityId));
      records.push({
        ...base,
        kind: 'transfer',
        fromFacilityId: person.facilityId,
        toFacilityId: to,
      });
      person.facilityId = to;
    } else {
      records.push({ ...base, kind: 'release', facilityId: person.facilityId });
      person.released = true;
    }
  }
  return records;
}
