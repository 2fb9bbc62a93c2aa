/**
 * The payer's words about the fiscal receipt (54-ФЗ): why no cash is taken when the cash
 * register cannot issue one, and what the success screen says of the receipt. Russian is the
 * source; the other languages render these lines (docs/TRANSLATIONS.md).
 */
export const fiscalRu = {
  'status.fiscal-offline': 'Кассовый аппарат не отвечает, поэтому деньги сейчас не принимаются.',
  'status.fiscal-paper-out':
    'В кассовом аппарате закончилась чековая лента, поэтому деньги сейчас не принимаются.',
  'status.fiscal-cover-open':
    'Кассовый аппарат открыт для обслуживания, поэтому деньги сейчас не принимаются.',
  'status.fiscal-fn-blocked':
    'Кассовый аппарат заблокирован и не может выдать кассовый чек, поэтому деньги сейчас не принимаются.',
  'status.fiscal-fn-expired':
    'В кассовом аппарате нужно заменить фискальный накопитель, поэтому деньги сейчас не принимаются.',
  'status.fiscal-fn-critical':
    'Кассовый аппарат неисправен и не может выдать кассовый чек, поэтому деньги сейчас не принимаются.',
  'status.fiscal-ofd-too-old':
    'Кассовый аппарат давно не передавал чеки в налоговую службу, поэтому деньги сейчас не принимаются.',
  'status.fiscal-shift': 'Кассовый аппарат закрывает смену. Подождите несколько минут.',
  'status.fiscal-document-stuck':
    'Кассовый аппарат завершает выдачу предыдущего чека. Подождите несколько минут.',
  'status.fiscal-not-confirmed':
    'Терминал ещё не настроен для выдачи кассовых чеков, поэтому деньги сейчас не принимаются.',
  'status.fiscal-no-requisites':
    'У терминала нет данных для кассового чека, поэтому деньги сейчас не принимаются.',
  'fiscal.startRefused':
    'Кассовый аппарат не может выдать чек, поэтому деньги сейчас не принимаются.',
  'success.fiscal.label': 'Кассовый чек',
  'success.fiscal.issued': 'Кассовый чек № {receipt}, смена № {shift}',
  'success.fiscal.requisites': 'ФД № {fd} · ФП {fp} · ФН № {fn}',
  'success.fiscal.pending':
    'Кассовый чек ещё печатается. Платёж учтён; если чек не выйдет, позвоните в поддержку.',
  'success.fiscal.held':
    'Кассовый чек не удалось выдать сейчас. Платёж учтён, чек будет оформлен позже; по вопросам звоните в поддержку.',
  'success.fiscal.otherParty': 'Кассовый чек выдаёт {party}.',
} as const;

export type FiscalKey = keyof typeof fiscalRu;
export type FiscalCatalogue = Record<FiscalKey, string>;
