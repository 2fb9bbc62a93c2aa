import { editDistance, nameKeyVariants, typoBudget } from './names.ts';

/**
 * The inmate-matching rule, shared by central's search and the kiosk's offline roster cache so
 * both answer the same: per-part typo budgets, the patronymic optional and matched as a prefix,
 * at most three wrong letters in all, and every reading of what was typed (layout slip, Latin
 * by sound) tried.
 */
export const SEARCH_RESULTS_MAX = 5;
/** Total wrong letters over all name parts; more would start matching strangers. */
const TOTAL_TYPOS_MAX = 3;

export type NameKeys = { surname: string; name: string; patronymic: string };

export const NAME_PARTS = ['surname', 'name', 'patronymic'] as const;
export type NamePart = (typeof NAME_PARTS)[number];
/** Wrong letters per name part of one match (the patronymic: 1 when the person has none). */
export type PartDistances = Record<NamePart, number>;

/** Distance of a candidate from the query, or null when it is not a match. */
export function matchScore(query: NameKeys, candidate: NameKeys): number | null {
  const parts = matchParts(query, candidate);
  return parts === null ? null : parts.surname + parts.name + parts.patronymic;
}

/** Distance of each part, or null when the candidate is not a match. */
export function matchParts(query: NameKeys, candidate: NameKeys): PartDistances | null {
  const surnameBudget = typoBudget(query.surname);
  const surname = editDistance(query.surname, candidate.surname, surnameBudget);
  if (surname > surnameBudget) return null;
  const nameBudget = typoBudget(query.name);
  const name = editDistance(query.name, candidate.name, nameBudget);
  if (name > nameBudget) return null;
  let patronymic = 0;
  if (query.patronymic.length > 0) {
    if (candidate.patronymic.length === 0) {
      // People without a patronymic still match, ranked below those who have the typed one.
      patronymic = 1;
    } else {
      // A prefix is enough: «Ив» or «Иванов» finds «Иванович».
      const prefix = candidate.patronymic.slice(0, query.patronymic.length);
      const budget = typoBudget(query.patronymic);
      patronymic = editDistance(query.patronymic, prefix, budget);
      if (patronymic > budget) return null;
    }
  }
  return surname + name + patronymic > TOTAL_TYPOS_MAX ? null : { surname, name, patronymic };
}

/** The parts a match differs in from what was typed (empty for an exact match). */
export function correctedParts(variants: readonly NameKeys[], candidate: NameKeys): NamePart[] {
  let best: PartDistances | null = null;
  let bestTotal = Number.POSITIVE_INFINITY;
  for (const variant of variants) {
    const parts = matchParts(variant, candidate);
    if (parts === null) continue;
    const total = parts.surname + parts.name + parts.patronymic;
    if (total < bestTotal) [best, bestTotal] = [parts, total];
  }
  if (best === null) return [];
  const found = best;
  return NAME_PARTS.filter((part) => found[part] > 0);
}

/** Each typed part may mean a few keys (layout slip or Latin by sound): every combination. */
export function queryVariants(query: {
  surname: string;
  name: string;
  patronymic?: string | undefined;
}): NameKeys[] {
  const variants: NameKeys[] = [];
  for (const surname of nameKeyVariants(query.surname)) {
    for (const name of nameKeyVariants(query.name)) {
      for (const patronymic of nameKeyVariants(query.patronymic ?? '')) {
        variants.push({ surname, name, patronymic });
      }
    }
  }
  return variants;
}

/** The best (lowest) score over every reading of the query, or null when none matches. */
export function bestScore(variants: readonly NameKeys[], candidate: NameKeys): number | null {
  let best: number | null = null;
  for (const variant of variants) {
    const score = matchScore(variant, candidate);
    if (score !== null && (best === null || score < best)) best = score;
  }
  return best;
}

export type RankedMatch<T> = { candidate: T; score: number };

