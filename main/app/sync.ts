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
import { readIdentity, type TerminalIdentity } from './terminal-identity.ts';

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
  collections: CollectionQueue;
  /** Lines for the console (embedded central, demo PINs, enrolment code). */
  notices: string[];
  close(): Promise<void>;
};

const collectionFlushMs = 60_000;
const centralWatchMs = 250;

export async function createSync(deps: {
  /** KIOSK_CENTRAL_URL wins over the operator's setting (read at start only). */
  config: Pick<KioskConfig, 'dataDir' | 'centralUrl'>;
  settings: SettingsView;
  ledger: Ledger;
  status: StatusModel;
  dev: DevHooks | null;
  now: () => number;
  log: Logger;
}): Promise<Sync> {
  const { ledger, status, now, log } = deps;
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

  const start = (next: TerminalIdentity) => {
    void runtime?.stop();
    runtime = startCentralRuntime({
      identity: next,
      rosterPublicKeyPem: embedded?.rosterPublicKeyPem ?? next.centralRosterPublicKeyPem ?? null,
      ledger,
      dataDir: dataDir,
      heartbeatSources: {
        devices: () => status.snapshot().devices,
        paper: () => paperLevel(status),
        cassetteNoteCount: () =>
          ledger.totalsSinceLastCollection().denominations.reduce((n, d) => n + d.count, 0),
      },
      softwareVersion,
      now,
      log,
    });
    identity = next;
    status.setIdentity({ terminalId: next.terminalId });
    void collections.flush(runtime.client);
  };
  if (identity !== null) start(identity);

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
    notifyCommitted: () => runtime?.sync.notifyCommitted(),
    collections,
    notices,
    async close() {
      clearInterval(collectionTimer);
      clearInterval(centralTimer);
      await runtime?.stop();
      await embedded?.close();
    },
  };
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
