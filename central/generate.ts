/**
 * Deterministic demo data: regions, facilities and inmates from a seeded PRNG, so a demo
 * inmate has the same name, year and reference on every machine. Also a CLI for benchmarks:
 *   node central/generate.ts --data-dir ./central-data/bench --count 1000000
 */
import { parseArgs } from 'node:util';
import { assert } from '../common/assert.ts';
import { nameKey } from '../common/names.ts';
import {
  type CentralDb,
  INMATE_INDEXES_SQL,
  openCentralDb,
  type SqlValue,
  statement,
} from './db.ts';
import { POSTGRES_INMATE_INDEXES_SQL } from './storage/schema-postgres.ts';
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
  /** Day and month of birth; 0 when not known. */
  birthDay: number;
  birthMonth: number;
  status: 'active' | 'released' | 'transferred';
};

type FixedRow = [string, string, string, string, number, string, string];

/** Known demo inmates for manual demos and end-to-end tests (СИЗО-1, Москва). */
export const FIXED_DEMO_INMATES: readonly InmateSeed[] = (
  [
    ['idemo000000000001', 'Иванов', 'Иван', 'Иванович', 1985, '12-04', 'active'],
    ['idemo000000000002', 'Семёнов', 'Пётр', 'Фёдорович', 1979, '03-09', 'active'],
    ['idemo000000000003', 'Римская-Корсакова', 'Анна', 'Сергеевна', 1990, '27-01', 'active'],
    ['idemo000000000004', 'Каримов', 'Бахтиёр', '', 1995, '14-03', 'active'],
    ['idemo000000000005', 'Петров-Водкин', 'Алексей', 'Андреевич', 1988, '05-11', 'released'],
    ['idemo000000000006', 'Кузнецов', 'Дмитрий', 'Олегович', 1972, '19-06', 'transferred'],
    // One letter from idemo…004, same facility and year: both show as «Каримов Б., 1995»,
    // so the payer is asked the day and month of birth, which differ.
    ['idemo000000000007', 'Каримов', 'Бахтияр', '', 1995, '02-11', 'active'],
  ] satisfies FixedRow[]
).map(fixedSeed);

/**
 * Demo inmates added after the first ones; written after the generated rows so the generated
 * sequence keeps its row numbers. Two «Ахмедов Рустам Ильхомович», 1988, born the same day:
 * nothing a kiosk may ask tells them apart, so nobody can pay them at a kiosk. Two
 * «Смирнова Ольга», 1992, whose patronymics differ: the payer chooses from two rows.
 */
export const LATER_DEMO_INMATES: readonly InmateSeed[] = (
  [
    ['idemo000000000008', 'Ахмедов', 'Рустам', 'Ильхомович', 1988, '20-05', 'active'],
    ['idemo000000000009', 'Ахмедов', 'Рустам', 'Ильхомович', 1988, '20-05', 'active'],
    ['idemo000000000010', 'Смирнова', 'Ольга', 'Петровна', 1992, '08-08', 'active'],
    ['idemo000000000011', 'Смирнова', 'Ольга', 'Викторовна', 1992, '30-12', 'active'],
  ] satisfies FixedRow[]
).map(fixedSeed);

function fixedSeed(row: FixedRow): InmateSeed {
  const [ref, surname, name, patronymic, birthYear, dayMonth, status] = row;
  const [day, month] = dayMonth.split('-').map(Number);
  return {
    ref,
    facilityId: '77-sizo-1',
    surname,
    name,
    patronymic,
    birthYear,
    birthDay: day ?? 0,
    birthMonth: month ?? 0,
    status: status as InmateSeed['status'],
  };
}

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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** A day and month of birth, from its own stream so the names and years stay as they were. */
function birthDate(rng: Rng): { birthDay: number; birthMonth: number } {
  const birthMonth = 1 + rng.int(12);
  return { birthDay: 1 + rng.int(DAYS_IN_MONTH[birthMonth - 1] ?? 28), birthMonth };
}

/**
 * One generated inmate in this many gets a namesake added at the end: same facility, name
 * and year, so search meets look-alikes at every scale; every second namesake is also born
 * the same day, which no kiosk question can tell apart.
 */
const NAMESAKE_EVERY = 1_000;

