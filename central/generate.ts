/**
 * Deterministic demo data: regions, facilities and inmates from a seeded PRNG, so a demo
 * inmate has the same name, year and reference on every machine. Also a CLI for benchmarks:
 *   node central/generate.ts --data-dir ./central-data/bench --count 1000000
 */
import { parseArgs } from 'node:util';
import { assert } from '../common/assert.ts';
import { nameKey } from '../common/names.ts';
import { type CentralDb, INMATE_INDEXES_SQL, inTransaction, openCentralDb } from './db.ts';
import { demoFacilities } from './facilities-seed.ts';
import {
  FATHERS_CENTRAL_ASIAN,
  feminineSurname,
  NAMES_FEMALE_CENTRAL_ASIAN,
  NAMES_FEMALE_RU,
  NAMES_MALE_CENTRAL_ASIAN,
  NAMES_MALE_RU,
  PATRONYMICS_RU,
  SURNAMES_CENTRAL_ASIAN,
  SURNAMES_RU,
} from './name-lists.ts';
import { createRng, type Rng } from '../common/prng.ts';
import { REGIONS, territorialBody } from './regions.ts';

export const DEMO_INMATE_COUNT = 3_000;
export const DEMO_SEED = 20_261_125;
const INMATE_COUNT_MAX = 5_000_000;
const BULK_ROWS_MIN = 50_000;

export type InmateSeed = {
  ref: string;
  facilityId: string;
  surname: string;
  name: string;
  patronymic: string;
  birthYear: number;
  status: 'active' | 'released' | 'transferred';
};

/** Known demo inmates for manual demos and end-to-end tests (СИЗО-1, Москва). */
export const FIXED_DEMO_INMATES: readonly InmateSeed[] = [
  ['idemo000000000001', 'Иванов', 'Иван', 'Иванович', 1985, 'active'],
  ['idemo000000000002', 'Семёнов', 'Пётр', 'Фёдорович', 1979, 'active'],
  ['idemo000000000003', 'Римская-Корсакова', 'Анна', 'Сергеевна', 1990, 'active'],
  ['idemo000000000004', 'Каримов', 'Бахтиёр', '', 1995, 'active'],
  ['idemo000000000005', 'Петров-Водкин', 'Алексей', 'Андреевич', 1988, 'released'],
  ['idemo000000000006', 'Кузнецов', 'Дмитрий', 'Олегович', 1972, 'transferred'],
  // One letter from idemo…004, same facility and year: the payer must choose.
  ['idemo000000000007', 'Каримов', 'Бахтияр', '', 1995, 'active'],
].map(([ref, surname, name, patronymic, birthYear, status]) => ({
  ref: ref as string,
  facilityId: '77-sizo-1',
  surname: surname as string,
  name: name as string,
  patronymic: patronymic as string,
  birthYear: birthYear as number,
  status: status as InmateSeed['status'],
}));

const REF_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

function opaqueRef(rng: Rng): string {
  let out = 'i';
  for (let index = 0; index < 16; index += 1) out += REF_ALPHABET[rng.int(36)];
  return out;
}

/** Birth years 1950–2007, most between 1975 and 1997 (adults in custody). */
function birthYear(rng: Rng): number {
  const centre = 1986;
  const spread = (rng.next() + rng.next() + rng.next() - 1.5) * 24;
  return Math.min(2007, Math.max(1950, Math.round(centre + spread)));
}

function person(rng: Rng): Pick<InmateSeed, 'surname' | 'name' | 'patronymic'> {
  const female = rng.chance(0.08);
  if (rng.chance(0.12)) {
    const surname = rng.pick(SURNAMES_CENTRAL_ASIAN);
    const name = rng.pick(female ? NAMES_FEMALE_CENTRAL_ASIAN : NAMES_MALE_CENTRAL_ASIAN);
    const father = rng.chance(0.5) ? rng.pick(FATHERS_CENTRAL_ASIAN) : '';
    const patronymic = father === '' ? '' : `${father}${female ? 'овна' : 'ович'}`;
    return { surname: female ? feminineSurname(surname) : surname, name, patronymic };
  }
  const surname = rng.pick(SURNAMES_RU);
  const name = rng.pick(female ? NAMES_FEMALE_RU : NAMES_MALE_RU);
  const pair = rng.pick(PATRONYMICS_RU);
  return {
    surname: female ? feminineSurname(surname) : surname,
    name,
    patronymic: female ? pair[1] : pair[0],
  };
}

function status(rng: Rng): InmateSeed['status'] {
  const roll = rng.next();
  if (roll < 0.04) return 'released';
  if (roll < 0.07) return 'transferred';
  return 'active';
}

