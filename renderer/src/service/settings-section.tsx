import { useEffect, useState } from 'react';
import type { EffectiveTerms, Language, ServiceSettings } from '../../../common/contract.ts';
import { ServiceSettingsSchema } from '../../../common/contract.ts';
import {
  formatRublesForInput,
  parseRubles,
  formatOperatorRubles as rub,
} from '../i18n/money-format.ts';
import { errorText, useServiceActions } from './service-session.ts';
import { t } from '../i18n/operator.ts';

const allLanguages: readonly Language[] = ['ru', 'en', 'uz', 'tg', 'ky'];

type Edit = <K extends keyof ServiceSettings>(key: K, value: ServiceSettings[K]) => void;
type Message = { kind: 'ok' | 'error'; text: string };

/** Edits a draft; the same zod schema as main checks it before sending; main checks again. */
export function SettingsSection() {
  const actions = useServiceActions();
  const [draft, setDraft] = useState<ServiceSettings | null>(null);
  const [capText, setCapText] = useState('');
  const [minText, setMinText] = useState('');
  const [message, setMessage] = useState<Message | null>(null);
  const [effective, setEffective] = useState<EffectiveTerms | null>(null);

  useEffect(() => {
    void actions.settings().then((result) => {
      if (!result.ok) return setMessage({ kind: 'error', text: errorText(result) });
      setDraft(result.value.settings);
      setEffective(result.value.effective ?? null);
      setCapText(formatRublesForInput(result.value.settings.depositKopecksMax));
      setMinText(formatRublesForInput(result.value.settings.commissionMinKopecks));
    });
  }, [actions]);
  if (draft === null) return <p>{message?.text ?? t('svc.loading')}</p>;

  const save = async () => {
    const prepared = prepareSettings(draft, capText, minText);
    if (!prepared.ok) return setMessage({ kind: 'error', text: prepared.text });
    const result = await actions.saveSettings(prepared.settings);
    if (!result.ok) return setMessage({ kind: 'error', text: errorText(result) });
    setDraft(result.value.settings);
    const restart = result.value.restartRequired;
    setMessage({
      kind: 'ok',
      text:
        restart.length === 0
          ? t('svc.settings.saved')
          : t('svc.settings.savedRestart', { items: restart.join(', ') }),
    });
  };
  const edit: Edit = (key, value) => setDraft({ ...draft, [key]: value });

  return (
    <div data-testid="service-settings">
      <h2>{t('svc.settings.title')}</h2>
      {effective !== null && <InForce terms={effective} />}
      <div className="service-form">
        <label htmlFor="s-cap">{t('svc.settings.cap')}</label>
        <input
          id="s-cap"
          data-testid="settings-cap"
          value={capText}
          onChange={(e) => setCapText(e.target.value)}
        />
        <label htmlFor="s-bp">{t('svc.settings.basisPoints')}</label>
        <input
          id="s-bp"
          data-testid="settings-bp"
          inputMode="numeric"
          value={draft.commissionBasisPoints}
          onChange={(e) => edit('commissionBasisPoints', Number(e.target.value))}
        />
        <label htmlFor="s-min">{t('svc.settings.minimum')}</label>
        <input id="s-min" value={minText} onChange={(e) => setMinText(e.target.value)} />
        <NotesEditor draft={draft} edit={edit} />
        <LanguagesEditor draft={draft} edit={edit} />
        <TimeoutFields draft={draft} edit={edit} />
        <PrinterAndCentralFields draft={draft} edit={edit} />
      </div>
      {message && (
        <p
          className={`notice notice-${message.kind === 'ok' ? 'info' : 'error'}`}
          data-testid="settings-message"
        >
          {message.text}
        </p>
      )}
      <button
        type="button"
        className="button button-primary"
        data-testid="settings-save"
        onClick={() => void save()}
      >
        {t('svc.settings.save')}
      </button>
    </div>
  );
}

/** What is in force once central's terms narrowed the saved settings. */
function InForce({ terms }: { terms: EffectiveTerms }) {
  return (
    <div className="notice notice-info" data-testid="settings-in-force">
      <p>
        {t('svc.settings.inForce', {
          cap: rub(terms.depositKopecksMax),
          bp: terms.commissionBasisPoints,
          minimum: rub(terms.commissionMinKopecks),
          version: terms.configVersion ?? t('svc.central.none'),
        })}
      </p>
      {terms.narrowedByCentral.length > 0 && (
        <p>{t('svc.settings.narrowed', { fields: terms.narrowedByCentral.join(', ') })}</p>
      )}
    </div>
  );
}

/** The draft with the rubles fields folded in, checked by the contract's own schema. */
function prepareSettings(
  draft: ServiceSettings,
  capText: string,
  minText: string,
): { ok: true; settings: ServiceSettings } | { ok: false; text: string } {
  const cap = parseRubles(capText);
  const minimum = parseRubles(minText);
  if (cap === null || minimum === null) {
    return { ok: false, text: t('svc.settings.badRubles') };
  }
  const parsed = ServiceSettingsSchema.safeParse({
    ...draft,
    depositKopecksMax: cap,
    commissionMinKopecks: minimum,
  });
  if (parsed.success) return { ok: true, settings: parsed.data };
  const text = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  return { ok: false, text: text.join('; ') };
}

