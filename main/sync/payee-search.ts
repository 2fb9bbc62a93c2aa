import { err, ok, type Result } from '../../common/result.ts';
import type { Logger } from '../log.ts';
import { type CentralFailure, describeFailure } from './central-failure.ts';
import type { RosterCache, RosterMatch } from './roster-cache.ts';
import {
  type LookAlike,
  lookAlikeKeys,
  type NamePart,
  queryVariants,
  shownKey,
} from '../../common/name-match.ts';
import {
  birthDateOf,
  checkSearch,
  createMemoryGuardStore,
  type GuardStore,
  nameFingerprint,
} from '../../common/search-guard.ts';

/** Offline answers per minute, as central's default search bucket (burst 20, 30 a minute). */
const OFFLINE_BURST = 20;
const OFFLINE_REFILL_PER_MINUTE = 30;

export type PayeeQuery = {
  facilityId: string;
  surname: string;
  name: string;
  patronymic?: string | undefined;
  birthYear: number;
  /** Day and month of birth, both or neither: asked only to tell look-alikes apart. */
  birthDay?: number | undefined;
  birthMonth?: number | undefined;
};

/** A match with the name parts corrected to find it (empty when exact). */
export type PayeeMatch = RosterMatch & { correctedParts: NamePart[] };

export type PayeeSearchResult = {
  matches: PayeeMatch[];
  /** common/name-match.ts LookAlike: look-alike rows are never among `matches`. */
  lookAlike: LookAlike;
  source: 'central' | 'roster-cache';
  /** Age of the cached roster when it answered (for the operator), else null. */
  rosterAgeMs: number | null;
};

export type PayeeSearchError =
  | { kind: 'search-unavailable'; reason: string }
  | { kind: 'invalid-query'; message: string }
  | { kind: 'unknown-facility' };

export type CentralSearch = (
  query: PayeeQuery,
  options: { timeoutMs: number },
) => Promise<Result<CentralAnswer, CentralFailure>>;

/** Central's answer: `lookAlike` on a match marks a row that looks like another one. */
export type CentralAnswer = {
  matches: Array<RosterMatch & { correctedParts?: NamePart[]; lookAlike?: boolean }>;
  /** Absent from an older central: it never finds look-alikes. */
  lookAlike?: LookAlike;
};

/**
 * Recipient search for the payer's screen: central first, with a short timeout; when central
 * cannot answer, the signed roster cache for this kiosk's facilities. After a network failure
 * central is skipped for `centralSkipMs`, so the next payer does not wait out another timeout.
 * Nothing here is on the escrow path: a deposit never waits for this.
 */
