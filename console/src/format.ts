/** How the console writes money, times and durations (Moscow time, as the operators read it). */
import { formatRublesPlain, kopecks } from '../../common/money.ts';
import { MOSCOW_OFFSET_MS, moscowDateTime } from '../../common/moscow-time.ts';

export function money(valueKopecks: number): string {
  return `${formatRublesPlain(kopecks(valueKopecks))} ₽`;
}

/** "01.03.2025 14:05" in Moscow time, without relying on the browser's time-zone data. */
export function dateTime(ms: number | null): string {
  return ms === null ? '—' : moscowDateTime(ms);
}

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} мин`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} ч ${minutes % 60} мин`;
  return `${Math.floor(hours / 24)} д`;
}

/** For a date input: "2025-03-01" of a time, in Moscow. */
export function dayInput(ms: number): string {
  return new Date(ms + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);
}

/** The start of a Moscow day typed in a date input, as epoch ms. */
export function dayStartMs(day: string): number | null {
  const parsed = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(parsed) ? null : parsed - MOSCOW_OFFSET_MS;
}
