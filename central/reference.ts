/** Reference data as the API shows it: regions that have facilities, and active facilities. */
import { type CentralDb, statement } from './db.ts';

export type RegionView = { code: string; name: string; capital: string; territorialBody: string };

export type FacilityView = {
  id: string;
  regionCode: string;
  type: string;
  number: number;
  shortName: string;
  fullName: string;
  aliases: string[];
  address: string;
  phone: string;
  accounting: Record<string, string>;
};

type FacilityRow = {
  id: string;
  region_code: string;
  type: string;
  number: number;
  short_name: string;
  full_name: string;
  aliases: string;
  address: string;
  phone: string;
  accounting: string;
};

export type ReferenceStore = {
  regions(): Promise<RegionView[]>;
  facilities(regionCode: string | null): Promise<FacilityView[]>;
};

export function createReferenceStore(db: CentralDb): ReferenceStore {
  const regions = statement(
    db,
    `SELECT code, name, capital, territorial_body FROM regions r
       WHERE EXISTS (SELECT 1 FROM facilities f WHERE f.region_code = r.code AND f.active = 1)
       ORDER BY sort`,
  );
  const all = statement(
    db,
    'SELECT * FROM facilities WHERE active = 1 ORDER BY region_code, type, number',
  );
  const ofRegion = statement(
    db,
    'SELECT * FROM facilities WHERE active = 1 AND region_code = ? ORDER BY type, number',
  );
  const view = (row: FacilityRow): FacilityView => ({
    id: row.id,
    regionCode: row.region_code,
    type: row.type,
    number: row.number,
    shortName: row.short_name,
    fullName: row.full_name,
    aliases: JSON.parse(row.aliases) as string[],
    address: row.address,
    phone: row.phone,
    accounting: JSON.parse(row.accounting) as Record<string, string>,
  });
  return {
    regions: async () =>
      (
        await regions.all<{
          code: string;
          name: string;
          capital: string;
          territorial_body: string;
        }>()
      ).map((row) => ({
        code: row.code,
        name: row.name,
        capital: row.capital,
        territorialBody: row.territorial_body,
      })),
    facilities: async (regionCode) =>
      (
        await (regionCode === null ? all.all<FacilityRow>() : ofRegion.all<FacilityRow>(regionCode))
      ).map(view),
  };
}
