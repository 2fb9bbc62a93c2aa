/**
 * Alerts in words: an alert's kind, severity and detail, worded from the facts central stores
 * beside it, in Russian and English. The console shows them in its reader's language; central
 * writes its alert e-mails in Russian with the same words (the webhook carries the codes).
 */
import type { AlertView } from './console-wire.ts';

export const alertWordsRu = {
  billAcceptor: 'Купюроприёмник',
  printer: 'Принтер',
  'kind.offline': 'Нет связи',
  'kind.cassette-near-full': 'Кассета почти полна',
  'kind.paper-near-end': 'Бумага заканчивается',
  'kind.paper-out': 'Нет бумаги',
  'kind.device-fault': 'Неисправность',
  'kind.outbox-stale': 'Очередь не уходит',
  'severity.critical': 'критично',
  'severity.warning': 'внимание',
  'alert.offline': 'Нет связи дольше {minutes} мин',
  'alert.offline-seconds': 'Нет связи дольше {seconds} с',
  'alert.cassette-near-full': 'В кассете {notes} из {capacity} купюр',
  'alert.paper-near-end': 'Рулон бумаги заканчивается',
  'alert.paper-out': 'В принтере нет бумаги',
  'alert.device-fault': 'Неисправность: {devices}',
  'alert.outbox-stale': 'В очереди {count}, старейший {minutes} мин',
};

export type AlertWords = Record<keyof typeof alertWordsRu, string>;

export const alertWordsEn: AlertWords = {
  billAcceptor: 'Bill acceptor',
  printer: 'Printer',
  'kind.offline': 'Offline',
  'kind.cassette-near-full': 'Cassette near full',
  'kind.paper-near-end': 'Paper near end',
  'kind.paper-out': 'Paper out',
  'kind.device-fault': 'Device fault',
  'kind.outbox-stale': 'Outbox stuck',
  'severity.critical': 'critical',
  'severity.warning': 'warning',
  'alert.offline': 'No heartbeat for more than {minutes} min',
  'alert.offline-seconds': 'No heartbeat for more than {seconds} s',
  'alert.cassette-near-full': '{notes} of {capacity} notes in the cassette',
  'alert.paper-near-end': 'The paper roll is near its end',
  'alert.paper-out': 'The printer has no paper',
  'alert.device-fault': 'Fault: {devices}',
  'alert.outbox-stale': '{count} waiting, oldest {minutes} min',
};

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** An alert's detail in the reader's language, from its facts; central's text otherwise. */
export function alertText(t: (key: string) => string, alert: AlertView): string {
  const facts = alert.facts;
  if (facts === null || facts === undefined) return alert.detail;
  if (alert.kind === 'device-fault') {
    const devices = Object.entries(facts)
      .map(([device, code]) => `${t(device)} (${code})`)
      .join(', ');
    return fill(t('alert.device-fault'), { devices });
  }
  if (alert.kind === 'offline' && facts.seconds !== undefined) {
    return fill(t('alert.offline-seconds'), facts);
  }
  return fill(t(`alert.${alert.kind}`), facts);
}

/** A word of `words`, or the key itself when it has none (a kind newer than these words). */
export function wordsOf(words: AlertWords): (key: string) => string {
  const all = words as Record<string, string>;
  return (key) => all[key] ?? key;
}
