/**
 * Configuration layers under each terminal's own overrides (migration 200): `defaults` for
 * every terminal, `region:<code>` for the terminals of a region, `group:<id>` for the members
 * of a group. A terminal's effective configuration is central's defaults, then the defaults
 * layer, its region's, its group's and its own overrides, each replacing whole fields. A
 * terminal's region is the region of its first facility (the one the fleet shows); it is in
 * at most one group. The payer apps' channel (`@web`) takes no layer: it has no cash.
 */
import { type TerminalConfigPatch, TerminalConfigPatchSchema } from '../common/central-wire.ts';
import { type CentralDb, statement } from './db.ts';

export type LayerStore = {
  /** The layers under a terminal's own overrides, lowest first (those that exist or not). */
  chain(terminalId: string, facilityIds: readonly string[]): Promise<string[]>;
  /** A layer's overrides and version (0 and {} when it was never written). */
  read(layer: string): Promise<{ version: number; patch: TerminalConfigPatch }>;
  /** The overrides of several layers merged, later ones winning field by field. */
  merged(layers: readonly string[]): Promise<TerminalConfigPatch>;
  write(layer: string, patch: TerminalConfigPatch, version: number, nowMs: number): Promise<void>;
  /** The terminals a layer reaches (not `@web`). */
  terminalsOf(layer: string): Promise<string[]>;
  groupOf(terminalId: string): Promise<string | null>;
};

const WEB_CHANNEL = '@web';

function facilityIdsOf(text: string): string[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

export function createLayerStore(db: CentralDb): LayerStore {
  const regionOf = statement(db, 'SELECT region_code FROM facilities WHERE id = ?');
  const groupOf = statement(
    db,
    'SELECT group_id FROM terminal_group_members WHERE terminal_id = ?',
  );
  const layer = statement(db, 'SELECT version, overrides FROM config_layers WHERE layer = ?');
  const upsert = statement(
    db,
    `INSERT INTO config_layers (layer, overrides, version, updated_at_ms) VALUES (?, ?, ?, ?)
     ON CONFLICT (layer) DO UPDATE SET overrides = excluded.overrides,
       version = excluded.version, updated_at_ms = excluded.updated_at_ms`,
  );
  const allTerminals = statement(db, 'SELECT id, facility_ids FROM terminals ORDER BY id');
  const members = statement(
    db,
    'SELECT terminal_id FROM terminal_group_members WHERE group_id = ? ORDER BY terminal_id',
  );

  const read = async (id: string) => {
    const row = await layer.get<{ version: number; overrides: string }>(id);
    if (row === undefined) return { version: 0, patch: {} };
    // Written only by write() below, after the same schema.
    return {
      version: row.version,
      patch: TerminalConfigPatchSchema.parse(JSON.parse(row.overrides)),
    };
  };

  const regionLayerOf = async (facilityIds: readonly string[]) => {
    const first = facilityIds[0];
    if (first === undefined) return null;
    const row = await regionOf.get<{ region_code: string }>(first);
    return row === undefined ? null : `region:${row.region_code}`;
  };

  return {
    async chain(terminalId, facilityIds) {
      if (terminalId === WEB_CHANNEL) return [];
      const chain = ['defaults'];
      const region = await regionLayerOf(facilityIds);
      if (region !== null) chain.push(region);
      const group = await groupOf.get<{ group_id: string }>(terminalId);
      if (group !== undefined) chain.push(`group:${group.group_id}`);
      return chain;
    },
    read,
    async merged(layers) {
      let out: TerminalConfigPatch = {};
      for (const id of layers) out = { ...out, ...(await read(id)).patch };
      return out;
    },
    async write(id, patch, version, nowMs) {
      await upsert.run(id, JSON.stringify(TerminalConfigPatchSchema.parse(patch)), version, nowMs);
    },
    async terminalsOf(id) {
      if (id.startsWith('group:')) {
        const rows = await members.all<{ terminal_id: string }>(id.slice('group:'.length));
        return rows.map((row) => row.terminal_id);
      }
      if (id.startsWith('terminal:')) return [id.slice('terminal:'.length)];
      const rows = await allTerminals.all<{ id: string; facility_ids: string }>();
      const out: string[] = [];
      for (const row of rows) {
        if (row.id === WEB_CHANNEL) continue;
        if (id === 'defaults' || (await regionLayerOf(facilityIdsOf(row.facility_ids))) === id) {
          out.push(row.id);
        }
      }
      return out;
    },
    async groupOf(terminalId) {
      return (await groupOf.get<{ group_id: string }>(terminalId))?.group_id ?? null;
    },
  };
}
