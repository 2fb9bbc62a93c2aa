/**
 * The console's words for remote commands, configuration field names and alert details, in
 * Russian and English (merged into i18n.ts's catalogues). Alert details and diff rows are
 * worded here from the facts central sends, so they follow the reader's language.
 */
import type { AlertView } from '../../common/console-wire.ts';

export const fleetRu = {
  commands: 'Команды терминалу',
  'command.send': 'Отправить',
  'command.kind': 'Команда',
  'command.block-payments': 'Остановить приём платежей',
  'command.unblock-payments': 'Возобновить приём платежей',
  'command.restart-app': 'Перезапустить программу',
  'command.upload-logs': 'Выгрузить журнал',
  'command.screenshot': 'Снимок экрана',
  'command.refresh-config': 'Обновить настройки и список',
  'command.print-test-receipt': 'Напечатать тестовый чек',
  'command.reason': 'Текст для посетителей',
  'command.hours': 'Журнал за последние, ч',
  'command.by': 'Кто',
  'command.file': 'Файл',
  'command.download': 'Скачать',
  'command.show': 'Открыть',
  'command.status.sent': 'отправлена',
  'command.status.acknowledged': 'принята терминалом',
  'command.status.done': 'выполнена',
  'command.status.refused': 'отклонена',
  'command.status.failed': 'не удалась',
  'command.status.expired': 'истекла',
  'refusal.payer-session-open': 'у терминала посетитель (деньги внутри)',
  'refusal.service-mode': 'идёт обслуживание терминала',
  'refusal.bad-signature': 'подпись не центра',
  'refusal.invalid': 'неверная команда',
  'refusal.unknown-command': 'терминал не знает этой команды',
  'refusal.expired': 'истекла до получения',
  'refusal.replayed': 'повтор старой команды',
  'refusal.not-supported': 'не поддерживается этим терминалом',
  'alert.offline': 'Нет связи дольше {minutes} мин',
  'alert.offline-seconds': 'Нет связи дольше {seconds} с',
  'alert.cassette-near-full': 'В кассете {notes} из {capacity} купюр',
  'alert.paper-near-end': 'Рулон бумаги заканчивается',
  'alert.paper-out': 'В принтере нет бумаги',
  'alert.device-fault': 'Неисправность: {devices}',
  'alert.outbox-stale': 'В очереди {count}, старейший {minutes} мин',
  'field.paymentKopecksMin': 'Минимальный платёж',
  'field.paymentKopecksMax': 'Максимальный платёж',
  'field.commissionRateBasisPoints': 'Комиссия',
  'field.commissionKopecksMin': 'Минимальная комиссия',
  'field.acceptedNotesKopecks': 'Принимаемые купюры',
  'field.languages': 'Языки',
  'field.supportPhone': 'Телефон поддержки',
  'field.creditingDaysText': 'Срок зачисления',
  'field.agent': 'Платёжный агент',
  'field.agent.name': 'Агент: наименование',
  'field.agent.inn': 'Агент: ИНН',
  'field.agent.address': 'Агент: адрес',
  'field.agent.phone': 'Агент: телефон',
  'field.agent.operatorName': 'Оператор перевода: наименование',
  'field.agent.operatorInn': 'Оператор перевода: ИНН',
  'field.agent.operatorPhone': 'Оператор перевода: телефон',
  'field.supplier': 'Поставщик',
  'field.supplier.name': 'Поставщик: наименование',
  'field.supplier.inn': 'Поставщик: ИНН',
  'field.supplier.phone': 'Поставщик: телефон',
  'field.letterPageKopecks': 'Цена страницы письма',
  'field.replyBlankKopecks': 'Цена бланка ответа',
  'field.fiscal': 'Фискализация',
  'field.fiscal.mode': 'Фискализация: способ',
  'field.fiscal.taxSystem': 'Фискализация: система налогообложения',
  'field.fiscal.automatNumber': 'Фискализация: номер автомата',
  'field.fiscal.settlementAddress': 'Фискализация: адрес расчётов',
  'field.fiscal.settlementPlace': 'Фискализация: место расчётов',
  'field.fiscal.shiftCloseLocalTime': 'Фискализация: закрытие смены',
  effective: 'Итог для терминалов',
  layer: 'Уровень',
  'layer.defaults': 'Для всех терминалов',
  'layer.region': 'Регион',
  'layer.group': 'Группа',
  'layer.terminal': 'Терминал',
  inherited: 'унаследовано',
  layers: 'По регионам и группам',
  groups: 'Группы терминалов',
  'group.id': 'Код группы (латиница, цифры, дефис)',
  blockedNow: 'Приём платежей остановлен оператором',
  'field.fiscal.fnsSiteUrl': 'Фискализация: сайт ФНС',
  'field.fiscal.ofdUnsentDaysWarn': 'ОФД: предупреждать через, дней',
  'field.fiscal.ofdUnsentDaysBlock': 'ОФД: остановить приём через, дней',
  'field.fiscal.fnExpiryDaysWarn': 'ФН: предупреждать за, дней',
  'field.fiscal.fnExpiryDaysBlock': 'ФН: остановить приём за, дней',
};

export type FleetWords = Record<keyof typeof fleetRu, string>;