export function seedReferenceData(db: CentralDb): void {
  const region = db.prepare(
    'INSERT OR IGNORE INTO regions (code, name, capital, territorial_body, sort) VALUES (?, ?, ?, ?, ?)',
  );
  const facility = db.prepare(
    `INSERT OR IGNORE INTO facilities (id, region_code, type, number, short_name, full_name,
       aliases, address, phone, accounting, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  inTransaction(db, () => {
    REGIONS.forEach((seed, index) => {
      region.run(seed.code, seed.name, seed.capital, territorialBody(seed), index);
    });
    for (const seed of demoFacilities()) {
      facility.run(
        seed.id,
        seed.regionCode,
        seed.type,
        seed.number,
        seed.shortName,
        seed.fullName,
        JSON.stringify(seed.aliases),
        seed.address,
        seed.phone,
        JSON.stringify(seed.accounting),
      );
    }
  });
}

/** Keys repeat constantly (names come from short lists): memoising makes 1 M rows cheap. */
function memoisedKey(): (raw: string) => string {
  const cache = new Map<string, string>();
  return (raw) => {
    let key = cache.get(raw);
    if (key === undefined) {
      key = nameKey(raw);
      cache.set(raw, key);
    }
    return key;
  };
}

export type GenerateOptions = { count: number; seed?: number; includeFixed?: boolean };

/** Inserts `count` generated inmates (plus the fixed demo ones) in one transaction. */
export function generateInmates(db: CentralDb, options: GenerateOptions): number {
  assert(options.count >= 0 && options.count <= INMATE_COUNT_MAX, 'generate: count out of range');
  const rows = db.prepare('SELECT id, type FROM facilities ORDER BY id').all() as {
    id: string;
    type: string;
  }[];
  assert(rows.length > 0, 'generate: seed reference data first');
  // Remand prisons are crowded: weight them so search benches see realistic big facilities.
  const weighted = rows.flatMap((row) =>
    row.type === 'СИЗО' ? [row.id, row.id, row.id] : [row.id],
  );
  const rng = createRng(options.seed ?? DEMO_SEED);
  const key = memoisedKey();
  const insert = db.prepare(
    `INSERT INTO inmates (ref, facility_id, surname, name, patronymic, birth_year, status,
       surname_key, name_key, patronymic_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const write = (inmate: InmateSeed): void => {
    insert.run(
      inmate.ref,
      inmate.facilityId,
      inmate.surname,
      inmate.name,
      inmate.patronymic,
      inmate.birthYear,
      inmate.status,
      key(inmate.surname),
      key(inmate.name),
      key(inmate.patronymic),
    );
  };
  // A bulk load builds the indexes once at the end (sorted) instead of row by row.
  const bulk = options.count >= BULK_ROWS_MIN;
  db.exec('PRAGMA cache_size = -262144');
  inTransaction(db, () => {
    if (bulk) db.exec('DROP INDEX inmates_by_ref; DROP INDEX inmates_search;');
    if (options.includeFixed !== false) for (const inmate of FIXED_DEMO_INMATES) write(inmate);
    for (let index = 0; index < options.count; index += 1) {
      const facilityId = rng.pick(weighted);
      const seed = { ref: opaqueRef(rng), facilityId, ...person(rng) };
      write({ ...seed, birthYear: birthYear(rng), status: status(rng) });
    }
    if (bulk) db.exec(INMATE_INDEXES_SQL);
  });
  return options.count;
}

/** First start: reference data always, demo inmates when asked and the table is empty. */
export function seedIfEmpty(db: CentralDb, demo: boolean): void {
  const regions = db.prepare('SELECT COUNT(*) AS n FROM regions').get() as { n: number };
  if (regions.n === 0) seedReferenceData(db);
  const inmates = db.prepare('SELECT COUNT(*) AS n FROM inmates').get() as { n: number };
  if (demo && inmates.n === 0) generateInmates(db, { count: DEMO_INMATE_COUNT });
}

function main(): void {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string', default: './central-data/bench' },
      count: { type: 'string', default: '1000000' },
      seed: { type: 'string', default: String(DEMO_SEED) },
    },
  });
  const count = Number(values.count);
  if (!Number.isSafeInteger(count) || count < 0 || count > INMATE_COUNT_MAX) {
    process.stderr.write(`--count must be an integer 0..${INMATE_COUNT_MAX}\n`);
    process.exit(2);
  }
  const { db } = openCentralDb(values['data-dir']);
  const startedMs = performance.now();
  seedIfEmpty(db, false);
  generateInmates(db, { count, seed: Number(values.seed) });
  db.close();
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  process.stdout.write(`generated ${count} inmates in ${values['data-dir']} (${seconds} s)\n`);
}

if (import.meta.main) main();
