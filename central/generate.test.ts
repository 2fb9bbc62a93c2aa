import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCentralDb } from './db.ts';
import { isValidInn } from '../common/inn.ts';
import { demoFacilities } from './facilities-seed.ts';
import { generateInmates, seedReferenceData } from './generate.ts';
import { feminineSurname } from './name-lists.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function freshDb() {
  const dir = mkdtempSync(join(tmpdir(), 'central-gen-'));
  dirs.push(dir);
  const { db } = openCentralDb(dir);
  seedReferenceData(db);
  return db;
}

type Row = { ref: string; surname: string; name: string; patronymic: string; birth_year: number };

function inmates(count: number, seed: number): Row[] {
  const db = freshDb();
  generateInmates(db, { count, seed });
  const rows = db
    .prepare('SELECT ref, surname, name, patronymic, birth_year FROM inmates ORDER BY rowid')
    .all() as Row[];
  db.close();
  return rows;
}

describe('demo data', () => {
  it('is the same on every run for a seed, and different for another seed', () => {
    const first = inmates(500, 42);
    expect(inmates(500, 42)).toEqual(first);
    expect(inmates(500, 43)).not.toEqual(first);
  });

  it('has ё, hyphenated and Central-Asian names, women with feminine forms, and no duplicate refs', () => {
    const rows = inmates(5_000, 1);
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
  });
});
