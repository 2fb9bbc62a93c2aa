/**
 * Checking a remote command from central before anything runs: its signature with central's
 * roster key (pinned at enrolment, as for the roster and the configuration), that it is this
 * terminal's, that it has not expired, that its number is above the last one this kiosk took
 * (a replay of an old signed command is refused), and that its kind and arguments are known.
 */
import {
  type CommandKind,
  CommandArgsSchemas,
  type CommandPayload,
  CommandPayloadSchema,
  COMMAND_KINDS,
  type SignedCommand,
} from '../../common/remote-command-wire.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { verifySignedPayload } from './signed-payload.ts';

export type VerifiedCommand = {
  commandId: number;
  kind: CommandKind;
  args: Record<string, unknown>;
  expiresAtMs: number;
};

export type CommandRefusal = {
  reason:
    | 'bad-signature'
    | 'invalid'
    | 'other-terminal'
    | 'unknown-command'
    | 'expired'
    | 'replayed';
  /** The number the command claims, when it has one; null when nothing could be read. */
  commandId: number | null;
  /** Whether central should hear of it: not for another terminal's command (its number is not ours). */
  report: boolean;
  detail: string;
};

/** The number a payload claims, read without trusting it (for reporting a refusal). */
export function claimedCommandId(payload: string): number | null {
  try {
    const raw = JSON.parse(payload) as { commandId?: unknown };
    const id = raw.commandId;
    return typeof id === 'number' && Number.isSafeInteger(id) && id >= 1 ? id : null;
  } catch {
    return null;
  }
}

function isKind(kind: string): kind is CommandKind {
  return (COMMAND_KINDS as readonly string[]).includes(kind);
}

export function verifyCommand(
  signed: SignedCommand,
  context: {
    centralKeyPem: string;
    terminalId: string;
    lastCommandId: number;
    nowMs: number;
  },
): Result<VerifiedCommand, CommandRefusal> {
  const claimed = claimedCommandId(signed.payload);
  const checked = verifySignedPayload<CommandPayload>(
    signed,
    context.centralKeyPem,
    context.terminalId,
    CommandPayloadSchema,
  );
  if (!checked.ok) {
    const error = checked.error;
    if (error.kind === 'other-terminal') {
      const detail = `for terminal ${error.terminalId}`;
      return err({ reason: 'other-terminal', commandId: claimed, report: false, detail });
    }
    if (error.kind === 'bad-signature') {
      const detail = "the signature is not central's";
      return err({ reason: 'bad-signature', commandId: claimed, report: true, detail });
    }
    return err({ reason: 'invalid', commandId: claimed, report: true, detail: error.message });
  }
  const payload = checked.value;
  const refuse = (reason: CommandRefusal['reason'], detail: string) =>
    err<CommandRefusal>({ reason, commandId: payload.commandId, report: true, detail });
  if (payload.commandId <= context.lastCommandId) {
    return refuse('replayed', `command ${payload.commandId} is not above ${context.lastCommandId}`);
  }
  if (payload.expiresAtMs <= context.nowMs) {
    return refuse('expired', `expired at ${new Date(payload.expiresAtMs).toISOString()}`);
  }
  if (!isKind(payload.kind)) return refuse('unknown-command', `no command "${payload.kind}"`);
  const args = CommandArgsSchemas[payload.kind].safeParse(payload.args ?? {});
  if (!args.success) return refuse('invalid', args.error.issues[0]?.message ?? 'bad arguments');
  return ok({
    commandId: payload.commandId,
    kind: payload.kind,
    args: args.data as Record<string, unknown>,
    expiresAtMs: payload.expiresAtMs,
  });
}
