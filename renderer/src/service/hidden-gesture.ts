import { useEffect } from 'react';

/** The hidden way in: 5 taps in the top-left corner within 3 s (a payer never does that). */
export const gesture = { taps: 5, windowMs: 3_000, cornerPx: 96 } as const;

/** Pure: does this tap, with the earlier ones, complete the gesture? Returns the kept taps. */
export function registerTap(
  tapsMs: readonly number[],
  atMs: number,
  x: number,
  y: number,
): { tapsMs: number[]; triggered: boolean } {
  if (x > gesture.cornerPx || y > gesture.cornerPx) return { tapsMs: [], triggered: false };
  const recent = [...tapsMs, atMs].filter((tapMs) => atMs - tapMs <= gesture.windowMs);
  if (recent.length >= gesture.taps) return { tapsMs: [], triggered: true };
  return { tapsMs: recent.slice(-gesture.taps), triggered: false };
}

/** Listens on the whole document (capture phase, so screens cannot swallow the taps). */
export function useHiddenGesture(onTrigger: () => void, enabled = true): void {
  useEffect(() => {
    if (!enabled) return;
    let tapsMs: number[] = [];
    const listener = (event: PointerEvent) => {
      const next = registerTap(tapsMs, event.timeStamp, event.clientX, event.clientY);
      tapsMs = next.tapsMs;
      if (next.triggered) onTrigger();
    };
    document.addEventListener('pointerdown', listener, { capture: true });
    return () => document.removeEventListener('pointerdown', listener, { capture: true });
  }, [onTrigger, enabled]);
}