/**
 * The one ranking of a search, for central and the kiosk's offline roster alike: the matches
 * among `candidates`, fewest wrong letters first, equals by the inmate's ref (code-unit order,
 * the same on every machine), at most SEARCH_RESULTS_MAX. Ties are ordered by the ref and not by
 * where a candidate sits in the caller's list, so both sides answer the same people in the
 * same order whatever order they hold them in. `refOf` is asked only for the matches.
 */
export function rankMatches<T>(
  variants: readonly NameKeys[],
  candidates: Iterable<T>,
  keysOf: (candidate: T) => NameKeys,
  refOf: (candidate: T) => string,
): RankedMatch<T>[] {
  const matches: Array<RankedMatch<T> & { ref: string }> = [];
  for (const candidate of candidates) {
    const score = bestScore(variants, keysOf(candidate));
    if (score !== null) matches.push({ candidate, score, ref: refOf(candidate) });
  }
  return rankScored(matches);
}

/** The one order of an answer: fewest wrong letters first, then the ref; at most five. */
export function rankScored<T>(matches: Array<RankedMatch<T> & { ref: string }>): RankedMatch<T>[] {
  matches.sort((a, b) => a.score - b.score || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  return matches.slice(0, SEARCH_RESULTS_MAX).map(({ candidate, score }) => ({ candidate, score }));
}

/**
 * Rows a screen cannot tell apart: what it may show of a person is the masked name, the birth
 * year and the facility, so two matches equal in all three look the same and the payer could
 * only guess. Returns the keys shown by more than one match.
 */
export function lookAlikeKeys(
  matches: readonly { maskedName: string; birthYear: number; facilityId: string }[],
): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const match of matches) {
    const key = shownKey(match);
    if (seen.has(key)) twice.add(key);
    seen.add(key);
  }
  return twice;
}

/** What a screen shows of a match, as one comparable string. */
export function shownKey(match: { maskedName: string; birthYear: number; facilityId: string }) {
  return `${match.maskedName}|${match.birthYear}|${match.facilityId}`;
}

/**
 * Whether a search had to ask for the day and month of birth: 'none' when every match looks
 * different; 'ask-birth-date' when some look alike and no date was given; 'cannot-tell-apart'
 * when they still look alike with the date (or the date cannot be checked, offline). The
 * look-alike rows are left out of the answer's matches whenever this is not 'none', so no
 * client can show them as a list to guess from.
 */
export type LookAlike = 'none' | 'ask-birth-date' | 'cannot-tell-apart';
export const LOOK_ALIKE_VALUES = ['none', 'ask-birth-date', 'cannot-tell-apart'] as const;

/**
 * The kiosk's offline roster holds no names (central/roster.ts, main/sync/roster-match.ts):
 * each inmate is a keyed hash (HMAC-SHA-256, a fresh key per roster version) of these
 * messages, built from the normalised keys above, so a name typed exactly (after
 * normalisation: case, ё/е, hyphens, spaces, layout) is found and nothing can be listed.
 * `patronymicPrefix` '' is the lookup of surname + name + year; each longer prefix of the
 * patronymic key has its own hash, so a typed prefix («Ив») still matches as online.
 */
export const ROSTER_FORMAT = 'kiosk-roster-v2';
/** Patronymic prefixes hashed per inmate (longer typed prefixes are cut to this). */
export const ROSTER_PREFIX_CHARS_MAX = 24;

export function rosterMatchMessage(
  birthYear: number,
  keys: { surname: string; name: string },
  patronymicPrefix: string,
): string {
  const prefix = patronymicPrefix.slice(0, ROSTER_PREFIX_CHARS_MAX);
  return `${ROSTER_FORMAT}|match|${birthYear}|${keys.surname}|${keys.name}|${prefix}`;
}

/** The message whose keyed hash is the key that seals an inmate's masked name and ref. */
export function rosterSealMessage(birthYear: number, keys: { surname: string; name: string }) {
  return `${ROSTER_FORMAT}|seal|${birthYear}|${keys.surname}|${keys.name}`;
}
