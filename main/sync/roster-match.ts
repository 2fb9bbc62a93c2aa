/**
 * The kiosk's offline roster as central ships it (central/roster.ts): per inmate a keyed hash
 * of surname + name + birth year, hashes of each patronymic prefix, and a sealed box with the
 * ref, masked name and status that only the right surname + name + year open. Matching is
 * exact after the project's normalisation (common/names.ts: case, ё/е, hyphens, spaces,
 * wrong layout, Latin by sound — every reading queryVariants gives); typos need central.
 * Nothing here can list who is in the roster, and nothing readable is written to disk.
 */
import { createDecipheriv, createHmac } from 'node:crypto';
import { z } from 'zod';
import {
  type NameKeys,
  type RankedMatch,
  ROSTER_FORMAT,
  rankScored,
  rosterMatchMessage,
  rosterSealMessage,
} from '../../common/name-match.ts';

const hash = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

const EntrySchema = z.object({
  lookup: hash,
  prefixes: z.array(hash).max(64),
  sealed: z.string().min(40).max(2_000),
});
export type RosterEntry = z.infer<typeof EntrySchema>;

export const RosterPayloadSchema = z.object({
  format: z.literal(ROSTER_FORMAT),
  terminalId: z.string().min(1).max(64),
  generatedAtMs: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  /** This roster version's HMAC key, base64 of 32 bytes. */
  matchKey: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
  facilities: z
    .array(
      z.object({
        facilityId: z.string().min(1).max(64),
        facilityName: z.string().min(1).max(200),
        inmates: z.array(EntrySchema).max(100_000),
      }),
    )
    .max(50),
});
export type RosterPayload = z.infer<typeof RosterPayloadSchema>;

const SealedSchema = z.object({
  inmateRef: z.string().min(1).max(64),
  maskedName: z.string().min(1).max(100),
  accountStatus: z.enum(['active', 'released', 'transferred']),
  hasPatronymic: z.boolean(),
});
export type SealedInmate = z.infer<typeof SealedSchema>;

export type RosterIndex = {
  payload: RosterPayload;
  matchKey: Buffer;
  /** facilityId|lookup hash → entries (namesakes share one). */
  byLookup: Map<string, RosterEntry[]>;
  inmateCount: number;
};

export function indexRoster(payload: RosterPayload): RosterIndex {
  const byLookup = new Map<string, RosterEntry[]>();
  let inmateCount = 0;
  for (const facility of payload.facilities) {
    for (const entry of facility.inmates) {
      inmateCount += 1;
      const key = `${facility.facilityId}|${entry.lookup}`;
      const list = byLookup.get(key);
      if (list === undefined) byLookup.set(key, [entry]);
      else list.push(entry);
    }
  }
  return { payload, matchKey: Buffer.from(payload.matchKey, 'base64'), byLookup, inmateCount };
}

const hmac = (key: Buffer, message: string) => createHmac('sha256', key).update(message).digest();
const rosterHash = (key: Buffer, message: string) =>
  hmac(key, message).subarray(0, 16).toString('base64url');

function unseal(key: Buffer, message: string, sealed: string): SealedInmate | null {
  try {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', hmac(key, message), bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
    const parsed = SealedSchema.safeParse(JSON.parse(text.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The matches of one query in one facility and year, ranked as central ranks (rankScored):
 * 0 for the name with the typed patronymic prefix (or none typed), 1 for the name of someone
 * who has no patronymic when one was typed — the scores central gives with no typos.
 */
export function matchRoster(
  index: RosterIndex,
  facilityId: string,
  variants: readonly NameKeys[],
  birthYear: number,
): RankedMatch<SealedInmate>[] {
  const best = new Map<string, RankedMatch<SealedInmate> & { ref: string }>();
  for (const variant of variants) {
    const lookup = rosterHash(index.matchKey, rosterMatchMessage(birthYear, variant, ''));
    const entries = index.byLookup.get(`${facilityId}|${lookup}`) ?? [];
    for (const entry of entries) {
      const inmate = unseal(index.matchKey, rosterSealMessage(birthYear, variant), entry.sealed);
      if (inmate === null) continue;
      const score = scoreOf(index.matchKey, entry, inmate, variant, birthYear);
      if (score === null) continue;
      const known = best.get(inmate.inmateRef);
      if (known === undefined || score < known.score) {
        best.set(inmate.inmateRef, { candidate: inmate, score, ref: inmate.inmateRef });
      }
    }
  }
  return rankScored([...best.values()]);
}

function scoreOf(
  key: Buffer,
  entry: RosterEntry,
  inmate: SealedInmate,
  variant: NameKeys,
  birthYear: number,
): number | null {
  if (variant.patronymic.length === 0) return 0;
  if (!inmate.hasPatronymic) return 1;
  const prefix = rosterHash(key, rosterMatchMessage(birthYear, variant, variant.patronymic));
  return entry.prefixes.includes(prefix) ? 0 : null;
}
