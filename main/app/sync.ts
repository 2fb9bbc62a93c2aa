import type { FiscalStatusWire } from '../../common/central-wire.ts';
import type { SignedCommand } from '../../common/remote-command-wire.ts';
import type { KioskConfig } from '../config.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import type { StatusModel } from '../kiosk-status.ts';
import { softwareVersion } from '../version.ts';
import { type CentralRuntime, startCentralRuntime } from './central-runtime.ts';
import { type CollectionQueue, createCollectionQueue } from './collection-queue.ts';
import type { DevCentral, DevHooks } from './dev-hooks.ts';
import { notEnrolled, paperLevel } from './device-status.ts';
import type { SettingsView } from './settings-view.ts';
import type { VerifiedConfig } from '../sync/config-cache.ts';
import { pinCentralKey, readIdentity, type TerminalIdentity } from './terminal-identity.ts';
import { isPlaceholderPhone } from './support-details.ts';

/**
 * Everything between this kiosk and central: which central (KIOSK_CENTRAL_URL, else the saved
 * setting, else the development hooks' embedded one), the terminal's identity, the runtime that
 * syncs once enrolled, and the queue of collection reports. Enrolment (service mode) calls
 * enrolled(); until then there is no runtime and the outbox waits in the ledger.
 */
export type Sync = {
  identity(): TerminalIdentity | null;
  runtime(): CentralRuntime | null;
  /** Where enrolment goes; null when no central is configured. */
  centralUrl(): string | null;
  /** Whether saving this central URL setting needs a restart to take effect. */
  centralUrlNeedsRestart(settingUrl: string | null): boolean;
  enrolled(identity: TerminalIdentity): void;
  /** A transfer was committed: send the outbox now rather than at the next tick. */
  notifyCommitted(): void;
  /** Central's verified terminal configuration in force; null: none yet (no payments). */
  config(): VerifiedConfig | null;
  onConfigChange(listener: (config: VerifiedConfig) => void): () => void;
  /** Roster and configuration: versions and when they were fetched (service mode, wizard). */
  freshness(): Freshness;
  /** Fetches both now (the wizard's last step, service mode's button). */
  refreshNow(): Promise<Freshness>;
  collections: CollectionQueue;
  /** Lines for the console (embedded central, demo PINs, enrolment code). */
  notices: string[];
  /** Remote commands from each heartbeat answer, with whom to check them against. */
  onRemoteCommands(listener: RemoteCommandsListener): () => void;
  /** A fiscal kiosk's state for the heartbeat, from when the fiscal layer exists. */
  reportFiscal(source: () => FiscalStatusWire | null): void;
  close(): Promise<void>;
};

export type RemoteCommandsListener = (
  commands: SignedCommand[],
  from: { identity: TerminalIdentity; centralKeyPem: string | null },
) => void;

export type Freshness = {
  roster: {
    generatedAtMs: number | null;
    fetchedAtMs: number | null;
    error: string | null;
    facilityIds: string[];
  };
  config: { version: number | null; fetchedAtMs: number | null; error: string | null };
};

const collectionFlushMs = 60_000;
/** How long a start waits for central's configuration when none is stored yet. */
const firstConfigWaitMs = 3_000;
const centralWatchMs = 250;

