/**
 * Moscow time, as the operators read it, without relying on the time-zone data of whatever
 * runs the code (a browser, a server in another zone): Moscow has kept UTC+3 since 2014.
 */
export const MOSCOW_OFFSET_MS = 3 * 60 * 60_000;

/** "01.03.2025 14:05" in Moscow time. */
export function moscowDateTime(ms: number): string {
  const iso = new Date(ms + MOSCOW_OFFSET_MS).toISOString();
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}
