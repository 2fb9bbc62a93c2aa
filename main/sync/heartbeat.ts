import { assert } from '../../common/assert.ts';
import type { FiscalStatusWire } from '../../common/central-wire.ts';
import type { DeviceState } from '../../common/contract.ts';
import type { SignedCommand } from '../../common/remote-command-wire.ts';
import type { Result } from '../../common/result.ts';
import type { Logger } from '../log.ts';
import { type CentralFailure, describeFailure } from './central-failure.ts';
import type { ClockSkew, KioskSequence, SkewMonitor } from './kiosk-clock.ts';
import type { OutboxSenderStatus } from './outbox-sender.ts';
import { createTimerLoop, type SetTimer } from './timer-loop.ts';

export type PaperLevel = 'ok' | 'near-end' | 'out' | 'unknown';

/** POST /v1/terminal/heartbeat body (central/openapi.yaml Heartbeat). */
export type HeartbeatBody = {
  sentAtMs: number;
  softwareVersion: string;
  devices: { billAcceptor: DeviceState; printer: DeviceState };
  outboxCount: number;
  cassetteNoteCount: number;
  outboxParkedCount: number;
  outboxOldestAgeMs: number | null;
  paper: PaperLevel;
  /** Monotonic across restarts (kiosk-clock.ts): orders reports when the wall clock jumps. */
  sequence: number;
  rosterGeneratedAtMs: number | null;
  /** The kiosk's last estimate of central − kiosk, for central's operator page. */
  clockSkewMs: number | null;
  rosterFetchedAtMs: number | null;
  /** The terminal configuration in force here, and when it was fetched. */
  configVersion: number | null;
  configFetchedAtMs: number | null;
  /** A fiscal terminal's registrar, shift, ФН and receipt queue (absent elsewhere). */
  fiscal?: FiscalStatusWire;
};

export type HeartbeatTransport = {
  sendHeartbeat(
    body: HeartbeatBody,
  ): Promise<
    Result<
      { receivedAtMs: number; configVersion?: number; commands?: SignedCommand[] },
      CentralFailure
    >
  >;
  /**
   * Central's clock from an unsigned call (GET /v1/health). Used when central refuses our
   * signatures as expired: then the kiosk's clock is off by minutes, and the signed heartbeat
   * that normally measures the skew cannot get through.
   */
  centralNowMs?(): Promise<Result<number, CentralFailure>>;
};

/** What the rest of the kiosk knows right now; read at each beat, never cached here. */
export type HeartbeatSources = {
  devices: () => { billAcceptor: DeviceState; printer: DeviceState };
  paper: () => PaperLevel;
  cassetteNoteCount: () => number;
  outbox: () => Pick<OutboxSenderStatus, 'pendingCount' | 'parkedCount' | 'oldestPendingAgeMs'>;
  rosterGeneratedAtMs: () => number | null;
  rosterFetchedAtMs?: () => number | null;
  config?: () => { version: number | null; fetchedAtMs: number | null };
  /** null: this kiosk does not fiscalise (the field is left out). */
  fiscal?: () => FiscalStatusWire | null;
};

export type HeartbeatResult =
  | { kind: 'sent'; sequence: number; skew: ClockSkew }
  | { kind: 'failed'; sequence: number; error: string };

export type Heartbeat = {
  start(): void;
  stop(): void;
  beatOnce(): Promise<HeartbeatResult>;
  lastResult(): HeartbeatResult | null;
};

/**
 * Every `intervalMs`, one small signed report so central's operator page shows each terminal's
 * devices, paper, cassette fill and unsent money. A failed beat is only logged: the next one
 * carries fresher data, and a fixed 60 s interval cannot storm central.
 */
