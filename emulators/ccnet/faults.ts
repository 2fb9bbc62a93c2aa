/**
 * Fault injection for the emulator's wire: a seeded PRNG decides (never Math.random), so a
 * failing test replays exactly from its seed.
 */
import { assert } from '../../common/assert.ts';

export type FaultSettings = {
  /** Probability that a frame (host command or device answer) vanishes. */
  dropRate: number;
  /** Probability that one byte of an answer is flipped (the CRC then fails). */
  corruptRate: number;
  /** Probability that an answer is written in several chunks with small gaps. */
  splitRate: number;
  /** Extra latency of a delayed answer. */
  delayMs: number;
  delayRate: number;
  seed: number;
};

export const NO_FAULTS: FaultSettings = {
  dropRate: 0,
  corruptRate: 0,
  splitRate: 0,
  delayMs: 0,
  delayRate: 0,
  seed: 1,
};

export function checkFaults(faults: FaultSettings): FaultSettings {
  for (const key of ['dropRate', 'corruptRate', 'splitRate', 'delayRate'] as const) {
    const rate = faults[key];
    assert(Number.isFinite(rate) && rate >= 0 && rate <= 1, `faults: ${key} must be 0..1`);
  }
  assert(Number.isSafeInteger(faults.delayMs) && faults.delayMs >= 0, 'faults: delayMs');
  assert(faults.delayMs <= 60_000, 'faults: delayMs above 60 s');
  assert(Number.isSafeInteger(faults.seed), 'faults: seed must be an integer');
  return faults;
}

export type OutgoingPlan = {
  drop: boolean;
  bytes: Uint8Array;
  delayMs: number;
  /** Chunk boundaries (exclusive ends); one chunk when not split. */
  chunkEnds: number[];
};

/** Decides what happens to one answer on its way to the host. */
export function planOutgoing(
  frame: Uint8Array,
  faults: FaultSettings,
  random: () => number,
): OutgoingPlan {
  const bytes = Uint8Array.from(frame);
  const drop = random() < faults.dropRate;
  if (random() < faults.corruptRate) {
    const index = Math.floor(random() * bytes.length);
    bytes[index] = bytes[index]! ^ (1 + Math.floor(random() * 255));
  }
  const delayMs = random() < faults.delayRate ? faults.delayMs : 0;
  const chunkEnds: number[] = [];
  if (random() < faults.splitRate && bytes.length > 1) {
    const pieces = 2 + Math.floor(random() * 3);
    for (let piece = 1; piece < pieces; piece++) {
      chunkEnds.push(1 + Math.floor(random() * (bytes.length - 1)));
    }
    chunkEnds.sort((left, right) => left - right);
  }
  chunkEnds.push(bytes.length);
  return { drop, bytes, delayMs, chunkEnds };
}
