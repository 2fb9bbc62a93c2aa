import type { Language } from '../../../common/contract.ts';
import { operatorEn } from './catalogues/operator-en.ts';
import { type OperatorCatalogue, type OperatorKey, operatorRu } from './catalogues/operator-ru.ts';
import { formatMessage, type Params } from './i18n.ts';

export type { OperatorKey } from './catalogues/operator-ru.ts';

/**
 * The operator's screens (service mode, the emulator panel) have their own catalogue: operators
 * read Russian, the centre's staff and developers English. The kiosk's five payer languages are
 * for payers; an operator's words are never shown to a payer.
 */
export type OperatorLanguage = Extract<Language, 'ru' | 'en'>;

export const operatorCatalogues: Record<OperatorLanguage, OperatorCatalogue> = {
  ru: operatorRu,
  en: operatorEn,
};

/** Service mode speaks Russian, whatever the payer chose; 'en' here shows it in English. */
export const operatorLanguage: OperatorLanguage = 'ru';

export function translateOperator(
  language: OperatorLanguage,
  key: OperatorKey,
  params?: Params,
): string {
  return formatMessage(operatorCatalogues[language][key], language, params);
}

/** An operator text in the operator language: `t('svc.exit')`, `t('count.notes', { count })`. */
export function t(key: OperatorKey, params?: Params): string {
  return translateOperator(operatorLanguage, key, params);
}
