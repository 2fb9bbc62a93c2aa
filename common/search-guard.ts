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
  /**
   * Different days of birth (facility, year, day and month) one name may be asked with per
   * window. A day of birth is asked only to tell look-alikes apart; a payer who knows it
   * needs one try and may slip once; trying the 366 days of a year to learn it is refused.
   */
  datesPerName: { account: 2, address: 2, terminal: 2, global: 6 },
} as const satisfies {
  windowMs: number;
  yearsPerName: Record<GuardScope, number>;
  datesPerName: Record<GuardScope, number>;
  namesPerWindow: Record<GuardScope, number>;
};

export type GuardKey = { scope: GuardScope; id: string };

/**
 * One query as the guard sees it: the name reduced to its search keys, facility and year,
 * and the day of birth as «MM-DD» when one was given ('' when not).
 */
export type SearchProbe = {
  nameFingerprint: string;
  facilityId: string;
  birthYear: number;
  birthDate?: string;
};

/** «MM-DD» of a query's day and month of birth, '' when it has none. */
export function birthDateOf(query: { birthDay?: number | undefined; birthMonth?: number }) {
  if (query.birthDay === undefined || query.birthMonth === undefined) return '';
  return `${String(query.birthMonth).padStart(2, '0')}-${String(query.birthDay).padStart(2, '0')}`;
}

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
  /** Has this scope asked this exact (name, facility, year, day of birth) since `sinceMs`? */
  dateSeen(key: GuardKey, probe: SearchProbe, sinceMs: number): boolean;
  /** Different (facility, year, day of birth) this scope asked this name with since `sinceMs`. */
  datesOf(key: GuardKey, nameFingerprint: string, sinceMs: number): number;
  /** Records the (facility, year) pair, and the day of birth when the probe has one. */
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
      const refused =
        yearRefused(store, key, probe, sinceMs) || dateRefused(store, key, probe, sinceMs);
      if (refused) return { ok: false, scope: key.scope };
    }
    for (const key of keys) store.record(key, probe, nowMs);
    return { ok: true };
  });
}

function yearRefused(store: GuardStore, key: GuardKey, probe: SearchProbe, sinceMs: number) {
  if (store.seen(key, probe, sinceMs)) return false;
  const years = store.yearsOf(key, probe.nameFingerprint, sinceMs);
  if (years + 1 > SEARCH_GUARD.yearsPerName[key.scope]) return true;
  if (store.nameSeen(key, probe.nameFingerprint, sinceMs)) return false;
  return store.namesOf(key, sinceMs) + 1 > SEARCH_GUARD.namesPerWindow[key.scope];
}

function dateRefused(store: GuardStore, key: GuardKey, probe: SearchProbe, sinceMs: number) {
  if ((probe.birthDate ?? '') === '' || store.dateSeen(key, probe, sinceMs)) return false;
  const dates = store.datesOf(key, probe.nameFingerprint, sinceMs);
  return dates + 1 > SEARCH_GUARD.datesPerName[key.scope];
}

/** The kiosk's guard for its offline roster: one process, so memory is enough. */
export function createMemoryGuardStore(): GuardStore {
  // scope:id → name → "facility|year" → when it was asked
  const seenAt = new Map<string, Map<string, Map<string, number>>>();
  // scope:id → name → "facility|year|MM-DD" → when it was asked
  const datesAt = new Map<string, Map<string, Map<string, number>>>();
  const dateKey = (probe: SearchProbe) =>
    `${probe.facilityId}|${probe.birthYear}|${probe.birthDate ?? ''}`;
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
    dateSeen: (key, probe, sinceMs) =>
      (datesAt.get(scopeOf(key))?.get(probe.nameFingerprint)?.get(dateKey(probe)) ?? -Infinity) >=
      sinceMs,
    datesOf: (key, name, sinceMs) => fresh(datesAt.get(scopeOf(key))?.get(name), sinceMs),
    record(key, probe, nowMs) {
      remember(
        seenAt,
        scopeOf(key),
        probe.nameFingerprint,
        `${probe.facilityId}|${probe.birthYear}`,
        nowMs,
      );
      if ((probe.birthDate ?? '') !== '') {
        remember(datesAt, scopeOf(key), probe.nameFingerprint, dateKey(probe), nowMs);
      }
    },
  };
}

/** Records `entry` under scope and name, dropping what fell out of the window. */
function remember(
  at: Map<string, Map<string, Map<string, number>>>,
  scopeId: string,
  name: string,
  entry: string,
  nowMs: number,
): void {
  const scope = at.get(scopeId) ?? new Map<string, Map<string, number>>();
  at.set(scopeId, scope);
  for (const [seenName, entries] of scope) {
    for (const [seenEntry, atMs] of entries) {
      if (atMs < nowMs - SEARCH_GUARD.windowMs) entries.delete(seenEntry);
    }
    if (entries.size === 0) scope.delete(seenName);
  }
  const entries = scope.get(name) ?? new Map<string, number>();
  scope.set(name, entries);
  entries.set(entry, nowMs);
}
