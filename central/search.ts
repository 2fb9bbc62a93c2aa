/**
 * Inmate search: facility + surname + name + birth year, patronymic optional and possibly only
 * its first letters. Tolerates what people get wrong at a kiosk (case, ё/е, hyphens, the EN
 * layout, one or two wrong letters) and answers only masked names, at most a handful.
 *
 * Candidates come from the (facility, birth year) index: a crowded remand prison holds a few
 * thousand people over ~60 birth years, so this is tens to hundreds of rows; each is ranked
 * by a bounded edit distance that gives up after the typo budget (common/names.ts), in the
 * order common/name-match.ts rankMatches gives, the same as the kiosk's offline roster.
 */
import { type NameKeys, queryVariants, rankMatches } from '../common/name-match.ts';
import { maskedName } from '../common/names.ts';
import { err, ok, type Result } from '../common/result.ts';
import type { CentralDb } from './db.ts';

/** Upper bound on rows ranked per query (the index makes this far more than ever needed). */
const CANDIDATES_MAX = 20_000;

export type SearchQuery = {
  facilityId: string;
  surname: string;
  name: string;
  patronymic?: string | undefined;
  birthYear: number;
};

export type InmateMatch = {
  inmateRef: string;
  maskedName: string;
  birthYear: number;
  facilityId: string;
  facilityName: string;
  accountStatus: 'active' | 'released' | 'transferred';
  exact: boolean;
};

export type SearchError = { kind: 'unknown-facility' } | { kind: 'query-too-short'; part: string };

type Candidate = {
  id: number;
  surname_key: string;
  name_key: string;
  patronymic_key: string;
};

type Details = {
  ref: string;
  surname: string;
  name: string;
  patronymic: string;
  status: InmateMatch['accountStatus'];
};

const keysOf = (row: Candidate): NameKeys => ({
  surname: row.surname_key,
  name: row.name_key,
  patronymic: row.patronymic_key,
});

export type Searcher = (query: SearchQuery) => Result<InmateMatch[], SearchError>;

/** Prepares the statements once; the returned function runs one search. */
export function createSearcher(db: CentralDb): Searcher {
  const facilityStatement = db.prepare(
    'SELECT short_name FROM facilities WHERE id = ? AND active = 1',
  );
  // Reads only the covering index inmates_search; details are fetched for the few matches.
  const candidatesStatement = db.prepare(
    `SELECT rowid AS id, surname_key, name_key, patronymic_key FROM inmates
       WHERE facility_id = ? AND birth_year = ? LIMIT ${CANDIDATES_MAX}`,
  );
  const detailsStatement = db.prepare(
    'SELECT ref, surname, name, patronymic, status FROM inmates WHERE rowid = ?',
  );
  const detailsOf = (id: number): Details => detailsStatement.get(id) as Details;
  return (query) => {
    const variants = queryVariants(query);
    const longest = (part: 'surname' | 'name') => Math.max(...variants.map((v) => v[part].length));
    if (longest('surname') < 2) return err({ kind: 'query-too-short', part: 'surname' });
    if (longest('name') < 2) return err({ kind: 'query-too-short', part: 'name' });
    const facility = facilityStatement.get(query.facilityId) as { short_name: string } | undefined;
    if (facility === undefined) return err({ kind: 'unknown-facility' });
    const rows = candidatesStatement.all(query.facilityId, query.birthYear) as Candidate[];
    // The ranking needs the ref of each match; matches are few, so their rows are read once.
    const details = new Map<number, Details>();
    const detailsOnce = (row: Candidate): Details => {
      let found = details.get(row.id);
      if (found === undefined) {
        found = detailsOf(row.id);
        details.set(row.id, found);
      }
      return found;
    };
    const ranked = rankMatches(variants, rows, keysOf, (row) => detailsOnce(row).ref);
    return ok(
      ranked.map(({ candidate, score }) => {
        const inmate = detailsOnce(candidate);
        return {
          inmateRef: inmate.ref,
          maskedName: maskedName(inmate.surname, inmate.name, inmate.patronymic),
          birthYear: query.birthYear,
          facilityId: query.facilityId,
          facilityName: facility.short_name,
          accountStatus: inmate.status,
          exact: score === 0,
        };
      }),
    );
  };
}
