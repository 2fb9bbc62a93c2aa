/**
 * Each terminal's configuration (payment limits, commission, notes, languages, texts, phones,
 * agent and operator, letter prices): the demo operator's defaults, overridden per terminal by
 * an operator (admin route, CLI). Every change increases the terminal's version by one; the
 * heartbeat answer carries it, so a kiosk learns of a change within one heartbeat and fetches
 * the signed copy (GET /v1/terminal/config/signed). The payer apps' channel (`@web`) has a
 * configuration of its own in the same table: web and kiosk payments read one source.
 */
import { assert } from '../common/assert.ts';
import {
  CONFIG_FORMAT,
  type FiscalConfig,
  fiscalConfigProblem,
  type TerminalConfig,
  type TerminalConfigPatch,
  TerminalConfigPatchSchema,
} from '../common/central-wire.ts';
import { LETTER_PAGE_KOPECKS, REPLY_BLANK_KOPECKS } from '../common/letter.ts';
import { limits } from '../common/limits.ts';
import { rubles } from '../common/money.ts';
import { err, ok, type Result } from '../common/result.ts';
import { createLayerStore, type LayerStore } from './config-layers.ts';
import { type CentralDb, statement } from './db.ts';
import { type ApiError, apiError } from './errors.ts';

export type { TerminalConfig };

/**
 * The demo operator's requisites and phones (valid INN checksums, numbers of the usual shape):
 * a real deployment replaces them per terminal (CLI `config`, admin route). They are never
 * placeholders such as 8 800 000-00-00: a receipt with such a number promises help nobody gives.
 */
export const demoDetails: Pick<
  TerminalConfig,
  'supportPhone' | 'creditingDaysText' | 'agent' | 'supplier'
> = {
  supportPhone: '8 800 301-47-25',
  creditingDaysText: 'в течение 3–5 рабочих дней',
  agent: {
    name: 'ООО «Демо Платёжный Агент»',
    inn: '7704123587',
    address: '101000, г. Москва, ул. Мясницкая, д. 24/7, стр. 1',
    phone: '+7 495 215-38-60',
    operatorName: 'АО «Демо Оператор Переводов»',
    operatorInn: '7705312467',
    operatorPhone: '8 800 250-61-14',
  },
  supplier: {
    name: 'УФК по г. Москве (ФКУ СИЗО-1 УФСИН России по г. Москве)',
    inn: '7709018875',
    phone: '+7 495 609-17-42',
  },
};

/**
 * The demo terminal fiscalises with its own registrar (the emulated Shtrih-M in the demo):
 * simplified tax system on income, the daily Z report at 03:30 local (no visitors at night),
 * the thresholds of docs/fiscal.md §5. The automat number (1036) is the terminal's id, cut to
 * the 20 characters the tag allows; a real deployment sets the number it registered.
 */
export function demoFiscal(terminalId: string): FiscalConfig {
  return {
    mode: 'registrar',
    taxSystem: 'usn-income',
    automatNumber: terminalId.slice(0, 20),
    settlementAddress: demoDetails.agent.address,
    settlementPlace: 'Платёжный терминал, зал ожидания для посетителей',
    fnsSiteUrl: 'www.nalog.gov.ru',
    shiftCloseLocalTime: '03:30',
    ofdUnsentDaysWarn: 1,
    ofdUnsentDaysBlock: 25,
    fnExpiryDaysWarn: 30,
    fnExpiryDaysBlock: 3,
  };
}

