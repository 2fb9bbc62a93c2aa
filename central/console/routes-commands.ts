/**
 * Remote commands: an operator sends one to a terminal in their scope; central numbers it for
 * that terminal, signs it with the roster key (the kiosk pins that key at enrolment) and hands
 * it out in the terminal's next heartbeat answers until the kiosk reports on it or it expires.
 * Every command and every result is in the audit log; the file a result brings (logs, a
 * screenshot) is downloaded from the command's page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type CommandView, CommandCreateSchema } from '../../common/console-wire-fleet.ts';
import {
  COMMAND_FORMAT,
  CommandArgsSchemas,
  type CommandPayload,
  CommandResultSchema,
  type SignedCommand,
} from '../../common/remote-command-wire.ts';
import { ApiFailure, apiError } from '../errors.ts';
import { type RouteContext, route, terminalOf } from '../http.ts';
import type { RosterSigner } from '../roster.ts';
import type { Accounts, Actor } from './accounts.ts';
import type { EventBus } from './events.ts';
import type { Gate } from './gate.ts';
import type { CommandRow, CommandStore } from './store-commands.ts';
import type { Views } from './views.ts';

export type CommandRouteDeps = {
  context: RouteContext;
  gate: Gate;
  accounts: Accounts;
  commands: CommandStore;
  signer: RosterSigner;
  views: Views;
  bus: EventBus;
  nowMs: () => number;
};

/** A result with a file may be this large (logs, a PNG as base64, the JSON around them). */
export const COMMAND_RESULT_BODY_BYTES_MAX = 8 * 1024 * 1024;

export function commandView(row: CommandRow): CommandView {
  const { payload: _payload, signature: _signature, file, ...rest } = row;
  const kind = file?.kind;
  return {
    ...rest,
    file:
      file === null || (kind !== 'logs' && kind !== 'screenshot')
        ? null
        : { kind, byteCount: file.byteCount },
  };
}

const badRequest = (message: string) =>
  new ApiFailure(apiError(400, 'bad-request', message.slice(0, 300)));

function parseIds(request: FastifyRequest): { terminalId: string; commandId: number } {
  const { terminalId, commandId } = request.params as { terminalId: string; commandId: string };
  const id = Number(commandId);
  if (!Number.isSafeInteger(id) || id < 1) throw badRequest('commandId is a positive integer');
  return { terminalId, commandId: id };
}

export function registerCommandRoutes(deps: CommandRouteDeps): void {
  const { gate, commands, views } = deps;
  const visible = async (actor: Actor, terminalId: string) => {
    if ((await views.rowFor(actor.user, terminalId)) === null) {
      throw new ApiFailure(apiError(404, 'unknown-terminal', 'no such terminal'));
    }
  };

  gate.route(
    'GET',
    '/v1/console/terminals/{terminalId}/commands',
    'read',
    async (request, _reply, actor) => {
      const { terminalId } = request.params as { terminalId: string };
      await visible(actor, terminalId);
      await commands.expire(deps.nowMs(), terminalId);
      return { commands: (await commands.list(terminalId, 50)).map(commandView) };
    },
  );

  gate.route(
    'POST',
    '/v1/console/terminals/{terminalId}/commands',
    'commands.send',
    async (request, reply, actor) => {
      const { terminalId } = request.params as { terminalId: string };
      await visible(actor, terminalId);
      const input = CommandCreateSchema.safeParse(request.body);
      if (!input.success) throw badRequest(input.error.issues[0]?.message ?? 'bad command');
      const args = CommandArgsSchemas[input.data.kind].safeParse(input.data.args);
      if (!args.success) throw badRequest(args.error.issues[0]?.message ?? 'bad arguments');
      const createdAtMs = deps.nowMs();
      const expiresAtMs = createdAtMs + input.data.ttlMinutes * 60_000;
      const row = await commands.create({
        terminalId,
        kind: input.data.kind,
        args: args.data,
        createdBy: actor.user.login,
        createdAtMs,
        expiresAtMs,
        sign: (commandId) => {
          const payload: CommandPayload = {
            format: COMMAND_FORMAT,
            terminalId,
            commandId,
            kind: input.data.kind,
            args: args.data,
            issuedAtMs: createdAtMs,
            expiresAtMs,
          };
          const text = JSON.stringify(payload);
          return { payload: text, signature: deps.signer.sign(text) };
        },
      });
      await deps.accounts.audit({
        atMs: createdAtMs,
        userId: actor.user.userId,
        login: actor.user.login,
        action: 'command-send',
        target: terminalId,
        detail: { commandId: row.commandId, kind: row.kind, args: row.args, expiresAtMs },
        ip: actor.ip,
      });
      deps.bus.publish({ type: 'command', terminalId });
      return reply.code(201).send(commandView(row));
    },
  );

  gate.route(
    'GET',
    '/v1/console/terminals/{terminalId}/commands/{commandId}/file',
    'commands.send',
    async (request, reply, actor) => {
      const { terminalId, commandId } = parseIds(request);
      await visible(actor, terminalId);
      const file = await commands.file(terminalId, commandId);
      if (file === null) throw new ApiFailure(apiError(404, 'no-file', 'this command has no file'));
      await deps.accounts.audit({
        atMs: deps.nowMs(),
        userId: actor.user.userId,
        login: actor.user.login,
        action: 'command-file',
        target: terminalId,
        detail: { commandId, kind: file.kind },
        ip: actor.ip,
      });
      return sendFile(reply, terminalId, commandId, file);
    },
  );

  registerTerminalResultRoute(deps);
}

