/**
 * Terminals: one-time enrolment codes, enrolment with an Ed25519 public key, the config a
 * terminal runs with, its last heartbeat, and collection (инкассация) reports.
 */
import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { assert } from '../common/assert.ts';
import { err, ok, type Result } from '../common/result.ts';
import { TERMINAL_ID_PATTERN } from '../common/signing.ts';
import { type CentralDb, statement } from './db.ts';
import type { GroupCommitter } from './storage/group-commit.ts';
import { allOrFirstError } from './storage/port.ts';
import { type ApiError, apiError, errorBody } from './errors.ts';
import type { CreateAnswer } from './transfers.ts';
import type { Collection } from '../common/central-wire.ts';
import {
  type ConfigStore,
  createConfigStore,
  defaultConfig,
  type TerminalConfig,
} from './terminal-config.ts';

/** An operator reads the code aloud or types it: 24 h is a working day plus slack. */
export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;
/** Crockford base32: no I, L, O, U, so a code read aloud cannot be misheard as another. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export { defaultConfig, type TerminalConfig };

function hashCode(code: string): string {
  const normalised = code
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replaceAll('O', '0')
    .replace(/[IL]/g, '1');
  return createHash('sha256').update(normalised).digest('hex');
}

function newCode(): string {
  const bytes = randomBytes(12);
  let out = '';
  for (const byte of bytes) out += CODE_ALPHABET[byte % 32];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}

export type Heartbeat = Record<string, unknown>;

export type { Collection };

export type TerminalStore = {
  issueCode(
    terminalId: string,
    facilityIds: string[],
    nowMs: number,
  ): Promise<{ terminalId: string; code: string; expiresAtMs: number }>;
  enrol(
    input: { terminalId: string; code: string; publicKeyPem: string },
    nowMs: number,
  ): Promise<Result<{ terminalId: string; enrolledAtMs: number }, ApiError>>;
  config(terminalId: string): Promise<TerminalConfig>;
  /** Per-terminal configuration and its version (terminal-config.ts). */
  configs: ConfigStore;
  /**
   * `alongside` runs in the same transaction beside the write (a signed request's nonce); if
   * it fails, so does the whole, and nothing of it is kept.
   */
  storeHeartbeat(
    terminalId: string,
    heartbeat: Heartbeat,
    nowMs: number,
    alongside?: () => Promise<void>,
  ): Promise<void>;
  lastHeartbeat(
    terminalId: string,
  ): Promise<{ terminalId: string; receivedAtMs: number; heartbeat: Heartbeat } | null>;
  storeCollection(terminalId: string, collection: Collection, nowMs: number): Promise<CreateAnswer>;
};

