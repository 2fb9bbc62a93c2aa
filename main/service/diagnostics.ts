import { statfsSync } from 'node:fs';
import type { Diagnostics } from '../../common/contract.ts';
import type { ServiceDeps } from './deps.ts';
import { readTerminalId } from './setup-store.ts';

function outboxStats(deps: Pick<ServiceDeps, 'ledger'>): Diagnostics['outbox'] {
  const row = deps.ledger.db
    .prepare(
      `SELECT COUNT(*) AS depth, MIN(created_at_ms) AS oldest,
         SUM(CASE WHEN parked_reason IS NULL THEN 0 ELSE 1 END) AS parked
       FROM outbox WHERE delivered_at_ms IS NULL`,
    )
    .get();
  const depth = Number(row?.depth ?? 0);
  const oldest = row?.oldest;
  return {
    depth,
    oldestCreatedAtMs: typeof oldest === 'number' ? oldest : null,
    parked: Number(row?.parked ?? 0),
  };
}

function diskOf(dataDir: string): Diagnostics['disk'] {
  try {
    const stats = statfsSync(dataDir);
    return { freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
  } catch {
    return { freeBytes: 0, totalBytes: 0 };
  }
}

/** One screenful of the kiosk's health, gathered on demand (nothing here is cached). */
export async function collectDiagnostics(deps: ServiceDeps): Promise<Diagnostics> {
  const status = deps.status();
  const [printer, ping] = await Promise.all([deps.printer.status(), deps.central.ping()]);
  const totals = deps.ledger.totalsSinceLastCollection();
  let count = 0;
  for (const row of totals.denominations) count += row.count;
  return {
    devices: status.devices,
    paper: printer.ok ? printer.value.paper : 'unknown',
    cassette: { count, totalKopecks: totals.totalKopecks },
    outbox: outboxStats(deps),
    central: ping.ok
      ? { reachable: true, detail: `${ping.value.latencyMs} ms` }
      : { reachable: false, detail: ping.error.message.slice(0, 300) },
    softwareVersion: status.softwareVersion,
    terminalId: readTerminalId(deps.ledger) ?? status.terminalId,
    disk: diskOf(deps.dataDir),
    nowMs: deps.now(),
  };
}
