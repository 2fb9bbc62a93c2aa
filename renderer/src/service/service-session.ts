import { createContext, useContext } from 'react';
import type { ServiceRole } from '../../../common/contract.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';

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

export const sessionLostKinds = new Set(['not-signed-in', 'session-expired']);

/** Error kinds in operator words. */
export function errorText(error: { kind: string; message: string }): string {
  const known: Record<string, string> = {
    'wrong-pin': 'Неверный PIN.',
    locked: 'Слишком много неверных PIN: ввод заблокирован.',
    'deposit-active': 'Идёт платёж с внесёнными деньгами: сервисный режим откроется после него.',
    forbidden: 'Эта роль не может выполнить действие.',
    'paper-out': 'В принтере нет бумаги.',
    'cover-open': 'Открыта крышка принтера.',
    offline: 'Принтер не отвечает.',
    'comment-required': 'Пересчёт не совпал с ожидаемым: нужен комментарий.',
    'target-exists': 'Папка уже существует: ничего не перезаписано.',
    'target-missing': 'Путь не найден.',
    'target-not-directory': 'Путь — не папка.',
    'not-found': 'Не найдено.',
    disconnected: 'Нет связи с сервисом киоска.',
  };
  return `${known[error.kind] ?? 'Ошибка.'} (${error.kind}: ${error.message})`;
}

/** Passes a result through; a lost session sends the screen back to the payer home. */
export function checked<R extends { ok: boolean; error?: { kind: string } }>(
  context: ServiceSessionContext,
  result: R,
): R {
  if (!result.ok && result.error && sessionLostKinds.has(result.error.kind))
    context.onSessionLost();
  return result;
}