type FieldsProps = { draft: ServiceSettings; edit: Edit };

/** Accepted denominations, and per note whether its newest series is accepted too. */
function NotesEditor({ draft, edit }: FieldsProps) {
  const change = (index: number, patch: Partial<ServiceSettings['acceptedNotes'][number]>) => {
    const note = draft.acceptedNotes[index];
    if (note) edit('acceptedNotes', draft.acceptedNotes.with(index, { ...note, ...patch }));
  };
  return (
    <>
      <span>{t('svc.settings.notes')}</span>
      <div>
        {draft.acceptedNotes.map((note, index) => (
          <div className="service-row service-note-row" key={note.noteKopecks}>
            <span className="service-note-value">{rub(note.noteKopecks)}</span>
            <label>
              <input
                type="checkbox"
                data-testid={`note-${note.noteKopecks}`}
                checked={note.enabled}
                onChange={(e) => change(index, { enabled: e.target.checked })}
              />
              {t('svc.settings.accept')}
            </label>
            <label>
              <input
                type="checkbox"
                checked={note.newSeriesEnabled}
                onChange={(e) => change(index, { newSeriesEnabled: e.target.checked })}
              />
              {t('svc.settings.newSeries')}
            </label>
          </div>
        ))}
      </div>
    </>
  );
}

function LanguagesEditor({ draft, edit }: FieldsProps) {
  const toggle = (language: Language, on: boolean) =>
    edit(
      'languages',
      on ? [...draft.languages, language] : draft.languages.filter((item) => item !== language),
    );
  return (
    <>
      <span>{t('svc.settings.languages')}</span>
      <div className="service-row">
        {allLanguages.map((language) => (
          <label key={language}>
            <input
              type="checkbox"
              checked={draft.languages.includes(language)}
              onChange={(e) => toggle(language, e.target.checked)}
            />
            {language}
          </label>
        ))}
      </div>
      <label htmlFor="s-default-language">{t('svc.settings.defaultLanguage')}</label>
      <select
        id="s-default-language"
        data-testid="settings-default-language"
        value={draft.defaultLanguage}
        onChange={(e) => edit('defaultLanguage', e.target.value as Language)}
      >
        {draft.languages.map((language) => (
          <option key={language} value={language}>
            {language}
          </option>
        ))}
      </select>
    </>
  );
}

function TimeoutFields({ draft, edit }: FieldsProps) {
  return (
    <>
      <label htmlFor="s-idle">{t('svc.settings.payerIdle')}</label>
      <input
        id="s-idle"
        data-testid="settings-payer-idle"
        inputMode="numeric"
        value={draft.payerIdleTimeoutMs / 1000}
        onChange={(e) => edit('payerIdleTimeoutMs', Number(e.target.value) * 1000)}
      />
      <label htmlFor="s-sidle">{t('svc.settings.serviceIdle')}</label>
      <input
        id="s-sidle"
        inputMode="numeric"
        value={draft.serviceIdleTimeoutMs / 1000}
        onChange={(e) => edit('serviceIdleTimeoutMs', Number(e.target.value) * 1000)}
      />
    </>
  );
}

function PrinterAndCentralFields({ draft, edit }: FieldsProps) {
  return (
    <>
      <label htmlFor="s-model">{t('svc.settings.printerModel')}</label>
      <input
        id="s-model"
        value={draft.printer.model}
        onChange={(e) => edit('printer', { ...draft.printer, model: e.target.value })}
      />
      <label htmlFor="s-width">{t('svc.settings.width')}</label>
      <select
        id="s-width"
        value={draft.printer.widthColumns}
        onChange={(e) =>
          edit('printer', {
            ...draft.printer,
            widthColumns: Number(e.target.value) as 32 | 42 | 48,
          })
        }
      >
        <option value={32}>{t('svc.settings.widthPaper', { columns: 32, paperMm: 58 })}</option>
        <option value={42}>42</option>
        <option value={48}>{t('svc.settings.widthPaper', { columns: 48, paperMm: 80 })}</option>
      </select>
      <span>{t('svc.settings.codePage')}</span>
      <span>{draft.printer.codePage}</span>
      <label htmlFor="s-no-paper">{t('svc.settings.noPaper')}</label>
      <input
        id="s-no-paper"
        type="checkbox"
        checked={draft.printer.allowCashWithoutPaper}
        onChange={(e) =>
          edit('printer', { ...draft.printer, allowCashWithoutPaper: e.target.checked })
        }
      />
      <label htmlFor="s-url">{t('svc.settings.centralUrl')}</label>
      <input
        id="s-url"
        value={draft.centralUrl ?? ''}
        onChange={(e) => edit('centralUrl', e.target.value.trim() === '' ? null : e.target.value)}
      />
      <label htmlFor="s-key">{t('svc.settings.keyDir')}</label>
      <input
        id="s-key"
        value={draft.serviceKeyDir ?? ''}
        onChange={(e) =>
          edit('serviceKeyDir', e.target.value.trim() === '' ? null : e.target.value)
        }
      />
    </>
  );
}
