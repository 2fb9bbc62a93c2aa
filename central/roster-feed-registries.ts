/**
 * Facility registries: the systems that keep who is held where (a facility's special
 * department, a territorial body's register) and feed central's roster (roster-feed.ts).
 * A registry is enrolled as a terminal is: the operator issues a one-time code for it and
 * the facilities it answers for, the registry sends that code with its Ed25519 public key,
 * and from then on signs every request (the terminals' signature format, common/signing.ts,
 * with the registry id as key id), each nonce accepted once.
 */
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { err, ok, type Result } from '../common/result.ts';
import { createTerminalVerifier, type RefusalLog, type TerminalVerifier } from './auth.ts';
import { type CentralDb, statement } from './db.ts';
import { type ApiError, apiError } from './errors.ts';

/** The same working day plus slack as a terminal's code. */
export const REGISTRY_CODE_TTL_MS = 24 * 60 * 60 * 1000;
/** Crockford base32, as terminal codes: nothing to mishear when read aloud. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A registry's facility list holding this answers for every facility (a national register). */
export const ALL_FACILITIES = '*';

function hashCode(code: string): string {
  const normalised = code.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(`registry:${normalised}`).digest('hex');
}

function newCode(): string {
  let out = '';
  for (const byte of randomBytes(12)) out += CODE_ALPHABET[byte % 32];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

/** Which facilities a registry may write: all, or a set. */
export type RegistryScope = { all: boolean; facilityIds: ReadonlySet<string> };

export function scopeAllows(scope: RegistryScope, facilityId: string): boolean {
  return scope.all || scope.facilityIds.has(facilityId);
}

export type RegistryStore = {
  issueCode(
    registryId: string,
    facilityIds: readonly string[],
    nowMs: number,
  ): Promise<{ registryId: string; code: string; expiresAtMs: number }>;
  enrol(
    input: { registryId: string; code: string; publicKeyPem: string },
    nowMs: number,
  ): Promise<Result<{ registryId: string; enrolledAtMs: number }, ApiError>>;
  /** The facilities an enrolled registry answers for; null when it is not enrolled. */
  scopeOf(registryId: string): Promise<RegistryScope | null>;
  /** Checks a registry's signed request, as central/auth.ts checks a terminal's. */
  verifier: TerminalVerifier;
};

function isEd25519Pem(pem: string): boolean {
  try {
    return createPublicKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

export function createRegistryStore(db: CentralDb, logRefusal?: RefusalLog): RegistryStore {
  const upsert = statement(
    db,
    `INSERT INTO roster_registries (id, facility_ids, created_at_ms) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET facility_ids = excluded.facility_ids`,
  );
  const insertCode = statement(
    db,
    `INSERT INTO roster_registry_codes (code_hash, registry_id, issued_at_ms, expires_at_ms)
       VALUES (?, ?, ?, ?)`,
  );
  const findCode = statement(
    db,
    `SELECT code_hash FROM roster_registry_codes WHERE code_hash = ? AND registry_id = ?
       AND used_at_ms IS NULL AND expires_at_ms > ?`,
  );
  const useCode = statement(
    db,
    'UPDATE roster_registry_codes SET used_at_ms = ? WHERE code_hash = ?',
  );
  const setKey = statement(
    db,
    'UPDATE roster_registries SET public_key_pem = ?, enrolled_at_ms = ? WHERE id = ?',
  );
  const scope = statement(
    db,
    'SELECT facility_ids FROM roster_registries WHERE id = ? AND public_key_pem IS NOT NULL',
  );
  const verifier = createTerminalVerifier(db, logRefusal, {
    keyTable: 'roster_registries',
    nonceOwnerPrefix: 'registry:',
  });
  return {
    async issueCode(registryId, facilityIds, nowMs) {
      const code = newCode();
      const expiresAtMs = nowMs + REGISTRY_CODE_TTL_MS;
      await db.transaction(async () => {
        await upsert.run(registryId, JSON.stringify([...new Set(facilityIds)].sort()), nowMs);
        await insertCode.run(hashCode(code), registryId, nowMs, expiresAtMs);
      });
      return { registryId, code, expiresAtMs };
    },
    async enrol(input, nowMs) {
      if (!isEd25519Pem(input.publicKeyPem)) {
        return err(apiError(400, 'bad-public-key', 'publicKeyPem must be an Ed25519 SPKI PEM key'));
      }
      const codeHash = hashCode(input.code);
      return db.transaction(async () => {
        if ((await findCode.get(codeHash, input.registryId, nowMs)) === undefined) {
          const message = 'unknown, used or expired code for this registry';
          return err(apiError(401, 'enrolment-code-invalid', message));
        }
        await useCode.run(nowMs, codeHash);
        await setKey.run(input.publicKeyPem, nowMs, input.registryId);
        return ok({ registryId: input.registryId, enrolledAtMs: nowMs });
      });
    },
    async scopeOf(registryId) {
      const row = await scope.get<{ facility_ids: string }>(registryId);
      if (row === undefined) return null;
      const parsed: unknown = JSON.parse(row.facility_ids);
      const ids = Array.isArray(parsed) ? parsed.filter((id) => typeof id === 'string') : [];
      return { all: ids.includes(ALL_FACILITIES), facilityIds: new Set(ids) };
    },
    verifier,
  };
}
