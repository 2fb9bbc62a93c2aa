/** The app's building blocks: a page with its title, labelled fields, buttons, messages. */
import { type ReactNode, useCallback, useEffect, useId, useState } from 'react';
import { ApiError } from './api.ts';
import { errorKey, type MessageKey, useT } from './i18n/i18n.ts';

export function Page(props: { title: string; back?: string; children: ReactNode }) {
  const { t } = useT();
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-head">
        {props.back === undefined ? null : (
          <a className="back" href={props.back}>
            ← {t('nav.back')}
          </a>
        )}
        <h1 id="page-title">{props.title}</h1>
      </header>
      {props.children}
    </section>
  );
}

type FieldProps = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'tel' | 'password' | 'email' | 'number';
  autoComplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'text' | 'email';
  name?: string;
  hint?: string;
  maxLength?: number;
};

export function Field(props: FieldProps) {
  const id = useId();
  return (
    <label className="field" htmlFor={id}>
      <span className="field-label">{props.label}</span>
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete ?? 'off'}
        inputMode={props.inputMode}
        maxLength={props.maxLength}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.hint === undefined ? null : <span className="field-hint">{props.hint}</span>}
    </label>
  );
}

export function Select(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  name?: string;
}) {
  const id = useId();
  const { t } = useT();
  return (
    <label className="field" htmlFor={id}>
      <span className="field-label">{props.label}</span>
      <select
        id={id}
        name={props.name}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      >
        <option value="">{t('find.choose')}</option>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Notice(props: { kind: 'error' | 'ok' | 'info' | 'warn'; children: ReactNode }) {
  return (
    <p className={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </p>
  );
}

/** A server or network failure in the payer's language. */
export function failureKey(error: unknown): MessageKey {
  if (error instanceof ApiError) {
    if (error.code === 'network') return 'error.network';
    if (error.code === 'payer-session-invalid') return 'error.session';
    return errorKey(error.code);
  }
  return 'error.generic';
}

/** Runs one action at a time and keeps its failure for the page to show. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    try {
      await action();
    } catch (error) {
      setFailure(failureKey(error));
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, failure, run, setFailure };
}

/** Data a page loads when it opens (and again on `reload`). */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const [round, setRound] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what it depends on
  useEffect(() => {
    let live = true;
    setFailure(null);
    load().then(
      (value) => {
        if (live) setData(value);
      },
      (error: unknown) => {
        if (live) setFailure(failureKey(error));
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, round]);
  return { data, failure, reload: () => setRound((value) => value + 1) };
}

export function Loading(props: { failure: MessageKey | null }) {
  const { t } = useT();
  if (props.failure !== null) return <Notice kind="error">{t(props.failure)}</Notice>;
  return <p className="muted">{t('common.loading')}</p>;
}