function sendFile(
  reply: FastifyReply,
  terminalId: string,
  commandId: number,
  file: { kind: string; content: string },
) {
  const name = `${terminalId}-${commandId}`;
  if (file.kind === 'screenshot') {
    return reply
      .header('content-type', 'image/png')
      .header('content-disposition', `inline; filename="${name}.png"`)
      .send(Buffer.from(file.content, 'base64'));
  }
  return reply
    .header('content-type', 'text/plain; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.log"`)
    .send(file.content);
}

/** The kiosk's report on a command: signed like every terminal request, its own only. */
function registerTerminalResultRoute(deps: CommandRouteDeps): void {
  route(
    deps.context,
    'POST',
    '/v1/terminal/commands/{commandId}/result',
    'terminal',
    async (request) => {
      const terminalId = terminalOf(request);
      const { commandId } = parseIds(request);
      const result = CommandResultSchema.safeParse(request.body);
      if (!result.success) throw badRequest(result.error.issues[0]?.message ?? 'bad result');
      const current = await deps.commands.get(terminalId, commandId);
      if (current === null) {
        throw new ApiFailure(apiError(404, 'unknown-command', 'no such command'));
      }
      const atMs = deps.nowMs();
      const changed = await deps.commands.finish({
        terminalId,
        commandId,
        status: result.data.outcome,
        reason: result.data.reason,
        detail: result.data.detail,
        atMs,
        file: result.data.file,
      });
      if (changed) {
        await deps.accounts.audit({
          atMs,
          userId: null,
          login: `terminal:${terminalId}`,
          action: 'command-result',
          target: terminalId,
          detail: {
            commandId,
            kind: current.kind,
            outcome: result.data.outcome,
            reason: result.data.reason,
            file: result.data.file?.kind ?? null,
          },
          ip: request.ip,
        });
        deps.bus.publish({ type: 'command', terminalId });
      }
      const after = await deps.commands.get(terminalId, commandId);
      return { commandId, status: after?.status ?? current.status };
    },
    { bodyLimit: COMMAND_RESULT_BODY_BYTES_MAX },
  );
}

/** The signed commands a heartbeat answer carries for this terminal (and marks delivered). */
export async function pendingCommands(
  commands: CommandStore,
  terminalId: string,
  nowMs: number,
): Promise<SignedCommand[]> {
  const pending = await commands.pending(terminalId, nowMs);
  await commands.markDelivered(
    terminalId,
    pending.filter((row) => row.deliveredAtMs === null).map((row) => row.commandId),
    nowMs,
  );
  return pending.map((row) => ({ payload: row.payload, signature: row.signature }));
}
