import { t } from '../i18n/operator.ts';

/** Operator screens: dates and sizes in Russian (money: i18n/money-format.ts). */
export function dateTime(epochMs: number | null): string {
  if (epochMs === null) return '—';
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getDate())}.${two(date.getMonth() + 1)}.${date.getFullYear()} ${two(
    date.getHours(),
  )}:${two(date.getMinutes())}`;
}

export function bytes(value: number): string {
  if (value >= 1024 ** 3) return t('svc.bytes.gb', { value: (value / 1024 ** 3).toFixed(1) });
  return t('svc.bytes.mb', { value: Math.round(value / 1024 ** 2) });
}

/** A local date «2026-11-25» from an <input type=date> → epoch ms of its local midnight. */
export function dayStartMs(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const ms = new Date(`${value}T00:00:00`).getTime();
  return Number.isFinite(ms) ? ms : null;
}
