/**
 * Central's search and the kiosk's offline roster rank with one rule (common/name-match.ts
 * rankScored) over one database, read by central through its index and by the kiosk through
 * the signed roster central exports. The roster holds keyed hashes, not names, so offline
 * matching is exact after normalisation: the kiosk answers exactly the people central
 * answers without a typo (an exact match, or a namesake with no patronymic), in central's
 * order; what central finds only by forgiving a wrong letter the kiosk does not find.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryVariants } from '../../common/name-match.ts';
import { nameKey } from '../../common/names.ts';
import { ok } from '../../common/result.ts';
import { type CentralDb, openCentralDb, statement } from '../../central/db.ts';
import { generateInmates, seedReferenceData } from '../../central/generate.ts';
import { loadRosterSigner, rosterPayload } from '../../central/roster.ts';
import { createSearcher, type SearchQuery } from '../../central/search.ts';
import { silentLogger } from '../../main/log.ts';
import { createRosterCache, type RosterCache } from '../../main/sync/roster-cache.ts';

const FACILITIES = ['77-sizo-1', '77-sizo-2'];
const NOW_MS = 1_764_000_000_000;

/**
 * Namesakes in one facility and year, inserted so that table order and ref order disagree:
 * more of them than one answer holds, so which five are shown depends on the tie order.
 */
const ref = (start: string) => start.padEnd(17, '0');
const NAMESAKES = ['iz1', 'ia3', 'im2', 'ib0', 'iy9', 'ic5', 'ia1', 'iq4'].map(ref);

let dir: string;
let db: CentralDb;
let roster: RosterCache;

type Searched = Awaited<ReturnType<ReturnType<typeof createSearcher>>>;

async function addNamesakes(): Promise<void> {
  const insert = statement(
    db,
    `INSERT INTO inmates (ref, facility_id, surname, name, patronymic, birth_year, status,
       surname_key, name_key, patronymic_key) VALUES (?, '77-sizo-1', 'Каримов', ?, '', 1995,
       'active', ?, ?, '')`,
  );
  for (const [index, ref] of NAMESAKES.entries()) {
    const name = index % 2 === 0 ? 'Рустам' : 'Рустем';
    await insert.run(ref, name, nameKey('Каримов'), nameKey(name));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'central-ranking-'));
  db = (await openCentralDb(join(dir, 'central'))).db;
  await seedReferenceData(db);
  await generateInmates(db, { count: 3_000 });
  await addNamesakes();
  const signer = loadRosterSigner(join(dir, 'central'));
  const payload = await rosterPayload(db, 'KIOSK-0001', FACILITIES, NOW_MS);
  roster = createRosterCache({
    dataDir: dir,
    terminalId: 'KIOSK-0001',
    centralPublicKeyPem: signer.publicKeyPem,
    fetchRoster: async () => ok({ payload, signature: signer.sign(payload) }),
    now: () => NOW_MS,
    log: silentLogger(),
  });
  expect((await roster.refresh()).ok).toBe(true);
});

afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function bothAnswers(query: SearchQuery) {
  const central = await createSearcher(db)(query);
  const kiosk = roster.search({
    facilityId: query.facilityId,
    variants: queryVariants(query),
    birthYear: query.birthYear,
  });
  return { central, kiosk };
}

/** Central's answer minus what it found only by forgiving a wrong letter. */
async function withoutTypos(answer: Searched, query: SearchQuery): Promise<Searched> {
  if (!answer.ok) return answer;
  const variants = queryVariants(query);
  const untouched = [];
  for (const match of answer.value) {
    const row = (await db.get<{ surname_key: string; name_key: string }>(
      'SELECT surname_key, name_key FROM inmates WHERE ref = ?',
      match.inmateRef,
    ))!;
    const typed = variants.some((v) => v.surname === row.surname_key && v.name === row.name_key);
    if (match.exact || typed) untouched.push(match);
  }
  return ok(untouched.filter((match) => match.exact || !match.maskedName.match(/\. .\.$/)));
}

describe('one ranking for central and the offline roster', () => {
  it('lists namesakes by ref on both sides, whatever order the table holds them in', async () => {
    const query = { facilityId: '77-sizo-1', surname: 'Каримов', name: 'Рустам', birthYear: 1995 };
    const { central, kiosk } = await bothAnswers(query);
    expect(kiosk).toEqual(await withoutTypos(central, query));
    // Рустам for the even places, Рустем (one letter off) for the odd ones.
    expect(central.ok && central.value.map((match) => [match.inmateRef, match.exact])).toEqual([
      [ref('ia1'), true],
      [ref('im2'), true],
      [ref('iy9'), true],
      [ref('iz1'), true],
      [ref('ia3'), false],
    ]);
  });

  it('answers the same for typed names with typos, a wrong layout and Latin letters', async () => {
    const queries: SearchQuery[] = [
      { facilityId: '77-sizo-1', surname: 'Иванов', name: 'Иван', birthYear: 1985 },
      { facilityId: '77-sizo-1', surname: 'bdfyjd', name: 'bdfy', birthYear: 1985 },
      { facilityId: '77-sizo-1', surname: 'Karimov', name: 'Bakhtiyar', birthYear: 1995 },
      { facilityId: '77-sizo-1', surname: 'Каримов', name: 'Бахтиер', birthYear: 1995 },
    ];
    const rows = (
      await db.all<{
        surname: string;
        name: string;
        patronymic: string;
        birth_year: number;
        facility_id: string;
      }>(
        `SELECT surname, name, patronymic, birth_year, facility_id
           FROM inmates WHERE facility_id IN (?, ?) ORDER BY rowid LIMIT 60`,
        ...FACILITIES,
      )
    ).map(({ surname, name, patronymic, birth_year, facility_id }) => ({
      surname,
      name,
      patronymic,
      birthYear: birth_year,
      facilityId: facility_id,
    }));
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) {
      queries.push({ ...row, patronymic: row.patronymic.slice(0, 2) });
      // One wrong letter in the surname: more people within the typo budget, more ties.
      queries.push({ ...row, surname: `${row.surname.slice(0, -1)}а`, patronymic: undefined });
    }
    let nonEmpty = 0;
    for (const query of queries) {
      const { central, kiosk } = await bothAnswers(query);
      expect(kiosk, JSON.stringify(query)).toEqual(await withoutTypos(central, query));
      if (central.ok && central.value.length > 0) nonEmpty += 1;
    }
    expect(nonEmpty).toBeGreaterThan(queries.length / 2);
  });
});
