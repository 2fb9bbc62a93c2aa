/** Operator screens: plain Russian formatting, no payer i18n (operators read Russian). */
export function rub(kopecks: number): string {
  const whole = Math.floor(kopecks / 100);
  const part = String(kopecks % 100).padStart(2, '0');
  return `${String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${part} ₽`;
}

export function dateTime(epochMs: number | null): string {
  if (epochMs === null) return '—';
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getDate())}.${two(date.getMonth() + 1)}.${date.getFullYear()} ${two(
    date.getHours(),
  )}:${two(date.getMinutes())}`;
}

export function bytes(value: number): string {
  if (value >= 1024 ** 3) return `${(value / 1024 ** 3).toFixed(1)} ГБ`;
  return `${Math.round(value / 1024 ** 2)} МБ`;
}

/** Rubles typed by the operator → kopecks, or null when it is not a whole amount. */
export function rublesToKopecks(text: string): number | null {
  const clean = text.replace(/\s/g, '').replace(',', '.');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(clean)) return null;
  const [whole = '0', part = ''] = clean.split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
}

/** A local date «2026-11-25» from an <input type=date> → epoch ms of its local midnight. */
export function dayStartMs(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const ms = new Date(`${value}T00:00:00`).getTime();
  return Number.isFinite(ms) ? ms : null;
}
