/**
 * Authentication of terminal requests (Ed25519 signatures in the RFC 9421 shape, see
 * common/signing.ts) and of operator requests (a bearer admin token).
 */
import { createHash, createPublicKey, generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import { err, ok, type Result } from '../common/result.ts';
import {
  isFresh,
  parseContentDigest,
  parseSignature,
  parseSignatureInput,
  SIGNATURE_SKEW_SEC_MAX,
  signatureBase,
  splitTarget,
} from '../common/signing.ts';
import { type CentralDb, statement } from './db.ts';
import { type Ed25519Pool, sharedEd25519Pool } from './ed25519.ts';
import { rawPublicKey } from './ed25519-jobs.ts';
import { ApiFailure, type ApiError, apiError } from './errors.ts';
import type { CentralMetrics } from './metrics.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { GroupCommitter } from './storage/group-commit.ts';

/** Nonces are kept a little longer than a signature can be valid in either direction. */
const NONCE_KEEP_MS = 2 * SIGNATURE_SKEW_SEC_MAX * 1000 + 60_000;

export type SignedRequestParts = {
  method: string;
  /** The raw request target, path and query, as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes exactly as received (empty for GET). */
  rawBody: Uint8Array;
};

function header(parts: SignedRequestParts, name: string): string | null {
  const value = parts.headers[name];
  if (Array.isArray(value)) return null; // a repeated signing header is never legitimate
  return value ?? null;
}

const unauthorized = (code: string, message: string): ApiError => apiError(401, code, message);

/** A request whose signature verified; its nonce is not spent yet. */
export type VerifiedRequest = {
  keyId: string;
  /**
   * Spends the request's nonce, and confirms in the same statement that the key it verified
   * against is still the signer's. Run it inside the transaction of the request's own write
   * (a shared batch, storage/group-commit.ts), so the guard and the effect commit together.
   * Throws ApiFailure (401) when the nonce was already used or the key was replaced meanwhile.
   */
  spendNonce(): Promise<void>;
};

export type TerminalVerifier = {
  /** Checks the signature; the caller spends the nonce with its write. */
  check(parts: SignedRequestParts, nowMs: number): Promise<Result<VerifiedRequest, ApiError>>;
  /** Checks the signature and spends the nonce in a commit of its own (shared if batched). */
  verify(parts: SignedRequestParts, nowMs: number): Promise<Result<string, ApiError>>;
  pruneNonces(nowMs: number): Promise<void>;
};

/**
 * Why a signed request was refused, for the server log only: the answer says
 * `signature-invalid` both for a terminal id nobody enrolled and for a wrong key, so the API
 * does not tell which terminal ids exist.
 */
export type RefusalLog = (refusal: { reason: string; terminalId: string }) => void;

/** Verified against when the terminal id is unknown, so both refusals cost the same work. */
const stranger = rawPublicKey(generateKeyPairSync('ed25519').publicKey);

/**
 * Whose keys a verifier checks: enrolled terminals by default; facility registries
 * (central/roster-feed-registries.ts) sign the same way with keys of their own, and their
 * nonces are kept under a prefix no terminal id can have (':' is not allowed in one).
 */
export type SignerKind = { keyTable: 'terminals' | 'roster_registries'; nonceOwnerPrefix: string };

export const TERMINAL_SIGNERS: SignerKind = { keyTable: 'terminals', nonceOwnerPrefix: '' };

/** Parsed public keys kept in memory; beyond this the earliest read are dropped first. */
export const KEYS_CACHED_MAX = 100_000;

type CachedKey = { pem: string; raw: Uint8Array };

export function createTerminalVerifier(
  db: CentralDb,
  logRefusal: RefusalLog = () => {},
  signers: SignerKind = TERMINAL_SIGNERS,
  /** Spends nonces in commits shared with concurrent requests (storage/group-commit.ts). */
  commits?: GroupCommitter,
  /** Where signatures are checked: worker threads (central/ed25519.ts). */
  ed25519: Ed25519Pool = sharedEd25519Pool(),
): TerminalVerifier {
  const table = signers.keyTable;
  const keyStatement = statement(
    db,
    `SELECT public_key_pem FROM ${table} WHERE id = ? AND public_key_pem IS NOT NULL`,
  );
  // The nonce's row is the replay guard: its primary key refuses a second insert, in this
  // process or in any other central process on the same database. The row is written only
  // while the key the signature verified against is still the signer's: keys are cached in
  // memory (below), and a key replaced or revoked through another process must not keep
  // working until this one happens to reread it.
  const spendStatement = statement(
    db,
    `INSERT INTO nonces (terminal_id, nonce, expires_at_ms)
       SELECT ?, ?, CAST(? AS BIGINT)
       WHERE EXISTS (SELECT 1 FROM ${table} WHERE id = ? AND public_key_pem = ?)
       ON CONFLICT (terminal_id, nonce) DO NOTHING`,
  );
  const nonceUsed = statement(
    db,
    'SELECT 1 AS used FROM nonces WHERE terminal_id = ? AND nonce = ?',
  );
  const pruneStatement = statement(db, 'DELETE FROM nonces WHERE expires_at_ms < ?');

  // Parsing a PEM key costs about as much as the database read it comes from; a kiosk signs
  // every request with the same key, so both are done once per key, not once per request.
  const keys = new Map<string, CachedKey>();
  const readKey = async (keyId: string): Promise<CachedKey | null> => {
    const row = await keyStatement.get<{ public_key_pem: string }>(keyId);
    keys.delete(keyId);
    if (row === undefined) return null;
    const entry = {
      pem: row.public_key_pem,
      raw: rawPublicKey(createPublicKey(row.public_key_pem)),
    };
    keys.set(keyId, entry);
    if (keys.size > KEYS_CACHED_MAX) keys.delete(keys.keys().next().value!);
    return entry;
  };

  /** The key the signature verifies against, or null (unknown signer or a wrong signature). */
  const verifiedKey = async (
    keyId: string,
    base: string,
    signatureBase64: string,
  ): Promise<CachedKey | null> => {
    const cached = keys.get(keyId);
    const entry = cached ?? (await readKey(keyId));
    const message = Buffer.from(base, 'utf8');
    const signature = Buffer.from(signatureBase64, 'base64');
    if (await ed25519.verify(message, entry?.raw ?? stranger, signature)) return entry;
    if (cached === undefined) return null;
    // A re-enrolled signer signs with its new key: look again before refusing.
    const fresh = await readKey(keyId);
    if (fresh === null || fresh.pem === cached.pem) return null;
    return (await ed25519.verify(message, fresh.raw, signature)) ? fresh : null;
  };

  const check = async (
    parts: SignedRequestParts,
    nowMs: number,
  ): Promise<Result<VerifiedRequest, ApiError>> => {
    const inputHeader = header(parts, 'signature-input');
    const signatureHeader = header(parts, 'signature');
    const digestHeader = header(parts, 'content-digest');
    if (inputHeader === null || signatureHeader === null || digestHeader === null) {
      return err(
        unauthorized(
          'signature-missing',
          'Signature-Input, Signature and Content-Digest headers are required',
        ),
      );
    }
    const idempotencyKey = header(parts, 'idempotency-key');
    if (Array.isArray(parts.headers['payer-session'])) {
      return err(unauthorized('signature-invalid', 'Payer-Session must be sent once'));
    }
    // Present → it must be signed: a relay must not move the request into another session.
    const payerSession = header(parts, 'payer-session');
    const input = parseSignatureInput(inputHeader, idempotencyKey, payerSession);
    if (!input.ok) return err(unauthorized('signature-invalid', input.error));
    const signature = parseSignature(signatureHeader);
    if (!signature.ok) return err(unauthorized('signature-invalid', signature.error));
    const digest = parseContentDigest(digestHeader);
    if (!digest.ok) return err(unauthorized('digest-invalid', digest.error));
    const { createdSec, keyId, nonce } = input.value.params;
    if (!isFresh(createdSec, Math.floor(nowMs / 1000))) {
      return err(
        unauthorized(
          'signature-expired',
          `signature created at ${createdSec} is more than ${SIGNATURE_SKEW_SEC_MAX} s from the ` +
            `server clock (${Math.floor(nowMs / 1000)}): check the terminal's clock`,
        ),
      );
    }
    const actualDigest = createHash('sha256').update(parts.rawBody).digest('base64');
    if (actualDigest !== digest.value) {
      return err(unauthorized('digest-mismatch', 'Content-Digest does not match the body'));
    }
    const { path, query } = splitTarget(parts.url);
    const request = {
      method: parts.method,
      path,
      query,
      contentDigest: digestHeader.trim(),
      idempotencyKey,
      payerSession,
    };
    const { base } = signatureBase(request, input.value);
    const key = await verifiedKey(keyId, base, signature.value);
    if (key === null) {
      const reason = keys.has(keyId) ? 'signature-invalid' : 'unknown-terminal';
      logRefusal({ reason, terminalId: keyId });
      return err(unauthorized('signature-invalid', 'the signature does not verify'));
    }
    // Only a verified request may spend a nonce, or anyone could burn a terminal's nonces.
    const owner = `${signers.nonceOwnerPrefix}${keyId}`;
    const spendNonce = async (): Promise<void> => {
      const inserted = await spendStatement.run(
        owner,
        nonce,
        nowMs + NONCE_KEEP_MS,
        keyId,
        key.pem,
      );
      if (inserted === 1) return;
      if ((await nonceUsed.get(owner, nonce)) !== undefined) {
        throw new ApiFailure(
          unauthorized('replayed-nonce', 'this nonce was already used: request replayed'),
        );
      }
      // The key was replaced or revoked after it was cached here.
      if (keys.get(keyId) === key) keys.delete(keyId);
      logRefusal({ reason: 'key-replaced', terminalId: keyId });
      throw new ApiFailure(unauthorized('signature-invalid', 'the signature does not verify'));
    };
    return ok({ keyId, spendNonce });
  };

  return {
    check,
    async verify(parts, nowMs) {
      const checked = await check(parts, nowMs);
      if (!checked.ok) return checked;
      const { spendNonce } = checked.value;
      try {
        await (commits === undefined ? spendNonce() : commits.run(spendNonce));
      } catch (error) {
        if (error instanceof ApiFailure) {
          return err(apiError(error.status, error.code, error.message));
        }
        throw error;
      }
      return ok(checked.value.keyId);
    },
    async pruneNonces(nowMs) {
      await pruneStatement.run(nowMs);
    },
  };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Checks `Authorization: Bearer <token>` in constant time; no configured token → disabled. */
export function checkAdmin(
  authorization: string | undefined,
  adminToken: string | null,
): Result<void, ApiError> {
  if (adminToken === null) {
    return err(apiError(403, 'admin-disabled', 'no admin token is configured on this server'));
  }
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (match === null) return err(apiError(401, 'admin-token-missing', 'Bearer token required'));
  if (!timingSafeEqual(sha256(match[1]!), sha256(adminToken))) {
    return err(apiError(401, 'admin-token-invalid', 'wrong admin token'));
  }
  return ok(undefined);
}

/** Shorter admin tokens are refused at start: a bearer token is all that guards /v1/admin. */
export const ADMIN_TOKEN_CHARS_MIN = 32;

/** The admin token as configured, or an error naming CENTRAL_ADMIN_TOKEN when too short. */
export function checkedAdminToken(token: string | null): string | null {
  if (token === null || token.length >= ADMIN_TOKEN_CHARS_MIN) return token;
  throw new Error(
    `CENTRAL_ADMIN_TOKEN (the admin token) must be at least ${ADMIN_TOKEN_CHARS_MIN} ` +
      `characters, got ${token.length}; generate one with: openssl rand -hex 32`,
  );
}

export type AdminGate = {
  /** Throws ApiFailure unless the request carries the admin token. */
  check(authorization: string | undefined, ip: string, nowMs: number): Promise<void>;
};

/**
 * The admin token check with wrong guesses throttled per client address: each wrong or
 * missing token spends one of the address's tokens in `wrongGuesses`, and while it has none
 * left every admin request from it gets 429, the right token too, so a guess is never
 * confirmed. Other addresses are not affected.
 */
export function createAdminGate(
  adminToken: string | null,
  wrongGuesses: RateLimiter,
  metrics: CentralMetrics,
): AdminGate {
  return {
    async check(authorization, ip, nowMs) {
      const key = `admin:${ip}`;
      const waiting = await wrongGuesses.peek(key, nowMs);
      if (adminToken !== null && !waiting.ok) {
        metrics.adminRefused.inc({ reason: 'throttled' });
        const retryAfter = String(Math.max(1, Math.ceil(waiting.retryAfterMs / 1000)));
        const limited = apiError(429, 'rate-limited', 'too many wrong admin tokens; try later');
        throw new ApiFailure(limited, { 'retry-after': retryAfter });
      }
      const checked = checkAdmin(authorization, adminToken);
      if (checked.ok) return;
      if (checked.error.status === 401) {
        await wrongGuesses.take(key, nowMs);
        metrics.adminRefused.inc({ reason: checked.error.code });
      }
      throw new ApiFailure(checked.error);
    },
  };
}
