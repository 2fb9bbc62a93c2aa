/**
 * Sweep detection for inmate search, shared by central and the kiosk's offline roster.
 *
 * Finding a person needs the full name *and* the birth year; a rate limit alone lets anyone
 * who knows a name try every year. So search remembers, per caller scope, which (facility,
 * year) pairs each name was asked with and how many different names were asked, over a
 * sliding window, and refuses a query that would take a scope past its allowance. A name
 * already asked with a year may be asked again (that learns nothing new). The refusal never
 * depends on the answer: it is decided before the search runs, and it is the same for the
 * true year as for any other, so it carries no signal about where the person is.
 *
 * Scopes: the payer account (web channel), the client address (web channel), the terminal
 * (a kiosk's signed search and its offline roster) and everyone together ('global').
 */
import { nameKey } from './names.ts';

export type GuardScope = 'account' | 'address' | 'terminal' | 'global';

/** Every threshold of the sweep guard (documented in central/README.md, "Search limits"). */
export const SEARCH_GUARD = {
  /** How long a search is remembered. */
  windowMs: 24 * 60 * 60_000,
  /**
   * Different (facility, birth year) pairs one name may be asked with per window. A payer
   * who mistypes the year gets a second and third try; a sweep of 60 years does not.
   */
  yearsPerName: { account: 3, address: 3, terminal: 3, global: 6 },
  /** Different names per window: a payer pays a few people, a kiosk serves a lobby. */
  namesPerWindow: { account: 20, address: 40, terminal: 400, global: 50_000 },
} as const satisfies {
  windowMs: number;
  yearsPerName: Record<GuardScope, number>;
  namesPerWindow: Record<GuardScope, number>;
};

export type GuardKey = { scope: GuardScope; id: string };

/** One query as the guard sees it: the name reduced to its search keys, facility and year. */
export type SearchProbe = { nameFingerprint: string; facilityId: string; birthYear: number };

/**
 * The name of a query as the guard counts it: surname and name through the project's one
 * normalisation (case, ё/е, hyphens, spaces, wrong layout), so «ИВАНОВ» and «иванов» are
 * one name. The patronymic is left out: varying it must not buy more years.
 */
export function nameFingerprint(query: { surname: string; name: string }): string {
  return `${nameKey(query.surname)}|${nameKey(query.name)}`;
}

/** Where the guard keeps what it saw; central: its database, the kiosk: memory. */
export type GuardStore = {
  /** Runs check-and-record as one unit (a transaction at central). */
  atomically<T>(work: () => T): T;
  /** Has this scope asked this exact (name, facility, year) since `sinceMs`? */
  seen(key: GuardKey, probe: SearchProbe, sinceMs: number): boolean;
  /** Different (facility, year) pairs this scope asked this name with since `sinceMs`. */
  yearsOf(key: GuardKey, nameFingerprint: string, sinceMs: number): number;
  /** Has this scope asked this name (any year) since `sinceMs`? */
  nameSeen(key: GuardKey, nameFingerprint: string, sinceMs: number): boolean;
  /** Different names this scope asked since `sinceMs`. */
  namesOf(key: GuardKey, sinceMs: number): number;
  record(key: GuardKey, probe: SearchProbe, nowMs: number): void;
};

export type GuardVerdict = { ok: true } | { ok: false; scope: GuardScope };

/** Allows and records the query for every scope, or refuses it (and records nothing). */
export function checkSearch(
  store: GuardStore,
  keys: readonly GuardKey[],
  probe: SearchProbe,
  nowMs: number,
): GuardVerdict {
  const sinceMs = nowMs - SEARCH_GUARD.windowMs;
  return store.atomically(() => {
    for (const key of keys) {
      if (store.seen(key, probe, sinceMs)) continue;
      const years = store.yearsOf(key, probe.nameFingerprint, sinceMs);
      if (years + 1 > SEARCH_GUARD.yearsPerName[key.scope]) return { ok: false, scope: key.scope };
      if (store.nameSeen(key, probe.nameFingerprint, sinceMs)) continue;
      const names = store.namesOf(key, sinceMs);
      if (names + 1 > SEARCH_GUARD.namesPerWindow[key.scope]) {
        return { ok: false, scope: key.scope };
      }
    }
    for (const key of keys) store.record(key, probe, nowMs);
    return { ok: true };
  });
}

/** The kiosk's guard for its offline roster: one process, so memory is enough. */
export function createMemoryGuardStore(): GuardStore {
  // scope:id → name → "facility|year" → when it was asked
  const seenAt = new Map<string, Map<string, Map<string, number>>>();
  const scopeOf = (key: GuardKey) => `${key.scope}:${key.id}`;
  const fresh = (map: Map<string, number> | undefined, sinceMs: number) =>
    map === undefined ? 0 : [...map.values()].filter((atMs) => atMs >= sinceMs).length;
  return {
    atomically: (work) => work(),
    seen: (key, probe, sinceMs) =>
      (seenAt
        .get(scopeOf(key))
        ?.get(probe.nameFingerprint)
        ?.get(`${probe.facilityId}|${probe.birthYear}`) ?? -Infinity) >= sinceMs,
    yearsOf: (key, name, sinceMs) => fresh(seenAt.get(scopeOf(key))?.get(name), sinceMs),
    nameSeen: (key, name, sinceMs) => fresh(seenAt.get(scopeOf(key))?.get(name), sinceMs) > 0,
    namesOf: (key, sinceMs) => {
      let count = 0;
      for (const years of seenAt.get(scopeOf(key))?.values() ?? []) {
        if (fresh(years, sinceMs) > 0) count += 1;
      }
      return count;
    },
    record(key, probe, nowMs) {
      const scope = seenAt.get(scopeOf(key)) ?? new Map<string, Map<string, number>>();
      seenAt.set(scopeOf(key), scope);
      for (const [name, years] of scope) {
        for (const [pair, atMs] of years) {
          if (atMs < nowMs - SEARCH_GUARD.windowMs) years.delete(pair);
        }
        if (years.size === 0) scope.delete(name);
      }
      const years = scope.get(probe.nameFingerprint) ?? new Map<string, number>();
      scope.set(probe.nameFingerprint, years);
      years.set(`${probe.facilityId}|${probe.birthYear}`, nowMs);
    },
  };
}
