import { editDistance, nameKey, typoBudget } from '../../common/names.ts';

/**
 * Offline matching over the cached roster, the same rule as central's search
 * (central/search.ts matchScore; roster-match.test.ts checks they agree): per-part typo budgets
 * from common/names.ts, patronymic optional and matched as a prefix, at most 3 typos in all.
 * Keys in the roster were computed by central with the same nameKey().
 */
export const SEARCH_RESULTS_MAX = 5;
const TOTAL_TYPOS_MAX = 3;

export type NameKeys = { surname: string; name: string; patronymic: string };

export function queryKeys(query: {
  surname: string;
  name: string;
  patronymic?: string | undefined;
}): NameKeys {
  return {
    surname: nameKey(query.surname),
    name: nameKey(query.name),
    patronymic: nameKey(query.patronymic ?? ''),
  };
}

/** Typos between query and candidate, or null when the candidate is not a match. */
export function matchScore(query: NameKeys, candidate: NameKeys): number | null {
  const surnameBudget = typoBudget(query.surname);
  const surname = editDistance(query.surname, candidate.surname, surnameBudget);
  if (surname > surnameBudget) return null;
  const nameBudget = typoBudget(query.name);
  const name = editDistance(query.name, candidate.name, nameBudget);
  if (name > nameBudget) return null;
  let patronymic = 0;
  if (query.patronymic.length > 0) {
    if (candidate.patronymic.length === 0) {
      patronymic = 1;
    } else {
      const prefix = candidate.patronymic.slice(0, query.patronymic.length);
      const budget = typoBudget(query.patronymic);
      patronymic = editDistance(query.patronymic, prefix, budget);
      if (patronymic > budget) return null;
    }
  }
  const total = surname + name + patronymic;
  return total > TOTAL_TYPOS_MAX ? null : total;
}
