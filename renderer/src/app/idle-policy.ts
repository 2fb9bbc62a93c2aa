import { limits } from '../../../common/limits.ts';

/** WCAG 2.2.1 asks for at least 20 s to answer a timeout warning; limits may say less. */
export const idleWarningMs = Math.max(limits.idleWarningMs, 20_000);
export const idleTimeoutMs = limits.idleTimeoutMsDefault;
/** session:touch resets main's idle timer; once per few seconds is plenty. */
export const touchThrottleMs = 5_000;
/** A printed receipt's success screen goes home quietly; an unprinted one waits for «Готово». */
export const successIdleMs = 120_000;
