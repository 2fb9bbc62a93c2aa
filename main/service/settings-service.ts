import { type ServiceSettings, ServiceSettingsSchema } from '../../common/contract.ts';
import { limits } from '../../common/limits.ts';
import { type Kopecks, rubles } from '../../common/money.ts';
import type { ServiceLedger } from './deps.ts';

export const settingsKey = 'service.settings';

const defaultNotesRubles = [50, 100, 200, 500, 1_000, 2_000, 5_000] as const;

/** What a fresh kiosk uses until the operator changes it (docs/domain.md §2, §5, §7, §9). */
export function defaultSettings(): ServiceSettings {
  return {
    depositKopecksMax: limits.depositKopecksMaxDefault,
    commissionBasisPoints: 0,
    commissionMinKopecks: 0 as Kopecks,
    acceptedNotes: defaultNotesRubles.map((value) => ({
      noteKopecks: rubles(value),
      enabled: true,
      // New series break validators until their firmware knows them: off until checked.
      newSeriesEnabled: false,
    })),
    languages: ['ru', 'uz', 'tg', 'ky', 'en'],
    defaultLanguage: 'ru',
    payerIdleTimeoutMs: limits.idleTimeoutMsDefault,
    serviceIdleTimeoutMs: 180_000,
    printer: {
      model: 'generic-80mm',
      codePage: 'cp866',
      widthColumns: 48,
      allowCashWithoutPaper: false,
    },
    centralUrl: null,
    serviceKeyDir: null,
  };
}

/**
 * The operator's settings: stored as one validated JSON value. A stored value that no longer
 * fits the schema (older version, hand edit) is reported in the log and the defaults are used,
 * never the unvalidated value.
 */
export function readSettings(ledger: ServiceLedger): {
  settings: ServiceSettings;
  updatedAtMs: number | null;
  problem: string | null;
} {
  const found = ledger.settings.get(settingsKey, ServiceSettingsSchema);
  if (found.ok) return { settings: found.value, updatedAtMs: found.updatedAtMs, problem: null };
  const problem = found.error.kind === 'missing' ? null : found.error.message;
  return { settings: defaultSettings(), updatedAtMs: null, problem };
}

export type SettingsChange = { field: string; from: unknown; to: unknown };

/** Top-level fields that differ, for the audit log and the apply hook. */
export function diffSettings(before: ServiceSettings, after: ServiceSettings): SettingsChange[] {
  const changes: SettingsChange[] = [];
  for (const field of Object.keys(after) as (keyof ServiceSettings)[]) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes.push({ field, from: before[field], to: after[field] });
    }
  }
  return changes;
}

export type ValidationFailure = { kind: 'invalid'; message: string };

/** Validates again in main (never trust the renderer's copy of the schema) and explains. */
export function validateSettings(
  value: unknown,
): { ok: true; settings: ServiceSettings } | { ok: false; error: ValidationFailure } {
  const parsed = ServiceSettingsSchema.safeParse(value);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const message = parsed.error.issues
    .slice(0, 8)
    .map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, error: { kind: 'invalid', message } };
}
