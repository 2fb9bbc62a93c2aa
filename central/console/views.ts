/**
 * What one console user sees: the fleet rows inside their scope, and collections read from
 * the kiosks' reports. Shared by the console's routes and its event stream.
 */
import { CollectionSchema } from '../../common/central-wire.ts';
import type { CollectionView, FleetRow } from '../../common/console-wire.ts';
import type { Alerts } from './alerts.ts';
import { fleetRows } from './fleet.ts';
import { inScope } from './gate.ts';
import type { CollectionRow, FleetStore } from './store-fleet.ts';
import type { UserRow } from './store-users.ts';

export type Views = ReturnType<typeof createViews>;

export function createViews(fleet: FleetStore, alerts: Alerts, nowMs: () => number) {
  async function rowsFor(user: UserRow): Promise<FleetRow[]> {
    const rows = fleetRows({
      terminals: await fleet.terminals(),
      facilities: await fleet.facilities(),
      cassetteKopecks: await fleet.cassetteKopecks(),
      openAlerts: await fleet.openAlerts(),
      rules: await alerts.rules(),
      nowMs: nowMs(),
    });
    return rows.filter((row) => visible(user, row));
  }

  function visible(user: UserRow, row: FleetRow): boolean {
    return inScope(user.scope, row.terminalId, row.regionCode === null ? [] : [row.regionCode]);
  }

  /** The row of one terminal the user may see, or null (unknown and out of scope alike). */
  async function rowFor(user: UserRow, terminalId: string): Promise<FleetRow | null> {
    return (await rowsFor(user)).find((row) => row.terminalId === terminalId) ?? null;
  }

  return { rowsFor, rowFor, visible };
}

/** A stored collection as the console shows it; null when its stored body no longer parses. */
export function collectionView(
  row: CollectionRow,
  regionOf: ReadonlyMap<string, string | null>,
): CollectionView | null {
  const parsed = CollectionSchema.safeParse(row.body);
  if (!parsed.success) return null;
  const body = parsed.data;
  return {
    collectionId: row.collectionId,
    terminalId: row.terminalId,
    regionCode: regionOf.get(row.terminalId) ?? null,
    openedAtMs: body.openedAtMs,
    closedAtMs: body.closedAtMs,
    receivedAtMs: row.receivedAtMs,
    noteCount: body.noteCount,
    totalKopecks: body.totalKopecks,
    transferCount: body.transferCount,
    operatorName: body.operatorName ?? null,
    notes: body.notes,
  };
}
