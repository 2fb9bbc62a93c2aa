import { statfsSync } from 'node:fs';
import type { Diagnostics } from '../../common/contract.ts';
import type { ServiceDeps } from './deps.ts';
import { readTerminalId } from './setup-store.ts';

function outboxStats(deps: Pick<ServiceDeps, 'ledger'>): Diagnostics['outbox'] {
  const stats = deps.ledger.outbox.stats();
  return {
    depth: stats.pendingCount + stats.parkedCount,
    oldestCreatedAtMs: stats.oldestUndeliveredCreatedAtMs,
    parked: stats.parkedCount,
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
    centralData: deps.central.data(),
  };
}
