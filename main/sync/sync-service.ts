/**
 * The kiosk's sync side, assembled: outbox sender, heartbeats, roster cache and payee search
 * over one terminal identity. The composition root (main/kiosk.ts) creates it once, calls
 * notifyCommitted() after each committed transfer, and shows centralState() on the status
 * screen. Nothing here sits on the escrow path: deposits never wait on the network.
 */
import type { DeviceState } from '../../common/contract.ts';
import type { SignedCommand } from '../../common/remote-command-wire.ts';
import { err, type Result } from '../../common/result.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import { centralSearchOf, heartbeatTransportOf, outboxTransportOf } from './central-adapters.ts';
import { createCentralClient } from './central-client.ts';
import { createHeartbeat, type Heartbeat, type HeartbeatSources } from './heartbeat.ts';
import { createKioskSequence, createSkewMonitor, type SkewMonitor } from './kiosk-clock.ts';
import {
  createOutboxSender,
  type OutboxSender,
  type OutboxSenderOptions,
} from './outbox-sender.ts';
import {
  createPayeeSearch,
  type PayeeQuery,
  type PayeeSearchError,
  type PayeeSearchResult,
} from './payee-search.ts';
import { z } from 'zod';
import { type ConfigCache, configSettingKey, createConfigCache } from './config-cache.ts';
import { createRosterCache, type RosterCache } from './roster-cache.ts';
import type { TerminalKeys } from './signing.ts';
import { centralDeviceState, type SyncSnapshot } from './sync-status.ts';

export type SyncServiceDeps = {
  ledger: Ledger;
  dataDir: string;
  centralUrl: string;
  terminalId: string;
  keys: TerminalKeys;
  /** Central's roster key from enrolment/config; null → no offline search. */
  centralPublicKeyPem: string | null;
  sources: Omit<HeartbeatSources, 'outbox' | 'rosterGeneratedAtMs'>;
  softwareVersion: string;
  log: Logger;
  random?: () => number;
  now?: () => number;
  outboxOptions?: Partial<OutboxSenderOptions>;
  heartbeatIntervalMs?: number;
  searchTimeoutMs?: number;
  /** Remote commands from each heartbeat answer (main/app/remote-command-runner.ts). */
  onCommands?: (commands: SignedCommand[]) => void;
};

export type SyncService = {
  sender: OutboxSender;
  heartbeat: Heartbeat;
  roster: RosterCache;
  /** Central's signed terminal configuration, in force (config-cache.ts). */
  config: ConfigCache;
  skew: SkewMonitor;
  searchPayee(query: PayeeQuery): Promise<Result<PayeeSearchResult, PayeeSearchError>>;
  /** Call after each committed transfer: it is sent now rather than at the next poll. */
  notifyCommitted(): void;
  snapshot(): SyncSnapshot;
  centralState(): Omit<DeviceState, 'sinceMs'>;
  start(): void;
  stop(): Promise<void>;
};

export function createSyncService(deps: SyncServiceDeps): SyncService {
  const now = deps.now ?? Date.now;
  const log = deps.log.child({ area: 'sync' });
  const clientFor = (timeoutMs: number) =>
    createCentralClient({
      baseUrl: deps.centralUrl,
      terminalId: deps.terminalId,
      keyStore: deps.keys,
      timeoutMs,
      nowMs: now,
    });
  const client = clientFor(15_000);
  const rosterClient = clientFor(60_000);
  const searchTimeoutMs = deps.searchTimeoutMs ?? 3_000;
  const sender = createOutboxSender({
    ledger: deps.ledger,
    client: outboxTransportOf(client),
    now,
    random: deps.random ?? Math.random,
    log,
    ...(deps.outboxOptions === undefined ? {} : { options: deps.outboxOptions }),
  });
  const roster = createRosterCache({
    dataDir: deps.dataDir,
    terminalId: deps.terminalId,
    // Without central's key nothing can verify: every roster is refused and search says so.
    centralPublicKeyPem: deps.centralPublicKeyPem ?? '',
    fetchRoster:
      deps.centralPublicKeyPem === null
        ? async () => err({ kind: 'http', status: 412, code: 'no-central-key' })
        : // A whole roster may take a while on a slow line; roster-cache.ts checks it itself.
          () => rosterClient.getRoster(),
    now,
    log,
  });
  const config = createConfigCache({
    storage: {
      read: () => {
        const found = deps.ledger.settings.get(configSettingKey, z.unknown());
        return found.ok ? found.value : null;
      },
      write: (value, atMs) => deps.ledger.settings.set(configSettingKey, value, atMs),
    },
    terminalId: deps.terminalId,
    centralPublicKeyPem: deps.centralPublicKeyPem,
    fetchSigned: () => client.getSignedConfig(),
    now,
    log,
  });
  const skew = createSkewMonitor({ log });
  const heartbeat = createHeartbeat({
    client: heartbeatTransportOf(client, clientFor(5_000)),
    sources: {
      ...deps.sources,
      outbox: () => sender.status(),
      rosterGeneratedAtMs: () => roster.status().generatedAtMs,
      rosterFetchedAtMs: () => roster.status().fetchedAtMs ?? null,
      config: () => config.status(),
    },
    onConfigVersion: (version) => void config.ensureVersion(version),
    ...(deps.onCommands === undefined ? {} : { onCommands: deps.onCommands }),
    sequence: createKioskSequence({ settings: deps.ledger.settings, now, log }),
    skew,
    softwareVersion: deps.softwareVersion,
    now,
    log,
    ...(deps.heartbeatIntervalMs === undefined ? {} : { intervalMs: deps.heartbeatIntervalMs }),
  });
  const searchPayee = createPayeeSearch({
    central: centralSearchOf(clientFor(searchTimeoutMs)),
    roster,
    now,
    log,
    timeoutMs: searchTimeoutMs,
  });
  const snapshot = (): SyncSnapshot => ({
    outbox: sender.status(),
    skew: skew.current(),
    roster: roster.status(),
  });

  return {
    sender,
    heartbeat,
    roster,
    config,
    skew,
    searchPayee,
    notifyCommitted: () => sender.notify(),
    snapshot,
    centralState: () => centralDeviceState(snapshot()),
    start() {
      // The copy on disk first: offline search works from the first second after a restart.
      const loaded = roster.loadFromDisk();
      if (!loaded.ok && loaded.error.kind !== 'missing') {
        log.warn({ error: loaded.error }, 'cached roster not usable');
      }
      const stored = config.load();
      if (!stored.ok && stored.error.kind !== 'missing') {
        log.warn({ error: stored.error }, 'stored terminal config not usable');
      }
      // Fetched at every start: a change made while the kiosk was off is in force at once.
      void config.refresh();
      sender.start();
      heartbeat.start();
      roster.start();
    },
    async stop() {
      heartbeat.stop();
      roster.stop();
      await sender.stop();
    },
  };
}
