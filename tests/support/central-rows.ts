import { DatabaseSync } from 'node:sqlite';

export type DemoInmate = {
  ref: string;
  facilityId: string;
  surname: string;
  name: string;
  birthYear: number;
};

/**
 * The first active inmate (by ref) in a central database file, read-only: a real recipient a
 * test can search for by name and year. `facilityIds` narrows it to a kiosk's facilities.
 */
export function firstActiveInmate(
  centralDbPath: string,
  facilityIds: readonly string[] | null = null,
): DemoInmate {
  const db = new DatabaseSync(centralDbPath, { readOnly: true });
  try {
    const where =
      facilityIds === null ? '' : `AND facility_id IN (${facilityIds.map(() => '?').join(',')})`;
    const row = db
      .prepare(
        `SELECT ref, facility_id, surname, name, birth_year FROM inmates
         WHERE status = 'active' ${where} ORDER BY ref LIMIT 1`,
      )
      .get(...(facilityIds ?? []));
    if (row === undefined) throw new Error(`no active inmate in ${centralDbPath}`);
    return {
      ref: String(row.ref),
      facilityId: String(row.facility_id),
      surname: String(row.surname),
      name: String(row.name),
      birthYear: Number(row.birth_year),
    };
  } finally {
    db.close();
  }
}
