/** Money on the app's screens: common/money.ts in the payer's language's style. */
import { formatKopecks, type MoneyStyle } from '../../common/money.ts';
import type { Language } from './i18n/i18n.ts';

const styles: Record<Language, MoneyStyle> = {
  ru: { group: '\u00a0', decimal: ',', kopecks: 'when-any' },
  en: { group: ',', decimal: '.', kopecks: 'when-any' },
  uz: { group: '\u00a0', decimal: ',', kopecks: 'when-any' },
  tg: { group: '\u00a0', decimal: ',', kopecks: 'when-any' },
  ky: { group: '\u00a0', decimal: ',', kopecks: 'when-any' },
};

export function money(kopecks: number, language: Language): string {
  return formatKopecks(kopecks, styles[language]);
}

/** «1500», «1 500,50», «1500.5» → kopecks; null for anything else. */
export function parseRoubles(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0]/g, '').replace(',', '.');
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

export function dateTime(ms: number, language: Language): string {
  const date = new Date(ms);
  const two = (value: number) => String(value).padStart(2, '0');
  const day = `${two(date.getDate())}.${two(date.getMonth() + 1)}.${date.getFullYear()}`;
  const time = `${two(date.getHours())}:${two(date.getMinutes())}`;
  const iso = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
  return language === 'en' ? `${iso} ${time}` : `${day} ${time}`;
}
