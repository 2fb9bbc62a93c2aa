import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTestCentralDb } from '../tests/support/central-postgres.ts';
import { isValidInn } from '../common/inn.ts';
import { demoFacilities } from './facilities-seed.ts';
import { DEMO_INMATE_COUNT, DEMO_SEED, generateInmates, seedReferenceData } from './generate.ts';
import { feminineSurname } from './name-lists.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function freshDb() {
  const dir = mkdtempSync(join(tmpdir(), 'central-gen-'));
  dirs.push(dir);
  const { db } = await openTestCentralDb(dir);
  await seedReferenceData(db);
  return db;
}

type Row = { ref: string; surname: string; name: string; patronymic: string; birth_year: number };

async function inmates(count: number, seed: number): Promise<Row[]> {
  const db = await freshDb();
  await generateInmates(db, { count, seed });
  const rows = await db.all<Row>(
    'SELECT ref, surname, name, patronymic, birth_year FROM inmates ORDER BY rowid',
  );
  await db.close();
  return rows;
}

/** One generated inmate as the golden rows below spell it. */
function g(ref: string, facilityId: string, ...rest: [string, string, string, number]) {
  const [surname, name, patronymic, birthYear] = rest;
  return { ref, facilityId, surname, name, patronymic, birthYear };
}

describe('demo data', () => {
  it('is the same on every run for a seed, and different for another seed', async () => {
    const first = await inmates(500, 42);
    expect(await inmates(500, 42)).toEqual(first);
    expect(await inmates(500, 43)).not.toEqual(first);
  });

  it('keeps the demo inmates of the demo seed, name for name (screens and demos name them)', async () => {
    const db = await freshDb();
    await generateInmates(db, { count: DEMO_INMATE_COUNT, seed: DEMO_SEED });
    const row = async (rowid: number) => {
      const found = await db.get<{ facility_id: string; birth_year: number }>(
        `SELECT ref, facility_id, surname, name, patronymic, birth_year FROM inmates
           WHERE rowid = ?`,
        rowid,
      );
      if (found === undefined) return undefined;
      const { facility_id, birth_year, ...rest } = found;
      return { ...rest, facilityId: facility_id, birthYear: birth_year };
    };
    // rowid 1–7 are the fixed demo inmates; the generated ones follow (the 1 000 000 bench
    // database starts with the same sequence: the count only decides where it stops).
    expect(await Promise.all([8, 9, 1507, 3007].map(row))).toEqual([
      g('icp82fzhwbyfaurmy', '24-kp-8', 'Журавлёв', 'Борис', 'Львович', 2007),
      g('igefpp32k8cy7mmat', '03-sizo-1', 'Седых', 'Леонид', 'Фёдорович', 1984),
      g('inya8nlh7xuu20w5v', '15-sizo-1', 'Фомин', 'Владимир', 'Владимирович', 1995),
      g('i0yw2b9p7x3m8lqhy', '86-ik-2', 'Громов', 'Глеб', 'Михайлович', 1993),
    ]);
    await db.close();
  });

  it('has ё, hyphenated and Central-Asian names, women with feminine forms, and no duplicate refs', async () => {
    const rows = await inmates(5_000, 1);
    expect(new Set(rows.map((row) => row.ref)).size).toBe(rows.length);
    expect(rows.some((row) => /ё/i.test(row.surname + row.name + row.patronymic))).toBe(true);
    expect(rows.some((row) => row.surname.includes('-'))).toBe(true);
    expect(rows.some((row) => ['Рустам', 'Алишер', 'Бахтиёр', 'Шерзод'].includes(row.name))).toBe(
      true,
    );
    const women = rows.filter(
      (row) => row.patronymic.endsWith('вна') || row.patronymic.endsWith('ична'),
    );
    expect(women.length).toBeGreaterThan(0);
    for (const woman of women) expect(woman.surname).not.toMatch(/(ов|ев|ин|ский)$/);
    for (const row of rows) expect(row.birth_year).toBeGreaterThanOrEqual(1950);
  });

  it('derives feminine surnames by the usual rules', () => {
    expect(feminineSurname('Семёнов')).toBe('Семёнова');
    expect(feminineSurname('Римский-Корсаков')).toBe('Римская-Корсакова');
    expect(feminineSurname('Троицкий')).toBe('Троицкая');
    expect(feminineSurname('Толстой')).toBe('Толстая');
    expect(feminineSurname('Шевченко')).toBe('Шевченко');
    expect(feminineSurname('Черных')).toBe('Черных');
  });

  it('gives facilities unique ids, real naming patterns and valid INN check digits', () => {
    const facilities = demoFacilities();
    expect(new Set(facilities.map((facility) => facility.id)).size).toBe(facilities.length);
    const sizo = facilities.find((facility) => facility.id === '74-sizo-1');
    expect(sizo?.shortName).toBe('ФКУ СИЗО-1 ГУФСИН России по Челябинской области');
    for (const facility of facilities) expect(isValidInn(facility.accounting.inn)).toBe(true);
    const moscow = facilities.find((facility) => facility.id === '77-sizo-1');
    expect(facilities.length).toBe(616);
    expect([moscow?.address, moscow?.phone, moscow?.accounting.inn]).toEqual([
      '198363, г. Москва, Портовая наб., д. 108',
      '+7 (915) 543-70-95',
      '7771906632',
    ]);
  });
});
