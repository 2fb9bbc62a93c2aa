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
import {
  correctedParts,
  type LookAlike,
  lookAlikeKeys,
  type NameKeys,
  type NamePart,
  queryVariants,
  rankMatches,
  shownKey,
} from '../common/name-match.ts';
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
  /** Day and month of birth, asked only when matches look alike (both or neither). */
  birthDay?: number | undefined;
  birthMonth?: number | undefined;
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

/** A match as the search route answers it. */
export type AnsweredMatch = InmateMatch & {
  /** The typed name parts corrected to find this match (typos, a missing patronymic). */
  correctedParts: NamePart[];
  /** Another answered match shows the same masked name, year and facility. */
  lookAlike: boolean;
};

export type SearchAnswer = { matches: AnsweredMatch[]; lookAlike: LookAlike };

type Extra = NameKeys & { birthDay: number; birthMonth: number };

/**
 * The search route's answer: the ranked matches with which name parts were corrected, and
 * the look-alikes told apart by the day and month of birth (tellApart). Reads the few
 * matches' rows once more by ref, so the ranking itself stays the one the roster shares.
 */
export function createSearchAnswerer(
  db: CentralDb,
  search: Searcher,
): (query: SearchQuery) => Result<SearchAnswer, SearchError> {
  const extraStatement = db.prepare(
    `SELECT surname_key AS surname, name_key AS name, patronymic_key AS patronymic,
       birth_day AS birthDay, birth_month AS birthMonth FROM inmates WHERE ref = ?`,
  );
  return (query) => {
    const found = search(query);
    if (!found.ok) return found;
    const variants = queryVariants(query);
    const rows = found.value.map((match) => {
      const extra = extraStatement.get(match.inmateRef) as Extra;
      const corrected = match.exact ? [] : correctedParts(variants, extra);
      return { match: { ...match, correctedParts: corrected }, date: extra };
    });
    return ok(tellApart(rows, query));
  };
}

type Dated = { match: InmateMatch & { correctedParts: NamePart[] }; date: Extra };

/**
 * Matches a screen could not tell apart (common/name-match.ts lookAlikeKeys) are marked so no
 * client offers them for choice. Without a date of birth the answer asks for one; with it,
 * only the look-alikes born on that day and month stay (a row that already stands out stays
 * whatever the date); if some still look alike, the answer says they cannot be told apart.
 * The date of birth itself is never answered.
 */
export function tellApart(
  rows: readonly Dated[],
  date: { birthDay?: number | undefined; birthMonth?: number | undefined },
): SearchAnswer {
  const answer = (kept: readonly Dated[], alike: Set<string>) =>
    kept.map(({ match }) => ({ ...match, lookAlike: alike.has(shownKey(match)) }));
  const alike = lookAlikeKeys(rows.map((row) => row.match));
  if (alike.size === 0) return { matches: answer(rows, alike), lookAlike: 'none' };
  if (date.birthDay === undefined || date.birthMonth === undefined) {
    return { matches: answer(rows, alike), lookAlike: 'ask-birth-date' };
  }
  const narrowed = rows.filter(
    (row) =>
      !alike.has(shownKey(row.match)) ||
      (row.date.birthDay === date.birthDay && row.date.birthMonth === date.birthMonth),
  );
  const still = lookAlikeKeys(narrowed.map((row) => row.match));
  return {
    matches: answer(narrowed, still),
    lookAlike: still.size === 0 ? 'none' : 'cannot-tell-apart',
  };
}
