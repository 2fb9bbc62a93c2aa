/**
 * Layered configuration from the console: the defaults for every terminal, a region's, a
 * group's, or one terminal's own overrides (central/config-layers.ts says how they stack).
 * The form sends the values it shows; what differs from what the layer inherits becomes its
 * overrides. A preview lists, for every terminal the layer reaches, the effective
 * configuration before and after and the reason central would refuse it; publishing bumps
 * each of those terminals' version so their kiosks fetch the new signed copy.
 */
import type { TerminalConfigPatch } from '../../common/central-wire.ts';
import { TerminalConfigPatchSchema } from '../../common/central-wire.ts';
import {
  GroupSchema,
  LayerIdSchema,
  type TerminalEffect,
} from '../../common/console-wire-fleet.ts';
import { ApiFailure, apiError } from '../errors.ts';
import { type ConfigStore, configProblem, defaultConfig } from '../terminal-config.ts';
import type { Accounts, Actor } from './accounts.ts';
import type { EventBus } from './events.ts';
import type { Gate } from './gate.ts';
import { configDiff, EDITABLE_FIELDS, editableOf } from './routes-config.ts';
import type { Views } from './views.ts';
import type { CentralDb } from '../db.ts';

export type LayerRouteDeps = {
  db: CentralDb;
  gate: Gate;
  accounts: Accounts;
  configs: ConfigStore;
  views: Views;
  bus: EventBus;
  nowMs: () => number;
};

const fail = (status: number, code: string, message: string) =>
  new ApiFailure(apiError(status, code, message));

/** The fields of `values` that differ from `inherited`: a layer's overrides. */
export function overridesOf(
  values: TerminalConfigPatch,
  inherited: TerminalConfigPatch,
): TerminalConfigPatch {
  const out: Record<string, unknown> = {};
  for (const field of EDITABLE_FIELDS) {
    const value = values[field];
    if (value === undefined) continue;
    if (JSON.stringify(value) !== JSON.stringify(inherited[field])) out[field] = value;
  }
  return out as TerminalConfigPatch;
}

export function registerLayerRoutes(deps: LayerRouteDeps): void {
  const { gate, configs, views } = deps;
  const builtIn = editableOf(defaultConfig('defaults', [], '', ''));

  const layerId = (raw: unknown) => {
    const parsed = LayerIdSchema.safeParse(raw);
    if (!parsed.success) throw fail(404, 'unknown-layer', 'no such configuration layer');
    return parsed.data;
  };

  /** What the layer would give without its own overrides. */
  const inheritedOf = async (layer: string): Promise<TerminalConfigPatch> => {
    if (layer.startsWith('terminal:')) {
      const terminalId = layer.slice('terminal:'.length);
      const config = await configs.effectiveWith(terminalId, { id: layer, patch: {} });
      if (config === null) throw fail(404, 'unknown-terminal', 'no such terminal');
      return editableOf(config);
    }
    // The fiscal block names the terminal's own registrar (its automat number): it is edited
    // per terminal, and shown on a shared layer only once that layer sets it.
    const { fiscal: _fiscal, ...shared } = builtIn;
    const under = layer === 'defaults' ? {} : (await configs.layers.read('defaults')).patch;
    return { ...shared, ...under };
  };

  const readLayer = async (layer: string) => {
    if (layer.startsWith('terminal:')) {
      const terminalId = layer.slice('terminal:'.length);
      const config = await configs.get(terminalId);
      if (config === null) throw fail(404, 'unknown-terminal', 'no such terminal');
      return { version: config.version, patch: await configs.own(terminalId) };
    }
    return configs.layers.read(layer);
  };

  /** The terminals a layer reaches; all of them must be the user's to change it. */
  const reach = async (actor: Actor, layer: string) => {
    const all = await configs.layers.terminalsOf(layer);
    const visible = new Set((await views.rowsFor(actor.user)).map((row) => row.terminalId));
    const mine = all.filter((id) => visible.has(id));
    if (layer.startsWith('terminal:') && mine.length === 0) {
      throw fail(404, 'unknown-terminal', 'no such terminal');
    }
    return { all, mine, complete: mine.length === all.length };
  };

  const preview = async (actor: Actor, layer: string, values: TerminalConfigPatch) => {
    const current = await readLayer(layer);
    const inherited = await inheritedOf(layer);
    const overrides = overridesOf(values, inherited);
    const { mine, complete } = await reach(actor, layer);
    const terminals: TerminalEffect[] = [];
    const rows = new Map((await views.rowsFor(actor.user)).map((row) => [row.terminalId, row]));
    for (const terminalId of mine) {
      const before = await configs.get(terminalId);
      const after = await configs.effectiveWith(terminalId, { id: layer, patch: overrides });
      if (before === null || after === null) continue;
      terminals.push({
        terminalId,
        currentVersion: before.version,
        appliedVersion: rows.get(terminalId)?.configVersionApplied ?? null,
        diff: configDiff(editableOf(before), editableOf(after)),
        problem: configProblem(after),
      });
    }
    return {
      layer,
      version: current.version,
      diff: configDiff(current.patch, overrides),
      terminals,
      overrides,
      complete,
    };
  };

  gate.route('GET', '/v1/console/config/layers/{layer}', 'read', async (req, _r, actor) => {
    const layer = layerId((req.params as { layer: string }).layer);
    const current = await readLayer(layer);
    const { mine } = await reach(actor, layer);
    return {
      layer,
      version: current.version,
      overrides: current.patch,
      inherited: await inheritedOf(layer),
      terminals: mine,
    };
  });

  const valuesOf = (body: unknown): TerminalConfigPatch => {
    const values = TerminalConfigPatchSchema.safeParse((body as { values?: unknown })?.values);
    if (!values.success) {
      throw fail(400, 'bad-request', values.error.issues[0]?.message ?? 'bad values');
    }
    return values.data;
  };

  gate.route(
    'POST',
    '/v1/console/config/layers/{layer}/preview',
    'config.edit',
    async (req, _r, actor) => {
      const layer = layerId((req.params as { layer: string }).layer);
      const {
        overrides: _o,
        complete: _c,
        ...shown
      } = await preview(actor, layer, valuesOf(req.body));
      return shown;
    },
  );

  gate.route('POST', '/v1/console/config/layers/{layer}', 'config.edit', async (req, _r, actor) => {
    const layer = layerId((req.params as { layer: string }).layer);
    const { expectedVersion } = req.body as { expectedVersion: number };
    const seen = await preview(actor, layer, valuesOf(req.body));
    if (!seen.complete) {
      throw fail(403, 'forbidden', 'this layer reaches terminals outside your scope');
    }
    if (seen.version !== expectedVersion) {
      throw fail(409, 'config-moved', `the layer is at version ${seen.version} now`);
    }
    const refused = seen.terminals.find((effect) => effect.problem !== null);
    if (refused !== undefined) {
      throw fail(422, 'config-invalid', `${refused.terminalId}: ${refused.problem}`);
    }
    const version = await publish(layer, seen.overrides, seen.terminals);
    await deps.accounts.audit({
      atMs: deps.nowMs(),
      userId: actor.user.userId,
      login: actor.user.login,
      action: 'config-layer-change',
      target: layer,
      detail: {
        fromVersion: seen.version,
        toVersion: version,
        diff: seen.diff,
        terminals: seen.terminals.map((t) => ({ terminalId: t.terminalId, diff: t.diff })),
      },
      ip: actor.ip,
    });
    for (const effect of seen.terminals) {
      deps.bus.publish({ type: 'config', terminalId: effect.terminalId });
    }
    return { layer, version, terminals: seen.terminals.map((t) => t.terminalId) };
  });

  const publish = (layer: string, overrides: TerminalConfigPatch, reached: TerminalEffect[]) =>
    deps.db.transaction(async () => {
      const nowMs = deps.nowMs();
      if (layer.startsWith('terminal:')) {
        const terminalId = layer.slice('terminal:'.length);
        const changed = await configs.change(terminalId, overrides, nowMs, EDITABLE_FIELDS);
        if (!changed.ok) throw new ApiFailure(changed.error);
        return changed.value.version;
      }
      const version = (await configs.layers.read(layer)).version + 1;
      await configs.layers.write(layer, overrides, version, nowMs);
      for (const effect of reached) {
        if (effect.diff.length > 0) await configs.bumpVersion(effect.terminalId, nowMs);
      }
      return version;
    });

  registerGroupRoutes(deps);
}

