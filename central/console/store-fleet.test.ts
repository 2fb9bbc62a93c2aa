/**
 * The facilities the console names in a terminal's alerts, read on every heartbeat: exactly
 * the terminal's own (none for a terminal without any, nothing for one unknown), with their
 * region, on both engines (the PostgreSQL statement differs: it looks each facility up by its
 * key instead of scanning them all).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestCentralDb } from '../../tests/support/central-postgres.ts';
import type { CentralDb } from '../db.ts';
import { createFleetStore } from './store-fleet.ts';

let dir: string;
let db: CentralDb;

const FACILITIES = [
  ['f-77-1', '77', 'СИЗО-1'],
  ['f-77-2', '77', 'СИЗО-2'],
  ['f-50-1', '50', 'ИК-1'],
] as const;

describe('a terminal’s facilities', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'store-fleet-'));
    db = (await openTestCentralDb(dir)).db;
    const regions = [
      ['77', 'г. Москва'],
      ['50', 'Московская область'],
    ] as const;
    for (const [code, name] of regions) {
      await db.run(
        'INSERT INTO regions (code, name, capital, territorial_body, sort) VALUES (?, ?, ?, ?, ?)',
        code,
        name,
        name,
        `УФСИН ${code}`,
        Number(code),
      );
    }
    for (const [id, region, shortName] of FACILITIES) {
      await db.run(
        `INSERT INTO facilities (id, region_code, type, number, short_name, full_name, aliases,
           address, phone, accounting, active) VALUES (?, ?, 'sizo', 1, ?, ?, '[]', '', '', '{}', 1)`,
        id,
        region,
        shortName,
        shortName,
      );
    }
    const terminal = (id: string, facilityIds: string[]) =>
      db.run(
        'INSERT INTO terminals (id, facility_ids, created_at_ms) VALUES (?, ?, 1)',
        id,
        JSON.stringify(facilityIds),
      );
    await terminal('t-two', ['f-77-2', 'f-50-1']);
    await terminal('t-none', []);
  });

  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const idsOf = async (terminalId: string) =>
    (await createFleetStore(db).facilities(terminalId))
      .map((facility) => `${facility.id} ${facility.regionName}`)
      .sort();

  it('reads exactly the terminal’s own facilities, with their regions', async () => {
    expect(await idsOf('t-two')).toEqual(['f-50-1 Московская область', 'f-77-2 г. Москва']);
  });

  it('reads none for a terminal without facilities or one it does not know', async () => {
    expect(await idsOf('t-none')).toEqual([]);
    expect(await idsOf('t-unknown')).toEqual([]);
  });

  it('reads every facility some terminal serves when asked for the whole fleet', async () => {
    const all = (await createFleetStore(db).facilities()).map((facility) => facility.id).sort();
    expect(all).toEqual(['f-50-1', 'f-77-2']);
  });
});