function namesakeOf(original: InmateSeed, rng: Rng): InmateSeed {
  const sameDay = rng.chance(0.5);
  return { ...original, ref: opaqueRef(rng), ...(sameDay ? {} : birthDate(rng)) };
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

export async function seedReferenceData(db: CentralDb): Promise<void> {
  const region = statement(
    db,
    `INSERT INTO regions (code, name, capital, territorial_body, sort) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (code) DO NOTHING`,
  );
  const facility = statement(
    db,
    `INSERT INTO facilities (id, region_code, type, number, short_name, full_name, aliases,
       address, phone, accounting, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
       ON CONFLICT (id) DO NOTHING`,
  );
  await db.transaction(async () => {
    for (const [index, seed] of REGIONS.entries()) {
      await region.run(seed.code, seed.name, seed.capital, territorialBody(seed), index);
    }
    for (const seed of demoFacilities()) {
      await facility.run(
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

/**
 * Inserts `count` generated inmates (plus the fixed demo ones, and a namesake for one in
 * NAMESAKE_EVERY) in one transaction.
 */
export async function generateInmates(db: CentralDb, options: GenerateOptions): Promise<number> {
  assert(options.count >= 0 && options.count <= INMATE_COUNT_MAX, 'generate: count out of range');
  const rows = await db.all<{ id: string; type: string }>(
    'SELECT id, type FROM facilities ORDER BY id',
  );
  assert(rows.length > 0, 'generate: seed reference data first');
  // Remand prisons are crowded: weight them so search benches see realistic big facilities.
  const weighted = rows.flatMap((row) =>
    row.type === 'СИЗО' ? [row.id, row.id, row.id] : [row.id],
  );
  const rng = createRng(options.seed ?? DEMO_SEED);
  const writer = inmateWriter(db);
  // A bulk load builds the indexes once at the end (sorted) instead of row by row.
  const bulk = options.count >= BULK_ROWS_MIN;
  if (db.dialect === 'sqlite') await db.exec('PRAGMA cache_size = -262144');
  await db.transaction(async () => {
    if (bulk) await db.exec('DROP INDEX inmates_by_ref; DROP INDEX inmates_search;');
    if (options.includeFixed !== false) for (const inmate of FIXED_DEMO_INMATES) writer.add(inmate);
    // Dates and namesakes draw from a second stream: the first one's sequence is unchanged.
    const dates = createRng((options.seed ?? DEMO_SEED) ^ 0x5a5a5a);
    const namesakes: InmateSeed[] = [];
    for (let index = 0; index < options.count; index += 1) {
      const facilityId = rng.pick(weighted);
      const seed = { ref: opaqueRef(rng), facilityId, ...person(rng) };
      const inmate = { ...seed, birthYear: birthYear(rng), status: status(rng) };
      const written = { ...inmate, ...birthDate(dates) };
      writer.add(written);
      if (index % NAMESAKE_EVERY === NAMESAKE_EVERY - 1) {
        namesakes.push(namesakeOf({ ...written, status: 'active' }, dates));
      }
      if (writer.full()) await writer.flush();
    }
    for (const inmate of namesakes) writer.add(inmate);
    if (options.includeFixed !== false) for (const inmate of LATER_DEMO_INMATES) writer.add(inmate);
    await writer.flush();
    if (bulk) {
      await db.exec(db.dialect === 'sqlite' ? INMATE_INDEXES_SQL : POSTGRES_INMATE_INDEXES_SQL);
    }
  });
  return options.count;
}

/** Inmates per INSERT: 12 parameters each, well under either engine's parameter limit. */
const INMATES_PER_INSERT = 200;
const INMATE_COLUMNS = `ref, facility_id, surname, name, patronymic, birth_year, status,
  surname_key, name_key, patronymic_key, birth_day, birth_month`;

/**
 * Inmates written in order, many to one INSERT (one round trip to a PostgreSQL server per
 * INMATES_PER_INSERT rows instead of per row); rowids follow the order they were added in.
 */
function inmateWriter(db: CentralDb) {
  const key = memoisedKey();
  let pending: SqlValue[][] = [];
  return {
    add(inmate: InmateSeed): void {
      pending.push([
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
        inmate.birthDay,
        inmate.birthMonth,
      ]);
    },
    full: () => pending.length >= INMATES_PER_INSERT,
    async flush(): Promise<void> {
      while (pending.length > 0) {
        const batch = pending.slice(0, INMATES_PER_INSERT);
        pending = pending.slice(INMATES_PER_INSERT);
        const values = batch.map((row) => `(${row.map(() => '?').join(', ')})`).join(', ');
        await db.run(`INSERT INTO inmates (${INMATE_COLUMNS}) VALUES ${values}`, ...batch.flat());
      }
    },
  };
}

/** First start: reference data always, demo inmates when asked and the table is empty. */
export async function seedIfEmpty(db: CentralDb, demo: boolean): Promise<void> {
  const regions = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM regions');
  if (regions?.n === 0) await seedReferenceData(db);
  const inmates = await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM inmates');
  if (demo && inmates?.n === 0) await generateInmates(db, { count: DEMO_INMATE_COUNT });
}

async function main(): Promise<void> {
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
  const { db } = await openCentralDb(values['data-dir'], process.env.CENTRAL_DATABASE_URL ?? null);
  const startedMs = performance.now();
  await seedIfEmpty(db, false);
  await generateInmates(db, { count, seed: Number(values.seed) });
  await db.close();
  const seconds = ((performance.now() - startedMs) / 1000).toFixed(1);
  process.stdout.write(`generated ${count} inmates in ${values['data-dir']} (${seconds} s)\n`);
}

if (import.meta.main) await main();