function registerGroupRoutes(deps: LayerRouteDeps): void {
  const { gate, db } = deps;
  gate.route('GET', '/v1/console/groups', 'read', async (_req, _r, actor) => {
    const visible = new Set((await deps.views.rowsFor(actor.user)).map((row) => row.terminalId));
    const groups = await db.all<{ id: string; name: string }>(
      'SELECT id, name FROM terminal_groups ORDER BY name',
    );
    const members = await db.all<{ terminal_id: string; group_id: string }>(
      'SELECT terminal_id, group_id FROM terminal_group_members ORDER BY terminal_id',
    );
    return {
      groups: groups.map((group) => ({
        groupId: group.id,
        name: group.name,
        terminals: members
          .filter((m) => m.group_id === group.id && visible.has(m.terminal_id))
          .map((m) => m.terminal_id),
      })),
    };
  });

  gate.route('POST', '/v1/console/groups', 'config.edit', async (req, _r, actor) => {
    const parsed = GroupSchema.safeParse(req.body);
    if (!parsed.success) throw fail(400, 'bad-request', parsed.error.issues[0]?.message ?? '');
    const group = parsed.data;
    if (!('all' in actor.user.scope)) {
      throw fail(403, 'forbidden', 'groups span the fleet: only a user who sees all may edit');
    }
    const visible = new Set((await deps.views.rowsFor(actor.user)).map((row) => row.terminalId));
    const unknown = group.terminals.find((id) => !visible.has(id));
    if (unknown !== undefined) throw fail(404, 'unknown-terminal', `no terminal ${unknown}`);
    const nowMs = deps.nowMs();
    await db.transaction(async () => {
      await db.run(
        `INSERT INTO terminal_groups (id, name, created_at_ms) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name`,
        group.groupId,
        group.name,
        nowMs,
      );
      const before = await deps.configs.layers.terminalsOf(`group:${group.groupId}`);
      await db.run('DELETE FROM terminal_group_members WHERE group_id = ?', group.groupId);
      for (const terminalId of group.terminals) {
        await db.run(
          `INSERT INTO terminal_group_members (terminal_id, group_id) VALUES (?, ?)
           ON CONFLICT (terminal_id) DO UPDATE SET group_id = excluded.group_id`,
          terminalId,
          group.groupId,
        );
      }
      // Joining or leaving a group may change what a terminal inherits.
      for (const terminalId of new Set([...before, ...group.terminals])) {
        await deps.configs.bumpVersion(terminalId, nowMs);
      }
    });
    await deps.accounts.audit({
      atMs: nowMs,
      userId: actor.user.userId,
      login: actor.user.login,
      action: 'group-change',
      target: `group:${group.groupId}`,
      detail: { name: group.name, terminals: group.terminals },
      ip: actor.ip,
    });
    return group;
  });
}