function isEd25519Pem(pem: string): boolean {
  try {
    return createPublicKey(pem).asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

export function createTerminalStore(
  db: CentralDb,
  rosterPublicKeyPem = '',
  /** Known only once the server listens, hence a function. */
  trackingUrlPrefix: () => string = () => '',
  trackingKeyOf?: (terminalId: string) => string,
  /**
   * Heartbeats of many terminals share commits (storage/group-commit.ts): each is answered
   * once its row is durable, but thousands of kiosks reporting every minute cost a handful of
   * WAL flushes instead of one each.
   */
  commits?: GroupCommitter,
): TerminalStore {
  const upsertTerminal = statement(
    db,
    `INSERT INTO terminals (id, facility_ids, created_at_ms) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET facility_ids = CASE
         WHEN excluded.facility_ids = '[]' THEN terminals.facility_ids
         ELSE excluded.facility_ids END`,
  );
  const insertCode = statement(
    db,
    `INSERT INTO enrolment_codes (code_hash, terminal_id, issued_at_ms, expires_at_ms)
       VALUES (?, ?, ?, ?)`,
  );
  const findCode = statement(
    db,
    `SELECT code_hash FROM enrolment_codes WHERE code_hash = ? AND terminal_id = ?
       AND used_at_ms IS NULL AND expires_at_ms > ?`,
  );
  const useCode = statement(db, 'UPDATE enrolment_codes SET used_at_ms = ? WHERE code_hash = ?');
  const setKey = statement(
    db,
    'UPDATE terminals SET public_key_pem = ?, enrolled_at_ms = ? WHERE id = ?',
  );
  const configs = createConfigStore(db, rosterPublicKeyPem, trackingUrlPrefix, trackingKeyOf);
  const putHeartbeat = statement(
    db,
    `INSERT INTO heartbeats (terminal_id, received_at_ms, body) VALUES (?, ?, ?)
       ON CONFLICT (terminal_id) DO UPDATE SET received_at_ms = excluded.received_at_ms,
       body = excluded.body`,
  );
  const getHeartbeat = statement(
    db,
    'SELECT received_at_ms, body FROM heartbeats WHERE terminal_id = ?',
  );
  const findCollection = statement(
    db,
    'SELECT fingerprint, response FROM collections WHERE id = ?',
  );
  const insertCollection = statement(
    db,
    `INSERT INTO collections (id, terminal_id, fingerprint, response, body, total_kopecks,
       received_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );

  return {
    /** A new code for a known terminal (re-keying) keeps its facilities unless new ones are given. */
    async issueCode(terminalId, facilityIds, nowMs) {
      assert(TERMINAL_ID_PATTERN.test(terminalId), `issueCode: bad terminal id ${terminalId}`);
      const code = newCode();
      const expiresAtMs = nowMs + ENROLMENT_CODE_TTL_MS;
      await db.transaction(async () => {
        await upsertTerminal.run(terminalId, JSON.stringify(facilityIds), nowMs);
        await insertCode.run(hashCode(code), terminalId, nowMs, expiresAtMs);
      });
      return { terminalId, code, expiresAtMs };
    },

    async enrol(input, nowMs) {
      if (!isEd25519Pem(input.publicKeyPem)) {
        return err(apiError(400, 'bad-public-key', 'publicKeyPem must be an Ed25519 SPKI PEM key'));
      }
      const codeHash = hashCode(input.code);
      return db.transaction(async () => {
        if ((await findCode.get(codeHash, input.terminalId, nowMs)) === undefined) {
          return err(
            apiError(
              401,
              'enrolment-code-invalid',
              'unknown, used or expired code for this terminal',
            ),
          );
        }
        await useCode.run(nowMs, codeHash);
        await setKey.run(input.publicKeyPem, nowMs, input.terminalId);
        return ok({ terminalId: input.terminalId, enrolledAtMs: nowMs });
      });
    },

    async config(terminalId) {
      const config = await configs.get(terminalId);
      assert(config !== null, 'config: a verified terminal has a row');
      return config;
    },

    configs,

    async storeHeartbeat(terminalId, heartbeat, nowMs, alongside) {
      const body = JSON.stringify(heartbeat);
      const put = async () => {
        if (alongside === undefined) return putHeartbeat.run(terminalId, nowMs, body);
        return (await allOrFirstError(alongside(), putHeartbeat.run(terminalId, nowMs, body)))[1];
      };
      await (commits === undefined ? put() : commits.run(put));
    },

    async lastHeartbeat(terminalId) {
      const row = await getHeartbeat.get<{ received_at_ms: number; body: string }>(terminalId);
      if (row === undefined) return null;
      const heartbeat = JSON.parse(row.body) as Heartbeat;
      return { terminalId, receivedAtMs: row.received_at_ms, heartbeat };
    },

    storeCollection(terminalId, collection, nowMs) {
      const id = collection.collectionId.toLowerCase();
      const fingerprint = createHash('sha256')
        .update(JSON.stringify([terminalId, canonicalCollection(collection)]))
        .digest('hex');
      return db.transaction(async () => {
        const found = await findCollection.get<{ fingerprint: string; response: string }>(id);
        if (found !== undefined) {
          if (found.fingerprint === fingerprint) {
            return { httpStatus: 201, bodyText: found.response, replayed: true };
          }
          const body = errorBody(
            'idempotency-key-reused',
            `collection ${id} exists with another body`,
          );
          return { httpStatus: 422, bodyText: JSON.stringify(body), replayed: false };
        }
        const problem = collectionProblem(collection);
        if (problem !== null) {
          const body = errorBody('collection-inconsistent', problem);
          return { httpStatus: 422, bodyText: JSON.stringify(body), replayed: false };
        }
        const bodyText = JSON.stringify({ collectionId: id, receivedAtMs: nowMs });
        const stored = JSON.stringify(collection);
        await insertCollection.run(
          id,
          terminalId,
          fingerprint,
          bodyText,
          stored,
          collection.totalKopecks,
          nowMs,
        );
        return { httpStatus: 201, bodyText, replayed: false };
      });
    },
  };
}

function canonicalCollection(collection: Collection): unknown[] {
  return [
    collection.collectionId.toLowerCase(),
    collection.openedAtMs,
    collection.closedAtMs,
    collection.notes.map((note) => [note.noteKopecks, note.count]),
    collection.noteCount,
    collection.totalKopecks,
    collection.transferCount,
    collection.operatorName ?? null,
  ];
}

/** The cassette count must add up: Σ count = noteCount and Σ note × count = totalKopecks. */
function collectionProblem(collection: Collection): string | null {
  if (collection.closedAtMs < collection.openedAtMs) return 'closedAtMs is before openedAtMs';
  let notes = 0;
  let total = 0;
  for (const note of collection.notes) {
    notes += note.count;
    total += note.noteKopecks * note.count;
  }
  if (notes !== collection.noteCount)
    return `notes add up to ${notes}, noteCount says ${collection.noteCount}`;
  if (total !== collection.totalKopecks) {
    return `notes add up to ${total} kopecks, totalKopecks says ${collection.totalKopecks}`;
  }
  return null;
}