export function createHeartbeat(deps: {
  client: HeartbeatTransport;
  sources: HeartbeatSources;
  sequence: KioskSequence;
  skew: SkewMonitor;
  softwareVersion: string;
  now: () => number;
  log: Pick<Logger, 'info' | 'warn' | 'debug'>;
  intervalMs?: number;
  setTimer?: SetTimer;
  /** Central's configuration version from each answer (the kiosk refetches when it differs). */
  onConfigVersion?: (version: number) => void;
  /** Remote commands from each answer, [] when none (main/app/remote-command-runner.ts). */
  onCommands?: (commands: SignedCommand[]) => void;
}): Heartbeat {
  const intervalMs = deps.intervalMs ?? 60_000;
  assert(intervalMs >= 1_000, 'heartbeat: interval at least 1 s');
  let last: HeartbeatResult | null = null;

  const body = (sequence: number): HeartbeatBody => {
    const outbox = deps.sources.outbox();
    return {
      sentAtMs: deps.now(),
      softwareVersion: deps.softwareVersion.slice(0, 32),
      devices: deps.sources.devices(),
      outboxCount: outbox.pendingCount + outbox.parkedCount,
      cassetteNoteCount: deps.sources.cassetteNoteCount(),
      outboxParkedCount: outbox.parkedCount,
      outboxOldestAgeMs: outbox.oldestPendingAgeMs,
      paper: deps.sources.paper(),
      sequence,
      rosterGeneratedAtMs: deps.sources.rosterGeneratedAtMs(),
      clockSkewMs: deps.skew.current().skewMs,
      rosterFetchedAtMs: deps.sources.rosterFetchedAtMs?.() ?? null,
      configVersion: deps.sources.config?.().version ?? null,
      configFetchedAtMs: deps.sources.config?.().fetchedAtMs ?? null,
      ...fiscalOf(deps.sources),
    };
  };

  const probeClock = async () => {
    if (deps.client.centralNowMs === undefined) return;
    const sentAtMs = deps.now();
    const central = await deps.client.centralNowMs();
    if (central.ok) {
      deps.skew.observe({ sentAtMs, answeredAtMs: deps.now(), centralNowMs: central.value });
    }
  };

  // A central from before fiscal status validates the heartbeat strictly and answers 400 to
  // the unknown field: the kiosk then leaves it out for the rest of its run.
  let fiscalUnknownToCentral = false;
  const send = async (payload: HeartbeatBody) => {
    if (fiscalUnknownToCentral || payload.fiscal === undefined) {
      const { fiscal: _fiscal, ...older } = payload;
      return deps.client.sendHeartbeat(older);
    }
    const answer = await deps.client.sendHeartbeat(payload);
    if (answer.ok || answer.error.kind !== 'http' || answer.error.status !== 400) return answer;
    fiscalUnknownToCentral = true;
    deps.log.info({}, 'heartbeat: central does not take the fiscal status; left out');
    const { fiscal: _fiscal, ...older } = payload;
    return deps.client.sendHeartbeat(older);
  };

  const beat = async (): Promise<HeartbeatResult> => {
    const sequence = deps.sequence.next();
    const payload = body(sequence);
    const answer = await send(payload);
    const answeredAtMs = deps.now();
    if (!answer.ok) {
      const error = describeFailure(answer.error);
      deps.log.debug({ error, sequence }, 'heartbeat not delivered');
      const failure = answer.error;
      if (failure.kind === 'http' && failure.code === 'signature-expired') await probeClock();
      return { kind: 'failed', sequence, error };
    }
    const skew = deps.skew.observe({
      sentAtMs: payload.sentAtMs,
      answeredAtMs,
      centralNowMs: answer.value.receivedAtMs,
    });
    const configVersion = answer.value.configVersion;
    if (configVersion !== undefined) deps.onConfigVersion?.(configVersion);
    deps.onCommands?.(answer.value.commands ?? []);
    return { kind: 'sent', sequence, skew };
  };

  const loop = createTimerLoop({
    run: async () => {
      const result = await beat();
      last = result;
      return result;
    },
    intervalMs,
    onError: (error) => deps.log.warn({ err: error }, 'heartbeat: round failed'),
    ...(deps.setTimer === undefined ? {} : { setTimer: deps.setTimer }),
  });

  return {
    start: loop.start,
    stop: () => void loop.stop(),
    beatOnce: loop.runNow,
    lastResult: () => last,
  };
}

function fiscalOf(sources: HeartbeatSources): { fiscal?: FiscalStatusWire } {
  const fiscal = sources.fiscal?.() ?? null;
  return fiscal === null ? {} : { fiscal };
}
