/**
 * Runs the remote commands central hands out in heartbeat answers, one at a time, in number
 * order. Each is checked first (main/sync/remote-commands.ts); while a payer's session is
 * open (cash may be inside) or an operator is in service mode every command is refused, and
 * central hears why. The number of the last command taken, the payment block and the recent
 * outcomes live in the ledger, so a restart neither runs a command twice nor forgets a block.
 */
import { z } from 'zod';
import type { CommandFile, SignedCommand } from '../../common/remote-command-wire.ts';
import type { PrinterPort } from '../../common/ports.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Logger } from '../log.ts';
import { verifyCommand, type VerifiedCommand } from '../sync/remote-commands.ts';
import {
  createResultSender,
  type Report,
  type ResultSender,
} from '../sync/remote-command-client.ts';
import type { RemoteCommandsListener, Sync } from './sync.ts';
import type { TerminalIdentity } from './terminal-identity.ts';
import { readLogRange } from './remote-logs.ts';

/** What only the host can do: take a picture of the screen, exit for a restart. */
export type RemoteHost = {
  captureScreen?: () => Promise<
    | {
        ok: true;
        png: Buffer;
        widthPx: number;
        heightPx: number;
        method: 'capture-page' | 'renderer-dom';
      }
    | { ok: false; message: string }
  >;
  /** Ends the process cleanly with RESTART_EXIT_CODE: the supervisor starts it again. */
  restart?: () => void;
};

/** The exit code of a restart asked from the console (systemd's Restart=always restarts). */
export const RESTART_EXIT_CODE = 75;

const STATE_KEY = 'remote-commands.state';
const OUTCOMES_KEPT = 20;

const StateSchema = z.object({
  lastCommandId: z.number().int().min(0),
  block: z
    .object({ reason: z.string().max(200), commandId: z.number().int(), atMs: z.number().int() })
    .nullable(),
  outcomes: z.array(
    z.object({
      commandId: z.number().int(),
      outcome: z.enum(['done', 'refused', 'failed']),
      reason: z.string().nullable(),
      detail: z.string().nullable(),
      reported: z.boolean(),
    }),
  ),
});
type State = z.infer<typeof StateSchema>;
type Outcome = State['outcomes'][number];

export type RemoteCommands = {
  /** The operator's block: its words for the home screen, or null. */
  block(): { reason: string } | null;
  attachHost(host: RemoteHost): void;
  /** Resolves when every command received so far has been handled (tests, close). */
  idle(): Promise<void>;
  close(): void;
};

