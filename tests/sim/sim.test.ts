import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/ledger-support.ts';
import { runSimulation } from './simulator.ts';

const long = process.env.KIOSK_LONG === '1';
const seedFromEnv = process.env.KIOSK_SIM_SEED;
const seeds =
  seedFromEnv !== undefined
    ? [Number(seedFromEnv)]
    : Array.from({ length: long ? 400 : 25 }, (_, index) => 1_000 + index);
const steps = Number(process.env.KIOSK_SIM_STEPS ?? (long ? 2_000 : 400));

describe('deterministic simulation: machine + service + ledger, fake device and clock', () => {
  it(
    `${seeds.length} seeds × ${steps} steps conserve money through crashes`,
    async () => {
      const temp = tempDir('kiosk-sim-');
      try {
        let transfers = 0;
        let crashes = 0;
        for (const seed of seeds) {
          try {
            const stats = await runSimulation(seed, steps, temp.dir);
            transfers += stats.transfers;
            crashes += stats.crashes;
          } catch (error) {
            throw new Error(
              `${String(error)}\nreplay: KIOSK_SIM_SEED=${seed} KIOSK_SIM_STEPS=${steps}`,
            );
          }
        }
        // The schedules must actually exercise the money path, not just idle.
        expect(transfers).toBeGreaterThan(seeds.length);
        expect(crashes).toBeGreaterThan(seeds.length);
      } finally {
        temp.remove();
      }
    },
    long ? 3_600_000 : 120_000,
  );
});
