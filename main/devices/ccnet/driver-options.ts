import type { Expect, Log } from './transport.ts';
import { State } from '../../../protocol/ccnet/codes.ts';

/** Timings and behaviour of the CCNET driver; every field has a default suited to real units. */
export type CcnetDriverOptions = {
  pollIntervalMs?: number;
  responseTimeoutMs?: number;
  retriesMax?: number;
  busFreeMs?: number;
  absentAfterMs?: number;
  /** Spec §2.5: while absent, RESET at least… and here at most, every 10 s. */
  absentResetIntervalMs?: number;
  /** How long the device may stay in power-up/INITIALIZE after RESET (SL: up to 40 s). */
  initializeTimeoutMsMax?: number;
  /** open(): how long a note already in the head may take to finish before we RESET. */
  openSettleTimeoutMsMax?: number;
  /** How long the loop waits for a stacked/returned listener before polling on without ACK. */
  moneyAckWaitMsMax?: number;
  /** Bill types to put in high-security mode with SET SECURITY at open(); default none. */
  highSecurityBillTypes?: readonly number[];
  log?: Log;
  now?: () => number;
};

export type Settings = Required<Omit<CcnetDriverOptions, 'log' | 'now'>> & {
  log: Log;
  now: () => number;
};

export const QUEUE_MAX = 32;
export const expectAck: Expect = { kind: 'ack' };
/** Any one- or two-byte answer: an unknown state must reach the mapper, not look like silence. */
export const expectPoll: Expect = { kind: 'data', fits: (payload) => payload.length <= 2 };
/** States that mean a note is between the customer and the cassette. */
export const NOTE_IN_FLIGHT = new Set<number>([
  State.accepting,
  State.escrow,
  State.holding,
  State.stacking,
  State.returning,
  State.stacked,
  State.returned,
  State.pause,
]);
export const STARTING = new Set<number>([
  State.powerUp,
  State.powerUpBillInValidator,
  State.powerUpBillInStacker,
  State.initialize,
  State.busy,
]);

export function settingsOf(options: CcnetDriverOptions): Settings {
  return {
    pollIntervalMs: options.pollIntervalMs ?? 200,
    responseTimeoutMs: options.responseTimeoutMs ?? 300,
    retriesMax: options.retriesMax ?? 3,
    busFreeMs: options.busFreeMs ?? 20,
    absentAfterMs: options.absentAfterMs ?? 5_000,
    absentResetIntervalMs: options.absentResetIntervalMs ?? 10_000,
    initializeTimeoutMsMax: options.initializeTimeoutMsMax ?? 45_000,
    openSettleTimeoutMsMax: options.openSettleTimeoutMsMax ?? 45_000,
    moneyAckWaitMsMax: options.moneyAckWaitMsMax ?? 1_000,
    highSecurityBillTypes: options.highSecurityBillTypes ?? [],
    log: options.log ?? (() => {}),
    now: options.now ?? (() => Date.now()),
  };
}
