import type { KioskStatus, Language } from '../../../common/contract.ts';
import { limits } from '../../../common/limits.ts';
import { defaultLanguage } from '../i18n/i18n.ts';

/** WCAG 2.2.1 asks for at least 20 s to answer a timeout warning; limits may say less. */
export const idleWarningMs = Math.max(limits.idleWarningMs, 20_000);
/** Until main's status arrives; then the operator's setting (status.payerIdleTimeoutMs). */
export const idleTimeoutMsDefault = limits.idleTimeoutMsDefault;
/** session:touch resets main's idle timer; once per few seconds is plenty. */
export const touchThrottleMs = 5_000;
/** A printed receipt's success screen goes home quietly; an unprinted one waits for «Готово». */
export const successIdleMs = 120_000;

/** The operator's live settings as main reports them, with the built-in defaults before that. */
export function payerSettings(status: KioskStatus | null): {
  idleTimeoutMs: number;
  homeLanguage: Language;
} {
  return {
    idleTimeoutMs: status?.payerIdleTimeoutMs ?? idleTimeoutMsDefault,
    homeLanguage: status?.defaultLanguage ?? defaultLanguage,
  };
}
