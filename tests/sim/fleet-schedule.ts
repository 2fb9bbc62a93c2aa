/**
 * The fleet simulator's plan (fleet-sim.ts runs it): what every simulated terminal and
 * payer does, and when in simulated time, drawn from one seed, so a seed replays the same
 * plan whatever the machine. Terminals send a heartbeat every minute, transfers at a rate
 * that follows the day (visiting hours peak late morning and mid-afternoon, nights are
 * empty), fetch their roster a few times a day, and some lose the network for a while: their
 * heartbeats stop and their transfers pile up, to go as one batch when the link is back. A
 * few acknowledgements are lost, so the same transfer is sent again (central must keep it
 * once). Payers log in from their own app, search for their person and pay from the wallet.
 */
import { createRng, type Rng } from '../../common/prng.ts';

export type FleetConfig = {
  terminals: number;
  payers: number;
  seed: number;
  /** Simulated clock at the start, hour of day (0–23). */
  startHour: number;
  /** Simulated time covered. */
  simDurationMs: number;
  transfersPerTerminalPerDay: number;
  /** Relative transfer rate per hour of day (24 numbers, any scale). */
  hourlyWeights: readonly number[];
  heartbeatEveryMs: number;
  rosterEveryMs: number;
  /** Chance that a terminal loses its link once during the run. */
  outageChance: number;
  /** Chance that a transfer's acknowledgement is lost and it is sent again. */
  resendChance: number;
  /** Wallet payments per payer during the run. */
  paymentsPerPayer: number;
};

/** Lobbies open 8–19; visits peak 10–12 and 14–16. */
export const VISITING_HOURS: readonly number[] = [
  0, 0, 0, 0, 0, 0, 0, 0, 2, 5, 9, 10, 7, 4, 8, 9, 6, 3, 1, 0, 0, 0, 0, 0,
];

export const DEFAULT_FLEET: Omit<FleetConfig, 'terminals' | 'payers' | 'simDurationMs'> = {
  seed: 20_261_207,
  startHour: 10,
  transfersPerTerminalPerDay: 40,
  hourlyWeights: VISITING_HOURS,
  heartbeatEveryMs: 60_000,
  rosterEveryMs: 6 * 60 * 60_000,
  outageChance: 0.02,
  resendChance: 0.01,
  paymentsPerPayer: 2,
};

export type TransferPlan = { transferId: string; recipient: number; amountKopecks: number };

export type FleetEvent =
  | { atMs: number; kind: 'heartbeat'; terminal: number }
  | { atMs: number; kind: 'roster'; terminal: number }
  | { atMs: number; kind: 'transfer'; terminal: number; transfer: TransferPlan; resend: boolean }
  | { atMs: number; kind: 'backlog'; terminal: number; transfers: TransferPlan[] }
  | { atMs: number; kind: 'payer-login' | 'payer-search'; payer: number }
  | { atMs: number; kind: 'payer-pay'; payer: number; transfer: TransferPlan };

const HOUR_MS = 60 * 60_000;

/** Transfers per ms per terminal at a simulated time (ms since the start). */
function rateAt(config: FleetConfig, simMs: number): number {
  const total = config.hourlyWeights.reduce((sum, weight) => sum + weight, 0);
  const hour = Math.floor(config.startHour + simMs / HOUR_MS) % 24;
  const share = total === 0 ? 0 : (config.hourlyWeights[hour] ?? 0) / total;
  return (config.transfersPerTerminalPerDay * share) / HOUR_MS;
}

/** A UUIDv7 drawn from the plan's PRNG (time part from the simulated clock). */
function planUuid(rng: Rng, timeMs: number): string {
  const hex = (digits: number) =>
    Array.from({ length: digits }, () => rng.int(16).toString(16)).join('');
  const time = Math.floor(timeMs).toString(16).padStart(12, '0');
  const variant = (8 + rng.int(4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

const AMOUNTS_KOPECKS = [50_000, 100_000, 150_000, 200_000, 300_000, 500_000];

function transferPlan(rng: Rng, simMs: number, recipients: number): TransferPlan {
  return {
    transferId: planUuid(rng, 1_790_000_000_000 + simMs),
    recipient: rng.int(recipients),
    amountKopecks: rng.pick(AMOUNTS_KOPECKS),
  };
}

function terminalEvents(config: FleetConfig, terminal: number, rng: Rng, recipients: number) {
  const events: FleetEvent[] = [];
  const end = config.simDurationMs;
  const outage = rng.chance(config.outageChance) ? { from: rng.next() * end * 0.6, toMs: 0 } : null;
  if (outage !== null) outage.toMs = outage.from + (0.1 + rng.next() * 0.3) * end;
  const offline = (atMs: number) => outage !== null && atMs >= outage.from && atMs < outage.toMs;
  const backlog: TransferPlan[] = [];
  for (
    let atMs = rng.next() * config.heartbeatEveryMs;
    atMs < end;
    atMs += config.heartbeatEveryMs
  ) {
    if (!offline(atMs)) events.push({ atMs, kind: 'heartbeat', terminal });
  }
  for (let atMs = rng.next() * config.rosterEveryMs; atMs < end; atMs += config.rosterEveryMs) {
    if (!offline(atMs)) events.push({ atMs, kind: 'roster', terminal });
  }
  // Transfers as a Poisson process whose rate follows the hour (thinning a peak-rate one).
  const peak = Math.max(...config.hourlyWeights.map((_w, hour) => rateAt(config, hour * HOUR_MS)));
  const peakRate = Math.max(
    peak,
    ...Array.from({ length: 24 }, (_v, h) => rateAt(config, h * HOUR_MS)),
  );
  for (let atMs = 0; peakRate > 0; ) {
    atMs += -Math.log(1 - rng.next()) / peakRate;
    if (atMs >= end) break;
    if (rng.next() * peakRate > rateAt(config, atMs)) continue;
    const transfer = transferPlan(rng, atMs, recipients);
    if (offline(atMs)) {
      backlog.push(transfer);
      continue;
    }
    events.push({ atMs, kind: 'transfer', terminal, transfer, resend: false });
    if (rng.chance(config.resendChance)) {
      events.push({ atMs: atMs + 5_000, kind: 'transfer', terminal, transfer, resend: true });
    }
  }
  if (outage !== null && backlog.length > 0) {
    for (let at = 0; at < backlog.length; at += 100) {
      const transfers = backlog.slice(at, at + 100);
      events.push({ atMs: Math.min(outage.toMs, end - 1), kind: 'backlog', terminal, transfers });
    }
  }
  return events;
}

/** Every event of the run, in simulated time order (ties in a fixed order). */
export function planFleet(config: FleetConfig, recipients: number): FleetEvent[] {
  const rng = createRng(config.seed);
  const events: FleetEvent[] = [];
  for (let terminal = 0; terminal < config.terminals; terminal += 1) {
    events.push(...terminalEvents(config, terminal, rng, recipients));
  }
  const end = config.simDurationMs;
  for (let payer = 0; payer < config.payers; payer += 1) {
    const loginAtMs = rng.next() * end * 0.3;
    events.push({ atMs: loginAtMs, kind: 'payer-login', payer });
    events.push({ atMs: loginAtMs + 1, kind: 'payer-search', payer });
    for (let index = 0; index < config.paymentsPerPayer; index += 1) {
      const atMs = loginAtMs + 2 + rng.next() * (end - loginAtMs - 2);
      events.push({
        atMs,
        kind: 'payer-pay',
        payer,
        transfer: transferPlan(rng, atMs, recipients),
      });
    }
  }
  return events.sort((a, b) => a.atMs - b.atMs);
}
