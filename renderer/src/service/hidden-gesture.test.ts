import { describe, expect, it } from 'vitest';
import { gesture, registerTap } from './hidden-gesture.ts';

function tapAll(taps: readonly { atMs: number; x: number; y: number }[]): boolean[] {
  let kept: number[] = [];
  return taps.map((tap) => {
    const next = registerTap(kept, tap.atMs, tap.x, tap.y);
    kept = next.tapsMs;
    return next.triggered;
  });
}

describe('registerTap', () => {
  it('triggers on the fifth corner tap within the window', () => {
    const taps = [0, 400, 800, 1_200, 1_600].map((atMs) => ({ atMs, x: 10, y: 10 }));
    expect(tapAll(taps)).toEqual([false, false, false, false, true]);
  });

  it('does not trigger when the taps are too slow', () => {
    const taps = [0, 1_000, 2_000, 3_000, 4_000, 5_000].map((atMs) => ({ atMs, x: 5, y: 5 }));
    expect(tapAll(taps).some(Boolean)).toBe(false);
  });

  it('a tap outside the corner starts over', () => {
    const corner = (atMs: number) => ({ atMs, x: 1, y: 1 });
    const taps = [corner(0), corner(100), corner(200), corner(300), { atMs: 350, x: 500, y: 5 }];
    taps.push(corner(400));
    expect(tapAll(taps).some(Boolean)).toBe(false);
    expect(gesture.taps).toBe(5);
  });
});