export async function createSync(deps: {
  /** KIOSK_CENTRAL_URL wins over the operator's setting (read at start only). */
  config: Pick<KioskConfig, 'dataDir' | 'centralUrl' | 'heartbeatMs'>;
  settings: SettingsView;
  ledger: Ledger;
  status: StatusModel;
  dev: DevHooks | null;
  now: () => number;
  log: Logger;
}): Promise<Sync> {
  const { ledger, status, now, log } = deps;
  // Not fiscal (the field left out of the heartbeat) until the fiscal layer reports.
  let fiscalSource: () => FiscalStatusWire | null = () => null;
  const { dataDir } = deps.config;
  const settingUrl = deps.settings.current().centralUrl;
  const configuredUrl = deps.config.centralUrl ?? settingUrl;
  const embedded: DevCentral | null =
    configuredUrl === null && deps.dev !== null ? await deps.dev.startCentral() : null;
  let identity = unwrapIdentity(readIdentity(dataDir), log);
  if (identity === null && embedded !== null) {
    identity = await embedded.setUpDemo({ ledger, now, log });
  }
  const notices = (await embedded?.notices(identity, ledger)) ?? [];
  const collections = createCollectionQueue({ ledger, now, log });
  let runtime: CentralRuntime | null = null;
  const configListeners = new Set<(config: VerifiedConfig) => void>();
  const configChanged = (config: VerifiedConfig) => {
    for (const listener of configListeners) listener(config);
  };

  const commandListeners = new Set<RemoteCommandsListener>();
  const start = (next: TerminalIdentity) => {
    void runtime?.stop();
    const centralKeyPem = embedded?.rosterPublicKeyPem ?? next.centralRosterPublicKeyPem ?? null;
    const started = startCentralRuntime({
      onCommands: (commands) => {
        for (const listener of commandListeners)
          listener(commands, { identity: next, centralKeyPem });
      },
      identity: next,
      rosterPublicKeyPem: embedded?.rosterPublicKeyPem ?? next.centralRosterPublicKeyPem ?? null,
      ledger,
      dataDir: dataDir,
      heartbeatSources: {
        // Central's Heartbeat has exactly these two (a closed object): not the 'central' line.
        devices: () => {
          const { billAcceptor, printer } = status.snapshot().devices;
          return { billAcceptor, printer };
        },
        paper: () => paperLevel(status),
        cassetteNoteCount: () =>
          ledger.totalsSinceLastCollection().denominations.reduce((n, d) => n + d.count, 0),
        fiscal: () => fiscalSource(),
      },
      softwareVersion,
      ...(deps.config.heartbeatMs === undefined ? {} : { heartbeatMs: deps.config.heartbeatMs }),
      now,
      log,
    });
    runtime = started;
    started.sync.config.onDidChange(configChanged);
    const loaded = started.sync.config.current();
    if (loaded !== null) configChanged(loaded);
    if (embedded === null && next.centralRosterPublicKeyPem === null) {
      // Enrolled while central's key could not be read: without it nothing verifies.
      void pinCentralKey(dataDir, next).then((pinned) => {
        if (pinned.centralRosterPublicKeyPem !== null && runtime === started) start(pinned);
      });
    }
    identity = next;
    status.setIdentity({ terminalId: next.terminalId });
    void collections.flush(runtime.client);
  };
  if (identity !== null) start(identity);
  const first = runtime as CentralRuntime | null;
  if (first !== null && first.sync.config.current() === null) {
    await Promise.race([first.sync.config.refresh(), delay(firstConfigWaitMs)]);
  }

  const collectionTimer = setInterval(() => {
    if (runtime) void collections.flush(runtime.client);
  }, collectionFlushMs);
  collectionTimer.unref();
  const centralTimer = setInterval(() => {
    status.setDevice('central', runtime?.sync.centralState() ?? notEnrolled);
  }, centralWatchMs);
  centralTimer.unref();

  return {
    identity: () => identity,
    runtime: () => runtime,
    centralUrl: () => embedded?.url ?? configuredUrl,
    centralUrlNeedsRestart: (url) => deps.config.centralUrl === null && url !== settingUrl,
    enrolled: start,
    reportFiscal(source) {
      fiscalSource = source;
    },
    notifyCommitted: () => runtime?.sync.notifyCommitted(),
    config: () => runtime?.sync.config.current() ?? null,
    onConfigChange(listener) {
      configListeners.add(listener);
      return () => configListeners.delete(listener);
    },
    freshness: () => freshnessOf(runtime),
    async refreshNow() {
      const current = runtime;
      if (current !== null) {
        await Promise.all([current.sync.config.refresh(), current.sync.roster.refresh()]);
      }
      return freshnessOf(current);
    },
    collections,
    notices,
    onRemoteCommands(listener) {
      commandListeners.add(listener);
      return () => commandListeners.delete(listener);
    },
    async close() {
      clearInterval(collectionTimer);
      clearInterval(centralTimer);
      await runtime?.stop();
      await embedded?.close();
    },
  };
}

/**
 * Central's configuration in force for the rest of the kiosk: it narrows the operator's
 * settings and gives the support phone the screens show, now and at every change.
 */
export function applyCentralConfig(
  sync: Pick<Sync, 'config' | 'onConfigChange'>,
  settings: Pick<SettingsView, 'useCentral'>,
  status: Pick<StatusModel, 'setIdentity' | 'snapshot'>,
): void {
  const apply = () => {
    settings.useCentral(() => sync.config());
    const config = sync.config();
    // A placeholder is shown as no phone at all (payments then stop: support-details.ts).
    const phone =
      config === null || isPlaceholderPhone(config.supportPhone) ? '' : config.supportPhone;
    const hours = status.snapshot().support.hours;
    status.setIdentity({ support: { phone, hours } });
  };
  sync.onConfigChange(apply);
  apply();
}

function freshnessOf(runtime: CentralRuntime | null): Freshness {
  const roster = runtime?.sync.roster.status() ?? null;
  const config = runtime?.sync.config.status() ?? null;
  return {
    roster: {
      generatedAtMs: roster?.generatedAtMs ?? null,
      fetchedAtMs: roster?.fetchedAtMs ?? null,
      error: roster === null ? 'not enrolled' : roster.lastRefreshError,
      facilityIds: roster?.facilityIds ?? [],
    },
    config: {
      version: config?.version ?? null,
      fetchedAtMs: config?.fetchedAtMs ?? null,
      error: config === null ? 'not enrolled' : config.lastRefreshError,
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function unwrapIdentity(
  read: ReturnType<typeof readIdentity>,
  log: Logger,
): TerminalIdentity | null {
  if (read.ok) return read.value;
  // A damaged key file is not fatal: the kiosk runs unenrolled and service mode re-enrols.
  log.error({ error: read.error }, 'terminal identity unreadable');
  return null;
}
