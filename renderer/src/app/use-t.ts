import { useCallback } from 'react';
import { formatRubles } from '../i18n/money-format.ts';
import { type MessageKey, type Params, translate } from '../i18n/i18n.ts';
import { useKiosk } from '../store/kiosk-store.ts';

/** The current language's translate and money formatter, re-rendering on language change. */
export function useT() {
  const language = useKiosk((state) => state.language);
  const t = useCallback(
    (key: MessageKey, params?: Params) => translate(language, key, params),
    [language],
  );
  const money = useCallback((value: number) => formatRubles(value, language), [language]);
  return { t, money, language };
}
