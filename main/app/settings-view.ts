import type { Language, ServiceSettings } from '../../common/contract.ts';
import { type CentralTerms, narrowSettings } from '../core/effective-terms.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { readSettings } from '../service/settings-service.ts';

/**
 * The operator's settings as the kiosk applies them: live from the ledger, narrowed by
 * central's terminal configuration (main/core/effective-terms.ts: never a higher cap, never a
 * lower commission, never a note or language central left out), except the payer's part,
 * which every status snapshot carries (one per event) and so is kept as a copy that is
 * refreshed when service mode saves or central's configuration changes.
 */
export type SettingsView = {
  /** In force: the local settings narrowed by central's. */
  current(): ServiceSettings;
  /** As the operator saved them, before central narrows them. */
  local(): ServiceSettings;
  payer(): PayerSettings;
  /** Service mode saved these settings. */
  saved(settings: ServiceSettings): void;
  /** Where central's terms come from (set once sync exists); call again when they change. */
  useCentral(source: () => CentralTerms | null): void;
};

export type PayerSettings = {
  languages: Language[];
  defaultLanguage: Language;
  idleTimeoutMs: number;
};

export function createSettingsView(ledger: Ledger): SettingsView {
  const local = () => readSettings(ledger).settings;
  let central: () => CentralTerms | null = () => null;
  const current = () => narrowSettings(local(), central());
  let payer = payerSettingsOf(current());
  return {
    current,
    local,
    payer: () => payer,
    saved(settings) {
      payer = payerSettingsOf(narrowSettings(settings, central()));
    },
    useCentral(source) {
      central = source;
      payer = payerSettingsOf(current());
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