/** Defaults of the demo operator; a real deployment edits them per terminal. */
export function defaultConfig(
  terminalId: string,
  facilityIds: string[],
  rosterPublicKeyPem: string,
  trackingUrlPrefix: string,
  trackingKey?: string,
): TerminalConfig {
  return {
    terminalId,
    facilityIds,
    rosterPublicKeyPem,
    trackingUrlPrefix,
    ...(trackingKey === undefined ? {} : { trackingKey }),
    letterPageKopecks: LETTER_PAGE_KOPECKS,
    replyBlankKopecks: REPLY_BLANK_KOPECKS,
    paymentKopecksMin: rubles(10),
    paymentKopecksMax: rubles(15_000),
    commissionRateBasisPoints: 250,
    commissionKopecksMin: rubles(30),
    acceptedNotesKopecks: [50, 100, 200, 500, 1_000, 2_000, 5_000].map((note) => rubles(note)),
    languages: ['ru', 'en', 'uz', 'tg', 'ky'],
    ...demoDetails,
    // The payer apps' channel takes no cash: whoever takes its card payments fiscalises them.
    ...(terminalId === '@web' ? {} : { fiscal: demoFiscal(terminalId) }),
    version: 1,
  };
}

/** Why a configuration cannot be in force, or null. */
export function configProblem(config: TerminalConfig): string | null {
  if (config.paymentKopecksMax > limits.anonymousCashKopecksMax) {
    return (
      `paymentKopecksMax may not exceed ${limits.anonymousCashKopecksMax} kopecks: 115-ФЗ ` +
      'allows no more cash per operation from a payer who is not identified'
    );
  }
  if (config.paymentKopecksMin > config.paymentKopecksMax) {
    return 'paymentKopecksMin is above paymentKopecksMax';
  }
  if (config.commissionKopecksMin > config.paymentKopecksMax) {
    return 'commissionKopecksMin is above paymentKopecksMax';
  }
  if (new Set(config.acceptedNotesKopecks).size !== config.acceptedNotesKopecks.length) {
    return 'acceptedNotesKopecks lists a note twice';
  }
  return config.fiscal === undefined ? null : fiscalConfigProblem(config.fiscal);
}

export type ConfigStore = {
  /** null: no such terminal (nor `@web`). */
  get(terminalId: string): Promise<TerminalConfig | null>;
  /** The version get() would report, in one read (a heartbeat's answer carries only it). */
  version(terminalId: string): Promise<number>;
  /**
   * Merges `patch` into the terminal's own overrides; the fields in `reset` are dropped from
   * them first, so the terminal inherits them again (central/config-layers.ts).
   */
  change(
    terminalId: string,
    patch: TerminalConfigPatch,
    nowMs: number,
    reset?: readonly (keyof TerminalConfigPatch)[],
  ): Promise<Result<TerminalConfig, ApiError>>;
  /** The terminal's own overrides (what its layers do not give it). */
  own(terminalId: string): Promise<TerminalConfigPatch>;
  /**
   * What the terminal's configuration would be with one layer's overrides replaced (a
   * preview); null: no such terminal. The version is the one in force now.
   */
  effectiveWith(
    terminalId: string,
    layer: { id: string; patch: TerminalConfigPatch } | null,
  ): Promise<TerminalConfig | null>;
  /** The layers under a terminal's own overrides, lowest first. */
  chainOf(terminalId: string): Promise<string[]>;
  /** A layer changed under the terminal: its version grows so the kiosk refetches. */
  bumpVersion(terminalId: string, nowMs: number): Promise<void>;
  layers: LayerStore;
  /** The signed payload's text for a terminal: its config plus format and issue time. */
  payload(terminalId: string, nowMs: number): Promise<string | null>;
};

