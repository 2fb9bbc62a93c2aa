import { z } from 'zod';
import type { Facility, Region } from '../../common/contract.ts';
import type { SignedCommand } from '../../common/remote-command-wire.ts';
import { err, ok, type Result } from '../../common/result.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import type { CentralClient, Facility as CentralFacility } from '../sync/central-client.ts';
import type { HeartbeatSources } from '../sync/heartbeat.ts';
import { createSyncService, type SyncService } from '../sync/sync-service.ts';
import { centralTimeoutMs, clientFor, type TerminalIdentity } from './terminal-identity.ts';

/**
 * Everything that talks to central, built from the terminal's identity: the sync service
 * (outbox, heartbeats, roster cache, payee search) and the facility catalogue. Until the kiosk
 * is enrolled there is none of it: search says so and the outbox waits in the ledger.
 */
export type CentralRuntime = {
  identity: TerminalIdentity;
  client: CentralClient;
  sync: SyncService;
  catalog: Catalog;
  stop(): Promise<void>;
};

export type Catalog = {
  regions(): Promise<Result<Region[], { kind: string; message: string }>>;
  facilities(
    regionId: string | null,
  ): Promise<Result<Facility[], { kind: string; message: string }>>;
};

export function startCentralRuntime(deps: {
  identity: TerminalIdentity;
  /** Central's roster-signing key; null: no offline search (it cannot be verified). */
  rosterPublicKeyPem: string | null;
  ledger: Ledger;
  dataDir: string;
  heartbeatSources: Omit<HeartbeatSources, 'outbox' | 'rosterGeneratedAtMs'>;
  softwareVersion: string;
  heartbeatMs?: number;
  /** Remote commands from each heartbeat answer. */
  onCommands?: (commands: SignedCommand[]) => void;
  now: () => number;
  log: Logger;
}): CentralRuntime {
  const { identity, ledger, now } = deps;
  const keys = { privateKeyPem: identity.privateKeyPem, publicKeyPem: identity.publicKeyPem };
  const sync = createSyncService({
    ledger,
    dataDir: deps.dataDir,
    centralUrl: identity.centralUrl,
    terminalId: identity.terminalId,
    keys,
    centralPublicKeyPem: deps.rosterPublicKeyPem,
    sources: deps.heartbeatSources,
    softwareVersion: deps.softwareVersion,
    ...(deps.heartbeatMs === undefined ? {} : { heartbeatIntervalMs: deps.heartbeatMs }),
    ...(deps.onCommands === undefined ? {} : { onCommands: deps.onCommands }),
    log: deps.log,
    now,
  });
  sync.start();
  const client = clientFor({ ...identity, keys }, centralTimeoutMs.search);
  return {
    identity,
    client,
    sync,
    catalog: createCatalog(client, ledger, now, deps.log),
    stop: () => sync.stop(),
  };
}

const catalogKey = 'catalog.cache';
const CachedCatalogSchema = z.object({
  regions: z.array(z.object({ id: z.string(), name: z.string() })),
  facilities: z.array(
    z.object({
      id: z.string(),
      regionId: z.string(),
      type: z.string(),
      number: z.string(),
      shortName: z.string(),
      name: z.string(),
      address: z.string(),
      phone: z.string().optional(),
    }),
  ),
});

/**
 * Regions and facilities from central, remembered in the ledger so that the lists still work
 * when the lobby's network is down (the offline policy needs them to reach the roster cache).
 */
function createCatalog(
  client: CentralClient,
  ledger: Ledger,
  now: () => number,
  log: Logger,
): Catalog {
  const cached = () => {
    const found = ledger.settings.get(catalogKey, CachedCatalogSchema);
    return found.ok ? found.value : null;
  };
  const remember = (patch: Partial<z.infer<typeof CachedCatalogSchema>>) => {
    const current = cached() ?? { regions: [], facilities: [] };
    ledger.settings.set(catalogKey, { ...current, ...patch }, now());
  };
  const unavailable = (message: string) => err({ kind: 'catalog-unavailable', message });
  return {
    async regions() {
      const answer = await client.listRegions();
      if (answer.ok) {
        const regions = answer.value.map((region) => ({ id: region.code, name: region.name }));
        remember({ regions });
        return ok(regions);
      }
      log.warn({ error: answer.error }, 'regions from central failed; using the cached list');
      const copy = cached();
      return copy && copy.regions.length > 0 ? ok(copy.regions) : unavailable(answer.error.kind);
    },
    async facilities(regionId) {
      const answer = await client.listFacilities(regionId ?? undefined);
      if (answer.ok) {
        const facilities = answer.value.map(facilityOf);
        const others = (cached()?.facilities ?? []).filter(
          (facility) => regionId !== null && facility.regionId !== regionId,
        );
        remember({ facilities: [...others, ...facilities] });
        return ok(facilities);
      }
      log.warn({ error: answer.error }, 'facilities from central failed; using the cached list');
      const copy = cached()?.facilities.filter(
        (facility) => regionId === null || facility.regionId === regionId,
      );
      return copy && copy.length > 0 ? ok(copy) : unavailable(answer.error.kind);
    },
  };
}

function facilityOf(facility: CentralFacility): Facility {
  return {
    id: facility.id,
    regionId: facility.regionCode,
    type: facility.type,
    number: String(facility.number),
    shortName: facility.shortName,
    name: facility.fullName,
    address: facility.address,
    ...(facility.phone === '' ? {} : { phone: facility.phone }),
  };
}
