/**
 * Configuration editing from the console: the signed terminal configuration central already
 * keeps (central/terminal-config.ts). The console shows what is in force and the version the
 * terminal has applied (from its heartbeat), previews a change as a field-by-field diff with
 * the check central applies, and publishes it only against the version the user looked at.
 */
import type { TerminalConfig, TerminalConfigPatch } from '../../common/central-wire.ts';
import type { ConfigDiff } from '../../common/console-wire.ts';
import { ApiFailure, apiError } from '../errors.ts';
import { type ConfigStore, configProblem } from '../terminal-config.ts';
import type { Accounts, Actor } from './accounts.ts';
import type { EventBus } from './events.ts';
import type { Gate } from './gate.ts';
import type { Views } from './views.ts';

export type ConfigRouteDeps = {
  gate: Gate;
  accounts: Accounts;
  configs: ConfigStore;
  views: Views;
  bus: EventBus;
  nowMs: () => number;
};

/** The fields a console user edits; keys and ids stay out of sight. */
export const EDITABLE_FIELDS = [
  'paymentKopecksMin',
  'paymentKopecksMax',
  'commissionRateBasisPoints',
  'commissionKopecksMin',
  'acceptedNotesKopecks',
  'languages',
  'supportPhone',
  'creditingDaysText',
  'agent',
  'supplier',
  'letterPageKopecks',
  'replyBlankKopecks',
  'fiscal',
] as const satisfies readonly (keyof TerminalConfigPatch)[];

export function editableOf(config: TerminalConfig): TerminalConfigPatch {
  const out: Record<string, unknown> = {};
  for (const field of EDITABLE_FIELDS) {
    if (config[field] !== undefined) out[field] = config[field];
  }
  return out as TerminalConfigPatch;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Changed leaves, nested objects by their dotted path; arrays compared whole. */
export function configDiff(before: unknown, after: unknown, path = ''): ConfigDiff[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      configDiff(before[key], after[key], path === '' ? key : `${path}.${key}`),
    );
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ field: path, from: before ?? null, to: after ?? null }];
}

export function registerConfigRoutes(deps: ConfigRouteDeps): void {
  const { gate, configs, views } = deps;

  const visibleConfig = async (actor: Actor, id: string) => {
    const row = await views.rowFor(actor.user, id);
    const config = row === null ? null : await configs.get(id);
    if (row === null || config === null) {
      throw new ApiFailure(apiError(404, 'unknown-terminal', 'no such terminal'));
    }
    return { row, config };
  };

  gate.route('GET', '/v1/console/terminals/{terminalId}/config', 'read', async (req, _r, actor) => {
    const { terminalId } = req.params as { terminalId: string };
    const { row, config } = await visibleConfig(actor, terminalId);
    return {
      terminalId,
      version: config.version,
      appliedVersion: row.configVersionApplied,
      config: editableOf(config),
    };
  });

  const preview = (config: TerminalConfig, patch: TerminalConfigPatch) => {
    const next = { ...config, ...patch };
    return {
      version: config.version,
      diff: configDiff(editableOf(config), editableOf(next)),
      problem: configProblem(next),
    };
  };

  gate.route(
    'POST',
    '/v1/console/terminals/{terminalId}/config/preview',
    'config.edit',
    async (req, _r, actor) => {
      const { terminalId } = req.params as { terminalId: string };
      const { patch } = req.body as { patch: TerminalConfigPatch };
      const { config } = await visibleConfig(actor, terminalId);
      return preview(config, patch);
    },
  );

  gate.route(
    'POST',
    '/v1/console/terminals/{terminalId}/config',
    'config.edit',
    async (req, _r, actor) => {
      const { terminalId } = req.params as { terminalId: string };
      const body = req.body as { patch: TerminalConfigPatch; expectedVersion: number };
      const { row, config } = await visibleConfig(actor, terminalId);
      if (config.version !== body.expectedVersion) {
        throw new ApiFailure(
          apiError(409, 'config-moved', `the configuration is at version ${config.version} now`),
        );
      }
      const { diff } = preview(config, body.patch);
      // Only what changes becomes the terminal's own: the rest stays inherited from its layers.
      const changedOnly = Object.fromEntries(
        Object.entries(body.patch).filter(
          ([key, value]) =>
            JSON.stringify(value) !== JSON.stringify(config[key as keyof TerminalConfig]),
        ),
      ) as TerminalConfigPatch;
      const changed = await configs.change(terminalId, changedOnly, deps.nowMs());
      if (!changed.ok) throw new ApiFailure(changed.error);
      await deps.accounts.audit({
        atMs: deps.nowMs(),
        userId: actor.user.userId,
        login: actor.user.login,
        action: 'config-change',
        target: terminalId,
        detail: { fromVersion: config.version, toVersion: changed.value.version, diff },
        ip: actor.ip,
      });
      deps.bus.publish({ type: 'config', terminalId });
      return {
        terminalId,
        version: changed.value.version,
        appliedVersion: row.configVersionApplied,
        config: editableOf(changed.value),
      };
    },
  );
}