export function createConfigStore(
  db: CentralDb,
  rosterPublicKeyPem: string,
  /** Known only once the server listens, hence a function. */
  trackingUrlPrefix: () => string,
  /** The terminal's tracking key (central/tracking.ts); absent: no key in the config. */
  trackingKeyOf?: (terminalId: string) => string,
): ConfigStore {
  const terminal = statement(db, 'SELECT facility_ids FROM terminals WHERE id = ?');
  const overrides = statement(
    db,
    'SELECT version, overrides FROM terminal_configs WHERE terminal_id = ?',
  );
  const layers = createLayerStore(db);
  const upsert = statement(
    db,
    `INSERT INTO terminal_configs (terminal_id, version, overrides, updated_at_ms)
       VALUES (?, ?, ?, ?) ON CONFLICT (terminal_id) DO UPDATE SET version = excluded.version,
       overrides = excluded.overrides, updated_at_ms = excluded.updated_at_ms`,
  );

  const stored = async (
    terminalId: string,
  ): Promise<{ version: number; patch: TerminalConfigPatch }> => {
    const row = await overrides.get<{ version: number; overrides: string }>(terminalId);
    if (row === undefined) return { version: 1, patch: {} };
    // Written only by change() below, after the same parse.
    const patch = TerminalConfigPatchSchema.parse(JSON.parse(row.overrides));
    return { version: row.version, patch };
  };

  const facilitiesOf = async (terminalId: string): Promise<string[] | null> => {
    const row = await terminal.get<{ facility_ids: string }>(terminalId);
    return row === undefined ? null : (JSON.parse(row.facility_ids) as string[]);
  };

  /** Defaults, layers (one of them perhaps replaced), then `own`: the effective config. */
  const compose = async (
    terminalId: string,
    own: TerminalConfigPatch,
    replaced: { id: string; patch: TerminalConfigPatch } | null,
  ): Promise<TerminalConfig | null> => {
    const facilityIds = await facilitiesOf(terminalId);
    if (facilityIds === null) return null;
    const base = defaultConfig(
      terminalId,
      facilityIds,
      rosterPublicKeyPem,
      trackingUrlPrefix(),
      trackingKeyOf?.(terminalId),
    );
    let inherited: TerminalConfigPatch = {};
    for (const id of await layers.chain(terminalId, facilityIds)) {
      const patch = replaced?.id === id ? replaced.patch : (await layers.read(id)).patch;
      inherited = { ...inherited, ...patch };
    }
    const mine = replaced?.id === `terminal:${terminalId}` ? replaced.patch : own;
    const { version } = await stored(terminalId);
    return { ...base, ...inherited, ...mine, version };
  };

  const get = async (terminalId: string): Promise<TerminalConfig | null> =>
    compose(terminalId, (await stored(terminalId)).patch, null);
  const versionOf = statement(db, 'SELECT version FROM terminal_configs WHERE terminal_id = ?');

  return {
    get,
    async version(terminalId) {
      return (await versionOf.get<{ version: number }>(terminalId))?.version ?? 1;
    },
    layers,
    async own(terminalId) {
      return (await stored(terminalId)).patch;
    },
    async effectiveWith(terminalId, layer) {
      return compose(terminalId, (await stored(terminalId)).patch, layer);
    },
    async chainOf(terminalId) {
      const facilityIds = await facilitiesOf(terminalId);
      return facilityIds === null ? [] : layers.chain(terminalId, facilityIds);
    },
    async bumpVersion(terminalId, nowMs) {
      const { version, patch } = await stored(terminalId);
      await upsert.run(terminalId, version + 1, JSON.stringify(patch), nowMs);
    },
    change(terminalId, patch, nowMs, reset = []) {
      return db.transaction(async () => {
        const current = await stored(terminalId);
        const kept = Object.fromEntries(
          Object.entries(current.patch).filter(([key]) => !reset.includes(key as never)),
        ) as TerminalConfigPatch;
        const merged = { ...kept, ...patch };
        const composed = await compose(terminalId, merged, null);
        if (composed === null) {
          return err(apiError(404, 'unknown-terminal', `no terminal ${terminalId}`));
        }
        const next = { ...composed, version: current.version + 1 };
        const problem = configProblem(next);
        if (problem !== null) return err(apiError(422, 'config-invalid', problem));
        await upsert.run(terminalId, next.version, JSON.stringify(merged), nowMs);
        return ok(next);
      });
    },
    async payload(terminalId, nowMs) {
      const config = await get(terminalId);
      if (config === null) return null;
      assert(config.rosterPublicKeyPem !== '', 'config payload: central has a signing key');
      return JSON.stringify({ ...config, format: CONFIG_FORMAT, issuedAtMs: nowMs });
    },
  };
}
