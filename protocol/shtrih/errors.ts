/**
 * Error codes of the reply's error byte (docs/protocols/shtrih.md §7): the vendor's meaning and a
 * category the driver turns into a FiscalError kind and a recovery. Codes 01h–20h come from the
 * ФН, the rest from the ККТ. On ФН-M firmware (FFD 1.2) ФН codes from 32h up arrive remapped to
 * A0h and up; they are categorised as ФН failures.
 */

export type ErrorCategory =
  /** 24 h ran out: Z report, then a new shift. */
  | 'shift-expired'
  /** The command needs an open shift. */
  | 'shift-closed'
  /** The ФН refuses for good until serviced: exhausted, expired, 30-day OFD block, failure. */
  | 'fn-blocked'
  /** The ФН is in a state where this command cannot run (a document open or none). */
  | 'fn-state'
  | 'paper-out'
  /** Still printing the previous command: wait and retry. */
  | 'busy'
  /** Paper was reloaded and the device waits for B0h. */
  | 'waiting-continue'
  | 'bad-password'
  /** A receipt is open (or none is) where the command needs the other. */
  | 'document-state'
  /** Not allowed in the current mode/submode: read the status to learn why. */
  | 'mode'
  /** ККТ and ФН clocks disagree. */
  | 'clock'
  /** Our request was wrong (a bug on our side). */
  | 'bad-request'
  /** The ФН has no such data (FF0A for a number it does not hold). */
  | 'no-data'
  /** OFD link problems: the receipt is still valid. */
  | 'ofd'
  /** Printer or board hardware: a service call. */
  | 'hardware'
  | 'other';

export type ErrorInfo = { code: number; message: string; category: ErrorCategory };

const TABLE: ReadonlyArray<readonly [number, string, ErrorCategory]> = [
  [0x01, 'ФН: неизвестная команда, неверный формат посылки или параметры', 'bad-request'],
  [0x02, 'ФН: другое состояние ФН', 'fn-state'],
  [0x03, 'ФН: отказ ФН', 'fn-blocked'],
  [0x04, 'ФН: отказ КС', 'fn-blocked'],
  [0x05, 'ФН: закончен срок эксплуатации ФН', 'fn-blocked'],
  [0x07, 'ФН: некорректные дата и/или время', 'clock'],
  [0x08, 'ФН: нет запрошенных данных', 'no-data'],
  [0x10, 'ФН: превышение размеров TLV данных', 'bad-request'],
  [0x11, 'ФН: нет транспортного соединения', 'ofd'],
  [0x12, 'ФН: исчерпан ресурс КС', 'fn-blocked'],
  [0x14, 'ФН: исчерпан ресурс хранения', 'fn-blocked'],
  [0x16, 'ФН: продолжительность смены более 24 часов', 'shift-expired'],
  [0x17, 'ФН: неверная разница во времени между двумя операциями', 'clock'],
  [0x20, 'ФН: сообщение от ОФД не может быть принято', 'ofd'],
  [0x2f, 'Таймаут обмена с ФН', 'fn-blocked'],
  [0x30, 'ФН не отвечает', 'fn-blocked'],
  [0x33, 'Некорректные параметры в команде', 'bad-request'],
  [0x34, 'Нет данных', 'bad-request'],
  [0x35, 'Некорректный параметр при данных настройках', 'bad-request'],
  [0x36, 'Некорректные параметры в команде для данной реализации ККТ', 'bad-request'],
  [0x37, 'Команда не поддерживается в данной реализации ККТ', 'bad-request'],
  [0x3d, 'Смена не открыта, операция невозможна', 'shift-closed'],
  [0x45, 'Сумма всех типов оплаты меньше итога чека', 'bad-request'],
  [0x4a, 'Открыт чек, операция невозможна', 'document-state'],
  [0x4e, 'Смена превысила 24 часа', 'shift-expired'],
  [0x4f, 'Неверный пароль', 'bad-password'],
  [0x50, 'Идет печать результатов выполнения предыдущей команды', 'busy'],
  [0x58, 'Ожидание команды продолжения печати', 'waiting-continue'],
  [0x6b, 'Нет чековой ленты', 'paper-out'],
  [0x71, 'Ошибка отрезчика', 'hardware'],
  [0x72, 'Команда не поддерживается в данном подрежиме', 'mode'],
  [0x73, 'Команда не поддерживается в данном режиме', 'mode'],
  [0x74, 'Ошибка ОЗУ', 'hardware'],
  [0x75, 'Ошибка питания', 'hardware'],
  [0x77, 'Ошибка принтера: нет сигнала с датчиков', 'hardware'],
  [0x78, 'Замена ПО', 'hardware'],
  [0x7b, 'Ошибка оборудования', 'hardware'],
];

const BY_CODE = new Map<number, ErrorInfo>(
  TABLE.map(([code, message, category]) => [code, { code, message, category }]),
);

const FN_M_REMAPPED_FIRST = 0xa0;
const FN_M_REMAPPED_LAST = 0xbf;

export function describeError(code: number): ErrorInfo {
  const known = BY_CODE.get(code);
  if (known) return known;
  const hex = code.toString(16).toUpperCase().padStart(2, '0');
  if (code >= FN_M_REMAPPED_FIRST && code <= FN_M_REMAPPED_LAST) {
    return { code, message: `ФН-М: ошибка ФН ${hex}h`, category: 'fn-blocked' };
  }
  return { code, message: `Ошибка ККТ ${hex}h`, category: 'other' };
}

/** Every code the table names, for tests and the emulator's fault switches. */
export const KNOWN_ERROR_CODES: readonly number[] = TABLE.map(([code]) => code);
