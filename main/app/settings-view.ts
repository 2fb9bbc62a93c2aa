import type { Language, ServiceSettings } from '../../common/contract.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { readSettings } from '../service/settings-service.ts';

/**
 * The operator's settings as the kiosk reads them: live from the ledger, except the payer's
 * part, which every status snapshot carries (one per event) and so is kept as a copy that is
 * refreshed when service mode saves.
 */
export type SettingsView = {
  current(): ServiceSettings;
  payer(): PayerSettings;
  /** Service mode saved these settings. */
  saved(settings: ServiceSettings): void;
};

export type PayerSettings = {
  languages: Language[];
  defaultLanguage: Language;
  idleTimeoutMs: number;
};

export function createSettingsView(ledger: Ledger): SettingsView {
  const current = () => readSettings(ledger).settings;
  let payer = payerSettingsOf(current());
  return {
    current,
    payer: () => payer,
    saved(settings) {
      payer = payerSettingsOf(settings);
    },
  };
}

function payerSettingsOf(settings: ServiceSettings): PayerSettings {
  return {
    languages: settings.languages,
    defaultLanguage: settings.defaultLanguage,
    idleTimeoutMs: settings.payerIdleTimeoutMs,
  };
}
