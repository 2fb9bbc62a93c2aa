/**
 * Long soak (KIOSK_LONG=1): many seeds of wire faults plus random device trouble — power cuts
 * at any moment, cassette out and back, jams — while notes keep coming. After every round the
 * notes the driver reported `stacked` must be exactly the notes in the cassette.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { rubles } from '../../common/money.ts';
import { createPrng } from '../../emulators/ccnet/faults.ts';
import { createPtyRig } from '../support/ccnet-pty-rig.ts';
import { type Rig, until } from '../support/ccnet-rig.ts';

const LONG = process.env.KIOSK_LONG === '1';
const SEEDS = LONG ? Array.from({ length: 12 }, (_, index) => 1000 + index) : [];
const NOTES = [10, 50, 100, 200, 500, 1000, 2000, 5000].map(rubles);
const rigs: Rig[] = [];

afterEach(async () => {
  for (const rig of rigs.splice(0)) await rig.close();
});

async function trouble(rig: Rig, random: () => number): Promise<void> {
  const roll = random();
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  if (roll < 0.15) {
    rig.emulator.powerCycle('now', Math.floor(random() * 300));
  } else if (roll < 0.25) {
    rig.emulator.powerCycle(random() < 0.5 ? 'escrow' : 'stacking');
  } else if (roll < 0.35) {
    rig.emulator.removeCassette();
    await pause(100 + Math.floor(random() * 300));
    rig.emulator.insertCassette();
  } else if (roll < 0.45) {
    rig.emulator.jam(random() < 0.5 ? 'validator' : 'cassette');
    await pause(100 + Math.floor(random() * 300));
    rig.emulator.clearJam();
  }
}

describe.skipIf(!LONG)('CCNET soak over a pty', () => {
  it.each(SEEDS)(
    'seed %i: stacked == cassette after faults and trouble',
    async (seed) => {
      const rig = await createPtyRig();
      rigs.push(rig);
      const opened = await rig.driver.open();
      expect(opened.ok).toBe(true);
      const table = opened.ok ? opened.value.billTable : [];
      await rig.driver.enable(table.map((entry) => entry.billType));
      const random = createPrng(seed);
      rig.emulator.setFaults({
        dropRate: 0.05,
        corruptRate: 0.05,
        splitRate: 0.3,
        delayMs: 200,
        delayRate: 0.03,
        seed,
      });
      for (let round = 0; round < 6; round++) {
        await until(
          () => rig.emulator.snapshot().phase === 'idling',
          `round ${round}: idling`,
          30_000,
        );
        for (let count = 0; count < 3; count++)
          rig.emulator.insertNote(NOTES[Math.floor(random() * NOTES.length)]!);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 400)));
        await trouble(rig, random);
        await until(
          () => {
            const snapshot = rig.emulator.snapshot();
            return (
              snapshot.queuedNotes === 0 &&
              snapshot.powerCutArmed === null &&
              snapshot.phase === 'idling' &&
              rig.stacked.length === snapshot.cassette.notes.length
            );
          },
          () => `round ${round}: ${JSON.stringify([rig.stacked, rig.emulator.snapshot()])}`,
          40_000,
        ).catch(async (error: unknown) => {
          // An armed power cut that never fired (no note reached it) is not a failure.
          if (rig.emulator.snapshot().powerCutArmed !== null) return;
          throw error;
        });
      }
      const kopecksByType = new Map(
        table.map((entry) => [entry.billType, entry.noteKopecks as number]),
      );
      const reported = rig.stacked
        .map((billType) => kopecksByType.get(billType))
        .sort((a, b) => a! - b!);
      const inCassette = rig.emulator
        .cassette()
        .notes.map((note) => note.noteKopecks as number)
        .sort((a, b) => a - b);
      expect(reported).toEqual(inCassette);
    },
    300_000,
  );
});