export const fleetEn: FleetWords = {
  commands: 'Commands to the terminal',
  'command.send': 'Send',
  'command.kind': 'Command',
  'command.block-payments': 'Stop taking payments',
  'command.unblock-payments': 'Resume payments',
  'command.restart-app': 'Restart the app',
  'command.upload-logs': 'Upload logs',
  'command.screenshot': 'Screenshot',
  'command.refresh-config': 'Fetch configuration and roster',
  'command.print-test-receipt': 'Print a test receipt',
  'command.reason': 'Text shown to visitors',
  'command.hours': 'Logs of the last, hours',
  'command.by': 'By',
  'command.file': 'File',
  'command.download': 'Download',
  'command.show': 'Open',
  'command.status.sent': 'sent',
  'command.status.acknowledged': 'acknowledged',
  'command.status.done': 'done',
  'command.status.refused': 'refused',
  'command.status.failed': 'failed',
  'command.status.expired': 'expired',
  'refusal.payer-session-open': 'a payer is at the kiosk (cash inside)',
  'refusal.service-mode': 'the kiosk is being serviced',
  'refusal.bad-signature': 'not signed by central',
  'refusal.invalid': 'malformed command',
  'refusal.unknown-command': 'the kiosk does not know this command',
  'refusal.expired': 'expired before it arrived',
  'refusal.replayed': 'a replay of an old command',
  'refusal.not-supported': 'not supported by this kiosk',
  'alert.offline': 'No heartbeat for more than {minutes} min',
  'alert.offline-seconds': 'No heartbeat for more than {seconds} s',
  'alert.cassette-near-full': '{notes} of {capacity} notes in the cassette',
  'alert.paper-near-end': 'The paper roll is near its end',
  'alert.paper-out': 'The printer has no paper',
  'alert.device-fault': 'Fault: {devices}',
  'alert.outbox-stale': '{count} waiting, oldest {minutes} min',
  'field.paymentKopecksMin': 'Minimum payment',
  'field.paymentKopecksMax': 'Maximum payment',
  'field.commissionRateBasisPoints': 'Commission',
  'field.commissionKopecksMin': 'Minimum commission',
  'field.acceptedNotesKopecks': 'Notes accepted',
  'field.languages': 'Languages',
  'field.supportPhone': 'Support phone',
  'field.creditingDaysText': 'Crediting time',
  'field.agent': 'Payment agent',
  'field.agent.name': 'Agent: name',
  'field.agent.inn': 'Agent: INN',
  'field.agent.address': 'Agent: address',
  'field.agent.phone': 'Agent: phone',
  'field.agent.operatorName': 'Transfer operator: name',
  'field.agent.operatorInn': 'Transfer operator: INN',
  'field.agent.operatorPhone': 'Transfer operator: phone',
  'field.supplier': 'Supplier',
  'field.supplier.name': 'Supplier: name',
  'field.supplier.inn': 'Supplier: INN',
  'field.supplier.phone': 'Supplier: phone',
  'field.letterPageKopecks': 'Letter page price',
  'field.replyBlankKopecks': 'Reply blank price',
  'field.fiscal': 'Fiscalisation',
  'field.fiscal.mode': 'Fiscalisation: mode',
  'field.fiscal.taxSystem': 'Fiscalisation: tax system',
  'field.fiscal.automatNumber': 'Fiscalisation: automat number',
  'field.fiscal.settlementAddress': 'Fiscalisation: settlement address',
  'field.fiscal.settlementPlace': 'Fiscalisation: settlement place',
  'field.fiscal.shiftCloseLocalTime': 'Fiscalisation: shift close',
  effective: 'Effective for terminals',
  layer: 'Layer',
  'layer.defaults': 'All terminals',
  'layer.region': 'Region',
  'layer.group': 'Group',
  'layer.terminal': 'Terminal',
  inherited: 'inherited',
  layers: 'By region and group',
  groups: 'Terminal groups',
  'group.id': 'Group code (latin letters, digits, hyphen)',
  blockedNow: 'Payments are stopped by an operator',
  'field.fiscal.fnsSiteUrl': 'Fiscalisation: tax service site',
  'field.fiscal.ofdUnsentDaysWarn': 'OFD: warn after, days',
  'field.fiscal.ofdUnsentDaysBlock': 'OFD: stop taking cash after, days',
  'field.fiscal.fnExpiryDaysWarn': 'FN: warn, days before expiry',
  'field.fiscal.fnExpiryDaysBlock': 'FN: stop taking cash, days before expiry',
};

export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A configuration field's label, or the raw name when it has none (a newer central). */
export function fieldLabel(t: (key: string) => string, field: string): string {
  const key = `field.${field}`;
  const label = t(key);
  return label === key ? field : label;
}

const KOPECK_FIELDS = new Set([
  'paymentKopecksMin',
  'paymentKopecksMax',
  'commissionKopecksMin',
  'letterPageKopecks',
  'replyBlankKopecks',
]);

/** A configuration value as people read it: rubles, percent, lists. */
export function fieldValue(field: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (KOPECK_FIELDS.has(field) && typeof value === 'number') return `${value / 100} ₽`;
  if (field === 'commissionRateBasisPoints' && typeof value === 'number') return `${value / 100} %`;
  if (field === 'acceptedNotesKopecks' && Array.isArray(value)) {
    return value.map((note) => `${Number(note) / 100}`).join(', ');
  }
  if (Array.isArray(value)) return value.join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
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
