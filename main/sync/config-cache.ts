/**
 * Central's terminal configuration as the kiosk keeps it in force: the signed copy
 * (GET /v1/terminal/config/signed), verified with central's key before it is parsed, stored in
 * the ledger with when it was fetched, and verified again whenever it is read from there. A
 * bad or older answer never replaces a good copy; offline, the last verified copy stays in
 * force. The heartbeat answer carries central's current version: a different one makes the
 * kiosk fetch at once (sync-service.ts), so a change reaches the kiosk within one heartbeat.
 */
import { z } from 'zod';
import {
  type SignedConfig,
  type SignedConfigPayload,
  SignedConfigPayloadSchema,
  SignedConfigSchema,
} from '../../common/central-wire.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { Logger } from '../log.ts';
import { type CentralFailure, describeFailure } from './central-failure.ts';
import { type SignedPayloadError, verifySignedPayload } from './signed-payload.ts';

export type VerifiedConfig = SignedConfigPayload;

export type ConfigError =
  | SignedPayloadError
  | { kind: 'older'; version: number }
  | { kind: 'no-central-key' };

export type ConfigStatus = {
  version: number | null;
  fetchedAtMs: number | null;
  lastRefreshAtMs: number | null;
  lastRefreshError: string | null;
};

/** Where the copy lives: the ledger's settings table (one JSON value). */
export type ConfigStorage = {
  read(): unknown;
  write(value: StoredConfig, atMs: number): void;
};

const StoredConfigSchema = z.object({ signed: SignedConfigSchema, fetchedAtMs: z.number().int() });
export type StoredConfig = z.infer<typeof StoredConfigSchema>;
export const configSettingKey = 'central.config';

/** Signature first, over the exact bytes; only then is the payload parsed. */
export function verifyConfig(
  signed: SignedConfig,
  publicKeyPem: string,
  terminalId: string,
): Result<VerifiedConfig, ConfigError> {
  return verifySignedPayload(signed, publicKeyPem, terminalId, SignedConfigPayloadSchema);
}

export type ConfigCache = {
  /** Reads and verifies the copy in the ledger (at start, before any network). */
  load(): Result<void, ConfigError | { kind: 'missing' }>;
  /** Fetches, verifies, stores. */
  refresh(): Promise<Result<VerifiedConfig, ConfigError | CentralFailure>>;
  /** Central says its version is this: fetch unless we hold it already. */
  ensureVersion(version: number): Promise<void>;
  current(): VerifiedConfig | null;
  status(): ConfigStatus;
  onDidChange(listener: (config: VerifiedConfig) => void): () => void;
};

export function createConfigCache(deps: {
  storage: ConfigStorage;
  terminalId: string;
  /** Central's key, pinned at enrolment; null: nothing can be verified. */
  centralPublicKeyPem: string | null;
  fetchSigned: () => Promise<Result<unknown, CentralFailure>>;
  now: () => number;
  log: Pick<Logger, 'info' | 'warn'>;
}): ConfigCache {
  let current: VerifiedConfig | null = null;
  let fetchedAtMs: number | null = null;
  let lastRefreshAtMs: number | null = null;
  let lastRefreshError: string | null = null;
  let inFlight: Promise<Result<VerifiedConfig, ConfigError | CentralFailure>> | null = null;
  const listeners = new Set<(config: VerifiedConfig) => void>();

  const verified = (signed: SignedConfig): Result<VerifiedConfig, ConfigError> => {
    if (deps.centralPublicKeyPem === null) return err({ kind: 'no-central-key' });
    const checked = verifyConfig(signed, deps.centralPublicKeyPem, deps.terminalId);
    if (!checked.ok) return checked;
    if (current !== null && checked.value.version < current.version) {
      return err({ kind: 'older', version: checked.value.version });
    }
    return checked;
  };

  const adopt = (config: VerifiedConfig, atMs: number) => {
    const changed = current?.version !== config.version;
    current = config;
    fetchedAtMs = atMs;
    if (changed) for (const listener of listeners) listener(config);
  };

  const fetchOnce = async (): Promise<Result<VerifiedConfig, ConfigError | CentralFailure>> => {
    const answer = await deps.fetchSigned();
    lastRefreshAtMs = deps.now();
    if (!answer.ok) {
      lastRefreshError = describeFailure(answer.error);
      return answer;
    }
    const shaped = SignedConfigSchema.safeParse(answer.value);
    const accepted = shaped.success
      ? verified(shaped.data)
      : err({ kind: 'invalid' as const, message: 'answer is not a signed config' });
    if (!accepted.ok || !shaped.success) {
      const error = accepted.ok ? { kind: 'invalid' as const, message: 'shape' } : accepted.error;
      lastRefreshError = `config refused: ${error.kind}`;
      deps.log.warn({ error }, 'terminal config refused; keeping the previous copy');
      return err(error);
    }
    const atMs = deps.now();
    deps.storage.write({ signed: shaped.data, fetchedAtMs: atMs }, atMs);
    lastRefreshError = null;
    const previous = current?.version ?? null;
    adopt(accepted.value, atMs);
    if (previous !== accepted.value.version) {
      deps.log.info({ from: previous, to: accepted.value.version }, 'terminal config in force');
    }
    return accepted;
  };

  const refresh = () => {
    // One fetch at a time: a heartbeat and the start may ask together.
    inFlight ??= fetchOnce().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  return {
    load() {
      const raw = deps.storage.read();
      if (raw === null || raw === undefined) return err({ kind: 'missing' });
      const stored = StoredConfigSchema.safeParse(raw);
      if (!stored.success) return err({ kind: 'invalid', message: 'stored config shape' });
      const checked = verified(stored.data.signed);
      if (!checked.ok) {
        deps.log.warn({ error: checked.error }, 'stored terminal config refused');
        return checked;
      }
      adopt(checked.value, stored.data.fetchedAtMs);
      return ok(undefined);
    },
    refresh,
    async ensureVersion(version) {
      if (current?.version === version) return;
      await refresh();
    },
    current: () => current,
    status: () => ({
      version: current?.version ?? null,
      fetchedAtMs,
      lastRefreshAtMs,
      lastRefreshError,
    }),
    onDidChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