export function createRemoteCommands(deps: {
  ledger: Ledger;
  sync: Pick<Sync, 'onRemoteCommands' | 'refreshNow'>;
  /** A payer's session is open (cash may be inside) or a payer is logged in. */
  payerBusy: () => boolean;
  serviceActive: () => boolean;
  printer: PrinterPort;
  logDir: string;
  /** The block changed: the status model reads block() again. */
  onBlockChange: () => void;
  now: () => number;
  log: Logger;
}): RemoteCommands {
  const log = deps.log.child({ area: 'remote-commands' });
  let host: RemoteHost = {};
  let chain: Promise<void> = Promise.resolve();
  const inFlight = new Set<number>();
  /** Files of outcomes not yet reported (too large for the ledger; lost on a restart). */
  const files = new Map<number, CommandFile>();
  let sender: { identity: TerminalIdentity; send: ResultSender } | null = null;

  const read = (): State => {
    const found = deps.ledger.settings.get(STATE_KEY, StateSchema);
    return found.ok ? found.value : { lastCommandId: 0, block: null, outcomes: [] };
  };
  const write = (state: State) => deps.ledger.settings.set(STATE_KEY, state, deps.now());
  const remember = (outcome: Outcome) => {
    const state = read();
    const others = state.outcomes.filter((o) => o.commandId !== outcome.commandId);
    write({ ...state, outcomes: [...others, outcome].slice(-OUTCOMES_KEPT) });
  };

  const report = async (commandId: number, body: Report): Promise<boolean> => {
    if (sender === null) return false;
    const sent = await sender.send(commandId, body);
    if (!sent.ok)
      log.warn({ commandId, error: sent.error }, 'remote command: report not delivered');
    return sent.ok;
  };

  const finish = async (commandId: number, outcome: Omit<Outcome, 'commandId' | 'reported'>) => {
    const file = files.get(commandId);
    const reported = await report(commandId, { ...outcome, ...(file ? { file } : {}) });
    if (reported) files.delete(commandId);
    remember({ commandId, ...outcome, reported });
  };

  /** Outcomes whose report was lost are sent again at each heartbeat answer. */
  const resendUnreported = async () => {
    for (const outcome of read().outcomes.filter((o) => !o.reported)) {
      await finish(outcome.commandId, outcome);
    }
  };

  const run = async (
    command: VerifiedCommand,
  ): Promise<Omit<Outcome, 'commandId' | 'reported'>> => {
    const done = (detail: string | null = null) => ({
      outcome: 'done' as const,
      reason: null,
      detail,
    });
    const failed = (reason: string, detail: string) => ({
      outcome: 'failed' as const,
      reason,
      detail,
    });
    switch (command.kind) {
      case 'block-payments': {
        const reason = String(command.args.reason);
        write({ ...read(), block: { reason, commandId: command.commandId, atMs: deps.now() } });
        deps.onBlockChange();
        return done();
      }
      case 'unblock-payments':
        write({ ...read(), block: null });
        deps.onBlockChange();
        return done();
      case 'refresh-config': {
        const fresh = await deps.sync.refreshNow();
        const error = fresh.config.error ?? fresh.roster.error;
        if (error !== null) return failed('refresh-failed', error.slice(0, 300));
        return done(
          `configuration ${fresh.config.version ?? '—'}, roster ${fresh.roster.generatedAtMs ?? '—'}`,
        );
      }
      case 'print-test-receipt':
        return printTest(
          deps.printer,
          command.commandId,
          sender?.identity.terminalId ?? '',
          deps.now(),
        );
      case 'upload-logs': {
        const range = await readLogRange(
          deps.logDir,
          Number(command.args.fromMs),
          Number(command.args.toMs),
        );
        files.set(command.commandId, { kind: 'logs', ...range });
        return done(`${range.lineCount} lines${range.truncated ? ', the oldest left out' : ''}`);
      }
      case 'screenshot': {
        if (host.captureScreen === undefined)
          return failed('not-supported', 'this host has no screen');
        const shot = await host.captureScreen();
        if (!shot.ok) return failed('capture-failed', shot.message.slice(0, 300));
        const { png, widthPx, heightPx, method } = shot;
        files.set(command.commandId, {
          kind: 'screenshot',
          pngBase64: png.toString('base64'),
          widthPx,
          heightPx,
          method,
        });
        return done(`${widthPx}×${heightPx}`);
      }
      case 'restart-app':
        if (host.restart === undefined) return failed('not-supported', 'this host cannot restart');
        return done('restarting');
    }
  };

  const handle = async (
    signed: SignedCommand,
    identity: TerminalIdentity,
    keyPem: string | null,
  ) => {
    const state = read();
    const checked = verifyCommand(signed, {
      centralKeyPem: keyPem ?? '',
      terminalId: identity.terminalId,
      lastCommandId: state.lastCommandId,
      nowMs: deps.now(),
    });
    if (!checked.ok) {
      const refusal = checked.error;
      if (refusal.commandId !== null && inFlight.has(refusal.commandId)) return;
      const stored = state.outcomes.find((o) => o.commandId === refusal.commandId);
      if (refusal.reason === 'replayed' && stored !== undefined && stored.reported) return;
      log.warn({ ...refusal }, 'remote command refused');
      if (refusal.reason === 'expired' && refusal.commandId !== null) {
        write({ ...read(), lastCommandId: Math.max(state.lastCommandId, refusal.commandId) });
      }
      if (refusal.report && refusal.commandId !== null) {
        await report(refusal.commandId, {
          outcome: 'refused',
          reason: refusal.reason,
          detail: refusal.detail,
        });
      }
      return;
    }
    const command = checked.value;
    // Taken: its number is written before it runs, so it never runs twice.
    write({ ...state, lastCommandId: command.commandId });
    const busy = deps.payerBusy()
      ? 'payer-session-open'
      : deps.serviceActive()
        ? 'service-mode'
        : null;
    if (busy !== null) {
      log.info(
        { commandId: command.commandId, kind: command.kind, busy },
        'remote command refused',
      );
      const detail =
        busy === 'payer-session-open'
          ? 'a payer is at the kiosk'
          : 'an operator is servicing the kiosk';
      await finish(command.commandId, { outcome: 'refused', reason: busy, detail });
      return;
    }
    inFlight.add(command.commandId);
    try {
      await report(command.commandId, { outcome: 'acknowledged', reason: null, detail: null });
      log.info({ commandId: command.commandId, kind: command.kind }, 'remote command running');
      const outcome = await run(command).catch((error: unknown) => ({
        outcome: 'failed' as const,
        reason: 'internal',
        detail: error instanceof Error ? error.message.slice(0, 300) : 'failed',
      }));
      await finish(command.commandId, outcome);
      log.info({ commandId: command.commandId, ...outcome }, 'remote command finished');
      if (command.kind === 'restart-app' && outcome.outcome === 'done') restartWhenFree();
    } finally {
      inFlight.delete(command.commandId);
    }
  };

  /** A payer may have walked up while the report went out: the restart waits for them. */
  const restartWhenFree = () => {
    const attempt = () => {
      if (deps.payerBusy() || deps.serviceActive()) {
        setTimeout(attempt, 1_000).unref();
        return;
      }
      log.info({}, 'remote command: restarting the app');
      host.restart?.();
    };
    attempt();
  };

  const listener: RemoteCommandsListener = (commands, from) => {
    if (sender === null || sender.identity !== from.identity) {
      sender = { identity: from.identity, send: createResultSender(from.identity, deps.now) };
    }
    const sorted = [...commands].sort((a, b) => (claimedOrder(a) ?? 0) - (claimedOrder(b) ?? 0));
    chain = chain
      .then(async () => {
        for (const signed of sorted) await handle(signed, from.identity, from.centralKeyPem);
        await resendUnreported();
      })
      .catch((error: unknown) => log.error({ err: error }, 'remote commands: round failed'));
  };
  const unsubscribe = deps.sync.onRemoteCommands(listener);

  return {
    block: () => {
      const block = read().block;
      return block === null ? null : { reason: block.reason };
    },
    attachHost(next) {
      host = { ...host, ...next };
    },
    idle: () => chain,
    close: unsubscribe,
  };
}

function claimedOrder(signed: SignedCommand): number | null {
  try {
    const id = (JSON.parse(signed.payload) as { commandId?: unknown }).commandId;
    return typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

async function printTest(
  printer: PrinterPort,
  commandId: number,
  terminalId: string,
  nowMs: number,
) {
  const printed = await printer.print({
    widthColumns: 32,
    lines: [
      { kind: 'text', text: 'ТЕСТ ПЕЧАТИ', align: 'center', bold: true },
      { kind: 'text', text: 'по команде оператора', align: 'center' },
      { kind: 'text', text: `Терминал ${terminalId}` },
      { kind: 'text', text: `Команда № ${commandId}` },
      { kind: 'text', text: new Date(nowMs).toISOString() },
      { kind: 'rule' },
      { kind: 'feed', lines: 2 },
    ],
  });
  if (printed.ok) return { outcome: 'done' as const, reason: null, detail: null };
  return {
    outcome: 'failed' as const,
    reason: printed.error.kind,
    detail: `printer: ${printed.error.kind}`,
  };
}
