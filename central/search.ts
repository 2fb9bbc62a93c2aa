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
  bestScore,
  correctedParts,
  type LookAlike,
  lookAlikeKeys,
  type NameKeys,
  type NamePart,
  queryVariants,
  rankScored,
  shownKey,
} from '../common/name-match.ts';
import { maskedName } from '../common/names.ts';
import { err, ok, type Result } from '../common/result.ts';
import { type CentralDb, statement } from './db.ts';

/** Upper bound on rows ranked per query (the index makes this far more than ever needed). */
const CANDIDATES_MAX = 20_000;
/** Rows read by one `rowid IN (…)`: well under either engine's limit on parameters. */
const DETAILS_PER_QUERY = 500;

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

export type Searcher = (query: SearchQuery) => Promise<Result<InmateMatch[], SearchError>>;

/** Prepares the statements once; the returned function runs one search. */
export function createSearcher(db: CentralDb): Searcher {
  const facilityStatement = statement(
    db,
    'SELECT short_name FROM facilities WHERE id = ? AND active = 1',
  );
  // Reads only the covering index inmates_search; details are fetched for the few matches.
  const candidatesStatement = statement(
    db,
    `SELECT rowid AS id, surname_key, name_key, patronymic_key FROM inmates
       WHERE facility_id = ? AND birth_year = ? LIMIT ${CANDIDATES_MAX}`,
  );
  const detailsOf = async (ids: readonly number[]): Promise<Map<number, Details>> => {
    const found = new Map<number, Details>();
    for (let at = 0; at < ids.length; at += DETAILS_PER_QUERY) {
      const chunk = ids.slice(at, at + DETAILS_PER_QUERY);
      const rows = await db.all<Details & { id: number }>(
        `SELECT rowid AS id, ref, surname, name, patronymic, status FROM inmates
           WHERE rowid IN (${chunk.map(() => '?').join(', ')})`,
        ...chunk,
      );
      for (const { id, ...details } of rows) found.set(id, details);
    }
    return found;
  };
  return async (query) => {
    const variants = queryVariants(query);
    const longest = (part: 'surname' | 'name') => Math.max(...variants.map((v) => v[part].length));
    if (longest('surname') < 2) return err({ kind: 'query-too-short', part: 'surname' });
    if (longest('name') < 2) return err({ kind: 'query-too-short', part: 'name' });
    const facility = await facilityStatement.get<{ short_name: string }>(query.facilityId);
    if (facility === undefined) return err({ kind: 'unknown-facility' });
    const rows = await candidatesStatement.all<Candidate>(query.facilityId, query.birthYear);
    // Only the rows within the typo budget are matches; their details are read in one go, and
    // ordered as common/name-match.ts rankMatches orders them (score, then ref).
    const scored = rows.flatMap((candidate) => {
      const score = bestScore(variants, keysOf(candidate));
      return score === null ? [] : [{ candidate, score }];
    });
    const details = await detailsOf(scored.map(({ candidate }) => candidate.id));
    const detailsOnce = (row: Candidate): Details => details.get(row.id)!;
    const ranked = rankScored(
      scored.map((match) => ({ ...match, ref: detailsOnce(match.candidate).ref })),
    );
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
): (query: SearchQuery) => Promise<Result<SearchAnswer, SearchError>> {
  const extraStatement = statement(
    db,
    `SELECT surname_key AS surname, name_key AS name, patronymic_key AS patronymic,
       birth_day, birth_month FROM inmates WHERE ref = ?`,
  );
  type ExtraRow = NameKeys & { birth_day: number; birth_month: number };
  return async (query) => {
    const found = await search(query);
    if (!found.ok) return found;
    const variants = queryVariants(query);
    const rows = [];
    for (const match of found.value) {
      const row = (await extraStatement.get<ExtraRow>(match.inmateRef))!;
      const extra: Extra = { ...row, birthDay: row.birth_day, birthMonth: row.birth_month };
      const corrected = match.exact ? [] : correctedParts(variants, extra);
      rows.push({ match: { ...match, correctedParts: corrected }, date: extra });
    }
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
