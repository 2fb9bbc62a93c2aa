import {
  closeSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { assert } from '../../common/assert.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { Logger } from '../log.ts';
import { type CentralFailure, describeFailure } from './central-failure.ts';
import { type SignedPayloadError, verifySignedPayload } from './signed-payload.ts';
import { createTimerLoop, type SetTimer } from './timer-loop.ts';
import type { NameKeys } from '../../common/name-match.ts';
import {
  indexRoster,
  matchRoster,
  type RosterIndex,
  type RosterPayload,
  RosterPayloadSchema,
} from './roster-match.ts';

/** GET /v1/terminal/roster answer: the payload JSON string and central's signature over it. */
export const SignedRosterSchema = z.object({
  payload: z
    .string()
    .min(2)
    .max(96 * 1024 * 1024),
  signature: z.string().min(16).max(200),
});
export type SignedRoster = z.infer<typeof SignedRosterSchema>;

export type { RosterPayload };

export type RosterError = SignedPayloadError;

/** Signature first, over the exact bytes; only then is the payload parsed. */
export function verifyRoster(
  signed: SignedRoster,
  publicKeyPem: string,
  terminalId: string,
): Result<RosterPayload, RosterError> {
  return verifySignedPayload(signed, publicKeyPem, terminalId, RosterPayloadSchema);
}

export type RosterMatch = {
  inmateRef: string;
  maskedName: string;
  birthYear: number;
  facilityId: string;
  facilityName: string;
  accountStatus: 'active' | 'released' | 'transferred';
  exact: boolean;
};

export type RosterSearchError =
  | { kind: 'no-roster' }
  | { kind: 'facility-not-cached' }
  | { kind: 'roster-stale'; ageMs: number };

export type RosterStatus = {
  generatedAtMs: number | null;
  ageMs: number | null;
  facilityIds: string[];
  inmateCount: number;
  lastRefreshAtMs: number | null;
  lastRefreshError: string | null;
  /** When the copy in use was stored (fetched, or the file's time when read at start). */
  fetchedAtMs?: number | null;
};

export type RosterCache = {
  /** Reads and verifies the copy on disk (at start, before any network). */
  loadFromDisk(): Result<void, RosterError | { kind: 'missing' }>;
  /** Fetches, verifies, stores; a bad answer never replaces a good copy. */
  refresh(): Promise<Result<void, RosterError | CentralFailure>>;
  start(): void;
  stop(): void;
  search(query: {
    facilityId: string;
    /** Every reading of what was typed (common/name-match.ts queryVariants). */
    variants: readonly NameKeys[];
    birthYear: number;
  }): Result<RosterMatch[], RosterSearchError>;
  status(): RosterStatus;
};

const FILE_NAME = 'roster.json';

/** write → fsync → rename: a power cut leaves the old copy or the new one, never half. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

export type RosterCacheDeps = {
  dataDir: string;
  terminalId: string;
  /** Central's roster key, from enrolment/config; never fetched over the channel it protects. */
  centralPublicKeyPem: string;
  fetchRoster: () => Promise<Result<unknown, CentralFailure>>;
  now: () => number;
  log: Pick<Logger, 'info' | 'warn'>;
  /** Background refresh period (default 1 h) and the age past which the copy is not used. */
  refreshMs?: number;
  rosterAgeMsMax?: number;
  setTimer?: SetTimer;
};

