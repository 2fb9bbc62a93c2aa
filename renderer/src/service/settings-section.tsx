import { useEffect, useState } from 'react';
import type { Language, ServiceSettings } from '../../../common/contract.ts';
import { ServiceSettingsSchema } from '../../../common/contract.ts';
import { rub, rublesToKopecks } from './service-format.ts';
import { checked, errorText, useService } from './service-session.ts';

const allLanguages: readonly Language[] = ['ru', 'en', 'uz', 'tg', 'ky'];

/** Edits a draft; the same zod schema as main checks it before sending; main checks again. */
export function SettingsSection() {
  const service = useService();
  const [draft, setDraft] = useState<ServiceSettings | null>(null);
  const [capText, setCapText] = useState('');
  const [minText, setMinText] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  useEffect(() => {
    void service.bridge.invoke('settings:get', { token: service.token }).then((result) => {
      checked(service, result);
      if (!result.ok) return setMessage({ kind: 'error', text: errorText(result.error) });
      setDraft(result.value.settings);
      setCapText(String(result.value.settings.depositKopecksMax / 100));
      setMinText(String(result.value.settings.commissionMinKopecks / 100));
    });
  }, [service]);
  if (draft === null) return <p>{message?.text ?? 'Загрузка…'}</p>;

  const save = async () => {
    const cap = rublesToKopecks(capText);
    const minimum = rublesToKopecks(minText);
    if (cap === null || minimum === null) {
      return setMessage({ kind: 'error', text: 'Суммы — в рублях, например 15000 или 30,50.' });
    }
    const candidate = { ...draft, depositKopecksMax: cap, commissionMinKopecks: minimum };
    const parsed = ServiceSettingsSchema.safeParse(candidate);
    if (!parsed.success) {
      const text = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
      return setMessage({ kind: 'error', text: text.join('; ') });
    }
    const result = checked(
      service,
      await service.bridge.invoke('settings:set', { token: service.token, settings: parsed.data }),
    );
    if (!result.ok) return setMessage({ kind: 'error', text: errorText(result.error) });
    setDraft(result.value.settings);
    const restart = result.value.restartRequired;
    setMessage({
      kind: 'ok',
      text:
        restart.length === 0
          ? 'Сохранено и применено.'
          : `Сохранено; после перезапуска: ${restart.join(', ')}.`,
    });
  };
  const set = <K extends keyof ServiceSettings>(key: K, value: ServiceSettings[K]) =>
    setDraft({ ...draft, [key]: value });

  return (
    <div data-testid="service-settings">
      <h2>Настройки</h2>
      <div className="service-form">
        <label htmlFor="s-cap">Максимум одного платежа, ₽</label>
        <input
          id="s-cap"
          data-testid="settings-cap"
          value={capText}
          onChange={(e) => setCapText(e.target.value)}
        />
        <label htmlFor="s-bp">Комиссия, базисные пункты (100 = 1 %)</label>
        <input
          id="s-bp"
          data-testid="settings-bp"
          inputMode="numeric"
          value={draft.commissionBasisPoints}
          onChange={(e) => set('commissionBasisPoints', Number(e.target.value))}
        />
        <label htmlFor="s-min">Минимальная комиссия, ₽</label>
        <input id="s-min" value={minText} onChange={(e) => setMinText(e.target.value)} />
        <span>Купюры</span>
        <div>
          {draft.acceptedNotes.map((note, index) => (
            <div className="service-row" key={note.noteKopecks}>
              <span>{rub(note.noteKopecks)}</span>
              <label>
                <input
                  type="checkbox"
                  data-testid={`note-${note.noteKopecks}`}
                  checked={note.enabled}
                  onChange={(e) =>
                    set(
                      'acceptedNotes',
                      draft.acceptedNotes.with(index, { ...note, enabled: e.target.checked }),
                    )
                  }
                />
                принимать
              </label>
              <label>
                <input
                  type="checkbox"
                  checked={note.newSeriesEnabled}
                  onChange={(e) =>
                    set(
                      'acceptedNotes',
                      draft.acceptedNotes.with(index, {
                        ...note,
                        newSeriesEnabled: e.target.checked,
                      }),
                    )
                  }
                />
                новая серия
              </label>
            </div>
          ))}
        </div>
        <span>Языки</span>
        <div className="service-row">
          {allLanguages.map((language) => (
            <label key={language}>
              <input
                type="checkbox"
                checked={draft.languages.includes(language)}
                onChange={(e) =>
                  set(
                    'languages',
                    e.target.checked
                      ? [...draft.languages, language]
                      : draft.languages.filter((item) => item !== language),
                  )
                }
              />
              {language}
            </label>
          ))}
        </div>
        <label htmlFor="s-idle">Тайм-аут бездействия плательщика, с</label>
        <input
          id="s-idle"
          inputMode="numeric"
          value={draft.payerIdleTimeoutMs / 1000}
          onChange={(e) => set('payerIdleTimeoutMs', Number(e.target.value) * 1000)}
        />
        <label htmlFor="s-sidle">Тайм-аут сервисного режима, с</label>
        <input
          id="s-sidle"
          inputMode="numeric"
          value={draft.serviceIdleTimeoutMs / 1000}
          onChange={(e) => set('serviceIdleTimeoutMs', Number(e.target.value) * 1000)}
        />
        <label htmlFor="s-model">Модель принтера</label>
        <input
          id="s-model"
          value={draft.printer.model}
          onChange={(e) => set('printer', { ...draft.printer, model: e.target.value })}
        />
        <label htmlFor="s-width">Ширина ленты, символов</label>
        <select
          id="s-width"
          value={draft.printer.widthColumns}
          onChange={(e) =>
            set('printer', {
              ...draft.printer,
              widthColumns: Number(e.target.value) as 32 | 42 | 48,
            })
          }
        >
          <option value={32}>32 (58 мм)</option>
          <option value={42}>42</option>
          <option value={48}>48 (80 мм)</option>
        </select>
        <label htmlFor="s-url">Адрес центра</label>
        <input
          id="s-url"
          value={draft.centralUrl ?? ''}
          onChange={(e) => set('centralUrl', e.target.value.trim() === '' ? null : e.target.value)}
        />
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
        Сохранить
      </button>
    </div>
  );
}