export function createPayeeSearch(deps: {
  central: CentralSearch;
  roster: RosterCache;
  now: () => number;
  log: Pick<Logger, 'info' | 'warn'>;
  timeoutMs?: number;
  centralSkipMs?: number;
  /** The offline sweep guard's memory (common/search-guard.ts, scope: this terminal). */
  guard?: GuardStore;
}): (query: PayeeQuery) => Promise<Result<PayeeSearchResult, PayeeSearchError>> {
  const timeoutMs = deps.timeoutMs ?? 3_000;
  const centralSkipMs = deps.centralSkipMs ?? 30_000;
  const guard = deps.guard ?? createMemoryGuardStore();
  let skipCentralUntilMs = 0;
  let tokens = OFFLINE_BURST;
  let tokensAtMs = deps.now();

  /** Offline search is limited like central's: a token bucket, then the sweep guard. */
  const offlineAllowed = (query: PayeeQuery): boolean => {
    const nowMs = deps.now();
    const refill = ((nowMs - tokensAtMs) * OFFLINE_REFILL_PER_MINUTE) / 60_000;
    tokens = Math.min(OFFLINE_BURST, tokens + Math.max(0, refill));
    tokensAtMs = nowMs;
    if (tokens < 1) return false;
    tokens -= 1;
    const probe = {
      nameFingerprint: nameFingerprint(query),
      facilityId: query.facilityId,
      birthYear: query.birthYear,
      birthDate: birthDateOf(query),
    };
    const keys = [{ scope: 'terminal' as const, id: 'self' }];
    return checkSearch(guard, keys, probe, nowMs).ok;
  };

  const askCentral = async (query: PayeeQuery): Promise<Result<CentralAnswer, CentralFailure>> => {
    // A hard stop a little after the client's own timeout: the screen never hangs on a socket.
    let cancel: () => void = () => undefined;
    const deadline = new Promise<Result<never, CentralFailure>>((resolve) => {
      const handle = setTimeout(() => resolve(err({ kind: 'timeout' })), timeoutMs + 250);
      cancel = () => clearTimeout(handle);
    });
    try {
      const answer = await Promise.race([deps.central(query, { timeoutMs }), deadline]);
      return answer.ok ? ok(answer.value) : answer;
    } catch (error) {
      return err({ kind: 'network', message: error instanceof Error ? error.message : '?' });
    } finally {
      cancel();
    }
  };

  const fromCache = (query: PayeeQuery, why: string) => {
    if (!offlineAllowed(query)) {
      return err<PayeeSearchError>({ kind: 'search-unavailable', reason: 'search-refused' });
    }
    const found = deps.roster.search({
      facilityId: query.facilityId,
      variants: queryVariants(query),
      birthYear: query.birthYear,
    });
    if (!found.ok) {
      return err<PayeeSearchError>({ kind: 'search-unavailable', reason: found.error.kind });
    }
    deps.log.info({ why, facilityId: query.facilityId }, 'payee search answered from roster cache');
    // The roster holds no day of birth: look-alikes cannot be told apart offline.
    const alike = lookAlikeKeys(found.value);
    // Offline search is exact after normalisation: only a typed patronymic can be missing.
    const corrected = (match: RosterMatch): NamePart[] => (match.exact ? [] : ['patronymic']);
    const result: PayeeSearchResult = {
      matches: found.value
        .filter((match) => !alike.has(shownKey(match)))
        .map((match) => ({ ...match, correctedParts: corrected(match) })),
      lookAlike: alike.size === 0 ? 'none' : 'cannot-tell-apart',
      source: 'roster-cache',
      rosterAgeMs: deps.roster.status().ageMs,
    };
    return ok(result);
  };

  return async (query) => {
    const variants = queryVariants(query);
    const longest = (part: 'surname' | 'name') => Math.max(...variants.map((v) => v[part].length));
    if (longest('surname') < 2 || longest('name') < 2) {
      return err({ kind: 'invalid-query', message: 'surname and name need two letters each' });
    }
    if (deps.now() < skipCentralUntilMs) return fromCache(query, 'central recently unreachable');
    const answer = await askCentral(query);
    if (answer.ok) {
      // Rows central marks as look-alikes are never offered for choice.
      const matches = answer.value.matches
        .filter((match) => match.lookAlike !== true)
        .map(({ lookAlike: _alike, ...match }) => ({
          ...match,
          correctedParts: match.correctedParts ?? [],
        }));
      const lookAlike = answer.value.lookAlike ?? 'none';
      return ok({ matches, lookAlike, source: 'central', rosterAgeMs: null });
    }
    const failure = answer.error;
    if (failure.kind === 'http' && failure.status === 404) return err({ kind: 'unknown-facility' });
    if (failure.kind === 'http' && failure.status === 429) {
      // Central refused (a sweep, or too fast): the cache must not answer in its place.
      return err({ kind: 'search-unavailable', reason: 'search-refused' });
    }
    if (failure.kind === 'http' && failure.status === 400) {
      return err({ kind: 'invalid-query', message: describeFailure(failure) });
    }
    if (failure.kind === 'network' || failure.kind === 'timeout') {
      skipCentralUntilMs = deps.now() + centralSkipMs;
    }
    return fromCache(query, describeFailure(failure));
  };
}