export function createRosterCache(deps: RosterCacheDeps): RosterCache {
  const refreshMs = deps.refreshMs ?? 60 * 60_000;
  // People are moved and released; past a week a cached roster misleads more than it helps.
  const rosterAgeMsMax = deps.rosterAgeMsMax ?? 7 * 24 * 60 * 60_000;
  assert(refreshMs >= 1_000 && rosterAgeMsMax > 0, 'roster cache: periods');
  const path = join(deps.dataDir, FILE_NAME);
  let current: RosterIndex | null = null;
  let lastRefreshAtMs: number | null = null;
  let fetchedAtMs: number | null = null;
  let lastRefreshError: string | null = null;

  const accept = (signed: SignedRoster): Result<RosterPayload, RosterError> => {
    const verified = verifyRoster(signed, deps.centralPublicKeyPem, deps.terminalId);
    if (!verified.ok) return verified;
    if (current !== null && verified.value.generatedAtMs < current.payload.generatedAtMs) {
      return err({ kind: 'invalid', message: 'older than the copy we have' });
    }
    current = indexRoster(verified.value);
    return verified;
  };

  const refresh = async (): Promise<Result<void, RosterError | CentralFailure>> => {
    const answer = await deps.fetchRoster();
    lastRefreshAtMs = deps.now();
    if (!answer.ok) {
      lastRefreshError = describeFailure(answer.error);
      return answer;
    }
    const shaped = SignedRosterSchema.safeParse(answer.value);
    const accepted = shaped.success
      ? accept(shaped.data)
      : err({ kind: 'invalid' as const, message: 'answer is not a signed roster' });
    if (!accepted.ok) {
      lastRefreshError = `roster refused: ${accepted.error.kind}`;
      deps.log.warn({ error: accepted.error }, 'roster refused; keeping the previous copy');
      return accepted;
    }
    writeAtomically(path, JSON.stringify(shaped.data));
    fetchedAtMs = deps.now();
    lastRefreshError = null;
    return ok(undefined);
  };

  const loop = createTimerLoop({
    run: refresh,
    intervalMs: refreshMs,
    onError: (error) => {
      lastRefreshError = error instanceof Error ? error.message : String(error);
    },
    ...(deps.setTimer === undefined ? {} : { setTimer: deps.setTimer }),
  });

  return {
    loadFromDisk() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        return err({ kind: 'missing' });
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        return err({ kind: 'invalid', message: 'roster file is not JSON' });
      }
      const shaped = SignedRosterSchema.safeParse(raw);
      if (!shaped.success) return err({ kind: 'invalid', message: 'roster file shape' });
      const accepted = accept(shaped.data);
      if (accepted.ok) fetchedAtMs = statSync(path).mtimeMs;
      if (!accepted.ok) {
        deps.log.warn({ error: accepted.error }, 'roster file refused');
        // An older format held names in the clear: it must not stay on the kiosk's disk.
        if (accepted.error.kind === 'invalid') rmSync(path, { force: true });
      }
      return accepted.ok ? ok(undefined) : accepted;
    },
    refresh: loop.runNow,
    start: loop.start,
    stop: () => void loop.stop(),
    search(query) {
      if (current === null) return err({ kind: 'no-roster' });
      const ageMs = Math.max(0, deps.now() - current.payload.generatedAtMs);
      if (ageMs > rosterAgeMsMax) return err({ kind: 'roster-stale', ageMs });
      const facility = current.payload.facilities.find((f) => f.facilityId === query.facilityId);
      if (facility === undefined) return err({ kind: 'facility-not-cached' });
      const ranked = matchRoster(current, facility.facilityId, query.variants, query.birthYear);
      return ok(
        ranked.map(({ score, candidate: inmate }) => ({
          inmateRef: inmate.inmateRef,
          maskedName: inmate.maskedName,
          birthYear: query.birthYear,
          facilityId: facility.facilityId,
          facilityName: facility.facilityName,
          accountStatus: inmate.accountStatus,
          exact: score === 0,
        })),
      );
    },
    status() {
      const generatedAtMs = current?.payload.generatedAtMs ?? null;
      return {
        generatedAtMs,
        ageMs: generatedAtMs === null ? null : Math.max(0, deps.now() - generatedAtMs),
        facilityIds: current?.payload.facilities.map((f) => f.facilityId) ?? [],
        inmateCount: current?.inmateCount ?? 0,
        lastRefreshAtMs,
        lastRefreshError,
        fetchedAtMs: fetchedAtMs === null ? null : Math.round(fetchedAtMs),
      };
    },
  };
}
