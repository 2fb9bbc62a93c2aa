import { useCallback, useState } from 'react';
import type { KeyboardKey } from '../app/text-entry.ts';
import { useT } from '../app/use-t.ts';
import type { AccountErrorKind } from './actions.ts';
import { accountRefusalText } from './refusals.ts';

/** What went wrong, in words, from a refused command (never an exception); null when none. */
export function useErrorText() {
  const { t } = useT();
  return useCallback(
    (outcome: { ok: true } | { ok: false; kind: AccountErrorKind }) =>
      outcome.ok ? null : t(accountRefusalText(outcome.kind)),
    [t],
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
  const onKey = (key: KeyboardKey) => {
    const value = values[active] ?? '';
    if (key.kind === 'erase') set(active, value.slice(0, -1));
    else if (key.kind === 'char') set(active, value + key.char);
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
