import { createContext, useContext, useMemo } from 'react';
import type { ServiceRole } from '../../../common/contract.ts';
import { assertNever } from '../../../common/assert.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { type ServiceErrorKind, type SessionActions, sessionActions } from './actions.ts';

/** What every service section gets: the bridge, the session token and role, and the exit. */
export type ServiceSessionContext = {
  bridge: Bridge;
  token: string;
  role: ServiceRole;
  /** A command said the session is gone: leave service mode. */
  onSessionLost(): void;
};

export const ServiceContext = createContext<ServiceSessionContext | null>(null);

export function useService(): ServiceSessionContext {
  const value = useContext(ServiceContext);
  if (value === null) throw new Error('useService outside ServiceApp');
  return value;
}

/** The session's calls to main (actions.ts), bound to its token. */
export function useServiceActions(): SessionActions {
  const service = useService();
  return useMemo(() => sessionActions(service), [service]);
}

/** A refused service command in operator words, with main's own kind and message after it. */
export function errorText(refused: { kind: ServiceErrorKind; message: string }): string {
  return `${operatorWords(refused.kind)} (${refused.kind}: ${refused.message})`;
}

function operatorWords(kind: ServiceErrorKind): string {
  switch (kind) {
    case 'wrong-pin':
      return 'Неверный PIN.';
    case 'locked':
      return 'Слишком много неверных PIN: ввод заблокирован.';
    case 'deposit-active':
      return 'Идёт платёж с внесёнными деньгами: сервисный режим откроется после него.';
    case 'forbidden':
      return 'Эта роль не может выполнить действие.';
    case 'not-signed-in':
    case 'session-expired':
      return 'Сеанс закончился: войдите снова.';
    case 'setup-required':
      return 'Сначала пройдите первичную настройку.';
    case 'pins-unreadable':
      return 'Сохранённые PIN повреждены: позвоните в поддержку.';
    case 'already-set-up':
      return 'Терминал уже настроен.';
    case 'paper-out':
      return 'В принтере нет бумаги.';
    case 'cover-open':
      return 'Открыта крышка принтера.';
    case 'offline':
    case 'io':
      return 'Принтер не отвечает.';
    case 'comment-required':
      return 'Пересчёт не совпал с ожидаемым: нужен комментарий.';
    case 'duplicate-note':
      return 'Каждый номинал — один раз.';
    case 'bad-path':
      return 'Укажите полный путь к папке.';
    case 'target-exists':
      return 'Папка уже существует: ничего не перезаписано.';
    case 'target-missing':
      return 'Путь не найден.';
    case 'target-not-directory':
      return 'Путь — не папка.';
    case 'write-failed':
      return 'Не удалось записать.';
    case 'not-found':
      return 'Не найдено.';
    case 'not-parked':
      return 'Перевод не отложен.';
    case 'invalid':
      return 'Проверьте значения.';
    case 'enrol-failed':
      return 'Регистрация не прошла.';
    case 'not-enrolled':
      return 'Терминал ещё не зарегистрирован.';
    case 'unavailable':
      return 'Центр недоступен.';
    case 'incomplete':
      return 'Не все шаги настройки пройдены.';
    case 'same-pins':
      return 'PIN оператора и инкассатора должны различаться.';
    case 'acceptor':
      return 'Купюроприёмник не включился.';
    case 'busy':
      return 'Устройство занято.';
    case 'timeout':
      return 'Нет ответа.';
    case 'disconnected':
      return 'Нет связи с сервисом киоска.';
    case 'bad-request':
    case 'unknown-channel':
    case 'internal':
    case 'bad-reply':
    case 'other':
      return 'Ошибка.';
    default:
      return assertNever(kind, 'service refusal');
  }
}
