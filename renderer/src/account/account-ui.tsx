import { useCallback, useState } from 'react';
import type { CommandResult, Channel, Language } from '../../../common/contract.ts';
import { useT } from '../app/use-t.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import { reference } from '../i18n/i18n.ts';
import { useKiosk } from '../store/kiosk-store.ts';

/** The message for an IPC error kind ('weak-password:no-digit' → the weak-password text). */
export function errorKey(kind: string): MessageKey {
  const base = kind.startsWith('weak-password') ? 'weak-password' : kind;
  const key = `acc.err.${base}`;
  return Object.hasOwn(reference, key) ? (key as MessageKey) : 'acc.err.other';
}

/** What went wrong, in words, from a refused command (never an exception). */
export function useErrorText() {
  const { t } = useT();
  return useCallback(
    <C extends Channel>(result: CommandResult<C>) =>
      result.ok ? null : t(errorKey(result.error.kind)),
    [t],
  );
}

const rows = {
  ru: ['1234567890', 'йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбюё.-'],
  en: ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm@.-_'],
};

/** A letter needs sentences: commas, questions, quotes. */
const punctuation = ',!?:;()«»';

/**
 * Letters the visitor's language has beyond the Russian or Latin rows: Tajik and Kyrgyz are
 * written in Cyrillic with their own letters, Uzbek in Latin with the ʻ of oʻ and gʻ.
 */
const ownLetters: Partial<Record<Language, { layout: 'ru' | 'en'; letters: string }>> = {
  tg: { layout: 'ru', letters: 'ғӣқӯҳҷ' },
  ky: { layout: 'ru', letters: 'ңөү' },
  uz: { layout: 'en', letters: 'ʻ' },
};

export function keyboardRows(layout: 'ru' | 'en', language: Language): string[] {
  const own = ownLetters[language];
  const extra = own !== undefined && own.layout === layout ? [own.letters] : [];
  return [...rows[layout], ...extra, punctuation];
}

/**
 * A full on-screen keyboard for passwords, names, e-mail and letters: the kiosk has no
 * physical one. Keys edit the field the payer last tapped; nothing is kept anywhere else.
 */
export function AccountKeyboard(props: { onKey: (key: string) => void }) {
  const language = useKiosk((state) => state.language);
  const [layout, setLayout] = useState<'ru' | 'en'>(ownLetters[language]?.layout ?? 'ru');
  const [upper, setUpper] = useState(false);
  return (
    <div className="acc-keyboard" data-testid="acc-keyboard" data-layout={layout}>
      {keyboardRows(layout, language).map((row) => (
        <div key={row} className="acc-keyboard-row">
          {[...row].map((char) => {
            const key = upper ? char.toUpperCase() : char;
            return (
              <button
                key={char}
                type="button"
                className="acc-key"
                data-key={key}
                onClick={() => props.onKey(key)}
              >
                {key}
              </button>
            );
          })}
        </div>
      ))}
      <div className="acc-keyboard-row">
        <button type="button" className="acc-key acc-key-wide" onClick={() => setUpper(!upper)}>
          ⇧
        </button>
        <button
          type="button"
          className="acc-key acc-key-wide"
          data-key="{lang}"
          onClick={() => setLayout(layout === 'ru' ? 'en' : 'ru')}
        >
          {layout === 'ru' ? 'EN' : 'РУ'}
        </button>
        <button
          type="button"
          className="acc-key acc-key-space"
          data-key="{space}"
          onClick={() => props.onKey(' ')}
        >
          ␣
        </button>
        <button
          type="button"
          className="acc-key acc-key-wide"
          data-key="{bksp}"
          onClick={() => props.onKey('{bksp}')}
        >
          ⌫
        </button>
      </div>
    </div>
  );
}

export type FieldSpec = { name: string; label: string; secret?: boolean; digits?: boolean };

/** A small form: one active field receives the on-screen keys; values live only here. */
export function useForm(
  names: readonly string[],
  lengthMax = 2_000,
  initial: Record<string, string> = {},
) {
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(names.map((name) => [name, initial[name] ?? ''])),
  );
  const [active, setActive] = useState(names[0] ?? '');
  const set = (name: string, value: string) =>
    setValues((current) => ({ ...current, [name]: value.slice(0, lengthMax) }));
  const onKey = (key: string) => {
    const value = values[active] ?? '';
    set(active, key === '{bksp}' ? value.slice(0, -1) : value + key);
  };
  return { values, set, active, setActive, onKey };
}

export function Fields(props: { specs: FieldSpec[]; form: ReturnType<typeof useForm> }) {
  const { form } = props;
  return (
    <div className="acc-fields">
      {props.specs.map((spec) => (
        <label
          key={spec.name}
          className={`acc-field${form.active === spec.name ? ' acc-field-active' : ''}`}
        >
          <span className="acc-field-label">{spec.label}</span>
          <input
            className="acc-input"
            data-testid={`acc-${spec.name}`}
            type={spec.secret ? 'password' : 'text'}
            inputMode={spec.digits ? 'numeric' : 'none'}
            autoComplete="off"
            value={form.values[spec.name] ?? ''}
            onFocus={() => form.setActive(spec.name)}
            onChange={(event) => form.set(spec.name, event.target.value)}
          />
        </label>
      ))}
    </div>
  );
}

export function ErrorLine(props: { text: string | null }) {
  if (props.text === null) return null;
  return (
    <p className="acc-error" role="alert" data-testid="acc-error">
      {props.text}
    </p>
  );
}

export function InfoLine(props: { text: string | null }) {
  if (props.text === null) return null;
  return (
    <p className="acc-info" role="status" data-testid="acc-info">
      {props.text}
    </p>
  );
}
