/**
 * The console's wire for remote commands and layered configuration (central/openapi.yaml,
 * `/v1/console/terminals/{terminalId}/commands`, `/v1/console/config/*`): the shapes central
 * builds and the console app validates, as common/console-wire.ts does for the rest.
 */
import { z } from 'zod';
import { terminalId, timeMs } from './central-wire-base.ts';
import { ConfigDiffSchema } from './console-wire.ts';
import { COMMAND_KINDS } from './remote-command-wire.ts';

export const COMMAND_STATUSES = [
  'sent',
  'acknowledged',
  'done',
  'refused',
  'failed',
  'expired',
] as const;

export const CommandViewSchema = z.object({
  terminalId,
  commandId: z.number().int().min(1),
  kind: z.string(),
  args: z.unknown(),
  status: z.enum(COMMAND_STATUSES),
  reason: z.string().nullable(),
  detail: z.string().nullable(),
  createdBy: z.string(),
  createdAtMs: timeMs,
  expiresAtMs: timeMs,
  deliveredAtMs: timeMs.nullable(),
  acknowledgedAtMs: timeMs.nullable(),
  finishedAtMs: timeMs.nullable(),
  /** What the result brought (logs, a screenshot), downloadable from `…/commands/{id}/file`. */
  file: z.object({ kind: z.enum(['logs', 'screenshot']), byteCount: z.number().int() }).nullable(),
});
export type CommandView = z.infer<typeof CommandViewSchema>;
export const CommandListSchema = z.object({ commands: z.array(CommandViewSchema) });

/** Minutes a command may wait for its kiosk before it expires (default 30). */
export const COMMAND_TTL_MINUTES_MAX = 24 * 60;
export const CommandCreateSchema = z
  .object({
    kind: z.enum(COMMAND_KINDS),
    args: z.record(z.string(), z.unknown()).default({}),
    ttlMinutes: z.number().int().min(1).max(COMMAND_TTL_MINUTES_MAX).default(30),
  })
  .strict();

/**
 * A configuration layer: `defaults` (every terminal), `region:<code>`, `group:<id>`; a
 * terminal's own overrides sit on top (`terminal:<id>`). The effective configuration of a
 * terminal is the defaults overridden by its region's layer, then its group's, then its own.
 */
export const layerPattern =
  /^(defaults|region:[0-9]{2}|group:[a-z0-9][a-z0-9-]{0,39}|terminal:[A-Za-z0-9][A-Za-z0-9._-]{0,63})$/;
export const LayerIdSchema = z.string().regex(layerPattern);

export const LayerViewSchema = z.object({
  layer: LayerIdSchema,
  version: z.number().int().min(0),
  overrides: z.record(z.string(), z.unknown()),
  /** What the layer would give without its own overrides (the layers below it). */
  inherited: z.record(z.string(), z.unknown()),
  terminals: z.array(terminalId),
});
export type LayerView = z.infer<typeof LayerViewSchema>;

export const TerminalEffectSchema = z.object({
  terminalId,
  currentVersion: z.number().int(),
  appliedVersion: z.number().int().nullable(),
  diff: z.array(ConfigDiffSchema),
  /** Why central would refuse this terminal's resulting configuration, or null. */
  problem: z.string().nullable(),
});
export type TerminalEffect = z.infer<typeof TerminalEffectSchema>;

export const LayerPreviewSchema = z.object({
  layer: LayerIdSchema,
  version: z.number().int().min(0),
  /** The layer's own overrides, before → after. */
  diff: z.array(ConfigDiffSchema),
  /** Each terminal the layer reaches: its effective configuration, before → after. */
  terminals: z.array(TerminalEffectSchema),
});
export type LayerPreview = z.infer<typeof LayerPreviewSchema>;

export const GroupSchema = z.object({
  groupId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  name: z.string().trim().min(1).max(100),
  terminals: z.array(terminalId).max(500),
});
export type Group = z.infer<typeof GroupSchema>;
export const GroupListSchema = z.object({ groups: z.array(GroupSchema) });
