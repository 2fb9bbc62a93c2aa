import type { Language, ServiceSettings } from '../../common/contract.ts';
import { limits } from '../../common/limits.ts';

/**
 * What central's terminal configuration allows, as the kiosk applies it: the signed copy's
 * payment terms (main/sync/config-cache.ts). Pure data.
 */
export type CentralTerms = {
  version: number;
  paymentKopecksMin: number;
  paymentKopecksMax: number;
  commissionRateBasisPoints: number;
  commissionKopecksMin: number;
  acceptedNotesKopecks: readonly number[];
  languages: readonly Language[];
};

/**
 * The operator's settings narrowed by central's configuration: a local setting may lower the
 * cap, raise the commission, switch notes and languages off — never the other way. The cap
 * never exceeds the 115-ФЗ bound whatever either says. Without central's configuration the
 * local settings stand as they are (the kiosk then takes no payments: see main/app/sync.ts).
 */
export function narrowSettings(
  local: ServiceSettings,
  central: CentralTerms | null,
): ServiceSettings {
  const anonymousCap = limits.anonymousCashKopecksMax;
  if (central === null) {
    return { ...local, depositKopecksMax: Math.min(local.depositKopecksMax, anonymousCap) };
  }
  // A note below central's minimum could be the whole payment (Pay after one note): it is off.
  const allowedNotes = new Set(
    central.acceptedNotesKopecks.filter((note) => note >= central.paymentKopecksMin),
  );
  const allowedLanguages = new Set<Language>(central.languages);
  const kept = local.languages.filter((language) => allowedLanguages.has(language));
  // Languages central lists but the operator switched off stay off; none left: central's own.
  const languages = kept.length > 0 ? kept : [...central.languages];
  const defaultLanguage = languages.includes(local.defaultLanguage)
    ? local.defaultLanguage
    : (languages[0] ?? 'ru');
  const depositKopecksMax = Math.min(
    local.depositKopecksMax,
    central.paymentKopecksMax,
    anonymousCap,
  );
  return {
    ...local,
    depositKopecksMax,
    commissionBasisPoints: Math.max(local.commissionBasisPoints, central.commissionRateBasisPoints),
    commissionMinKopecks: Math.min(
      Math.max(local.commissionMinKopecks, central.commissionKopecksMin),
      depositKopecksMax,
    ),
    acceptedNotes: local.acceptedNotes.map((note) =>
      allowedNotes.has(note.noteKopecks)
        ? note
        : { ...note, enabled: false, newSeriesEnabled: false },
    ),
    languages,
    defaultLanguage,
  };
}

/** Which settings central's configuration changed, for service mode to say so. */
export function narrowedFields(local: ServiceSettings, effective: ServiceSettings): string[] {
  const fields: (keyof ServiceSettings)[] = [
    'depositKopecksMax',
    'commissionBasisPoints',
    'commissionMinKopecks',
    'acceptedNotes',
    'languages',
    'defaultLanguage',
  ];
  return fields.filter(
    (field) => JSON.stringify(local[field]) !== JSON.stringify(effective[field]),
  );
}
