/**
 * Log in, register and recover: the same account as at the kiosk (phone + password), a
 * registration and a reset each confirmed by an SMS code.
 */
import { type FormEvent, useState } from 'react';
import { CodeSentSchema, call, SessionSchema } from '../api.ts';
import { useApp } from '../app.tsx';
import { useT } from '../i18n/i18n.ts';
import { Field, Notice, Page, useAction } from '../ui.tsx';
import { LanguagePicker } from './language.tsx';

function Brand() {
  const { t } = useT();
  return (
    <div className="brand">
      <img src="/app/icon-192.png" alt="" width="56" height="56" />
      <div>
        <p className="brand-name">{t('app.title')}</p>
        <p className="muted">{t('app.tagline')}</p>
      </div>
    </div>
  );
}

export function LoginPage() {
  const { t } = useT();
  const { logIn } = useApp();
  const [phone, setPhone] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const opened = await call('POST', '/v1/payer/login', SessionSchema, {
        body: { phone, password },
      });
      logIn(opened.sessionToken);
    });
  };
  return (
    <div className="public">
      <Brand />
      <Page title={t('auth.loginTitle')}>
        <form className="card form" onSubmit={submit}>
          <p className="muted">{t('auth.sameAccount')}</p>
          <Field
            label={t('common.phone')}
            type="tel"
            name="phone"
            autoComplete="tel"
            value={phone}
            onChange={setPhone}
          />
          <Field
            label={t('common.password')}
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
          />
          {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
          <button className="primary" type="submit" disabled={action.busy}>
            {t('auth.login')}
          </button>
          <div className="links">
            <a href="#/register">{t('auth.register')}</a>
            <a href="#/recover">{t('auth.recover')}</a>
            <a href="#/track">{t('nav.track')}</a>
          </div>
        </form>
        <LanguagePicker />
      </Page>
    </div>
  );
}

/** Phone, then the code sent to it and the rest: registration and recovery share the shape. */
function CodeForm(props: { purpose: 'register' | 'reset' }) {
  const { t } = useT();
  const { logIn } = useApp();
  const [phone, setPhone] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const requestCode = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await call('POST', '/v1/payer/sms-codes', CodeSentSchema, {
        body: { phone, purpose: props.purpose },
      });
      setSentTo(phone);
    });
  };
  const finish = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const opened =
        props.purpose === 'register'
          ? await call('POST', '/v1/payer/register', SessionSchema, {
              body: { phone, code, password, displayName: name },
            })
          : await call('POST', '/v1/payer/password-reset', SessionSchema, {
              body: { phone, code, newPassword: password },
            });
      logIn(opened.sessionToken);
      window.location.hash = '#/';
    });
  };
  const failure =
    action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>;
  if (sentTo === null) {
    return (
      <form className="card form" onSubmit={requestCode}>
        <p className="muted">{t('auth.sameAccount')}</p>
        <Field
          label={t('common.phone')}
          type="tel"
          name="phone"
          autoComplete="tel"
          value={phone}
          onChange={setPhone}
        />
        {failure}
        <button className="primary" type="submit" disabled={action.busy}>
          {t('auth.getCode')}
        </button>
        <div className="links">
          <a href="#/login">{t('auth.login')}</a>
        </div>
      </form>
    );
  }
  return (
    <form className="card form" onSubmit={finish}>
      <Notice kind="info">{t('auth.codeSent', { phone: sentTo })}</Notice>
      <SecretFields
        purpose={props.purpose}
        code={code}
        name={name}
        password={password}
        onCode={setCode}
        onName={setName}
        onPassword={setPassword}
      />
      {failure}
      <button className="primary" type="submit" disabled={action.busy}>
        {props.purpose === 'register' ? t('auth.register') : t('common.save')}
      </button>
    </form>
  );
}

/** The SMS code, the name (registration only) and the new password. */
function SecretFields(props: {
  purpose: 'register' | 'reset';
  code: string;
  name: string;
  password: string;
  onCode: (value: string) => void;
  onName: (value: string) => void;
  onPassword: (value: string) => void;
}) {
  const { t } = useT();
  return (
    <>
      <Field
        label={t('common.code')}
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={props.code}
        onChange={props.onCode}
      />
      {props.purpose === 'register' ? (
        <Field label={t('common.name')} name="name" value={props.name} onChange={props.onName} />
      ) : null}
      <Field
        label={props.purpose === 'register' ? t('common.password') : t('auth.newPassword')}
        type="password"
        name="password"
        autoComplete="new-password"
        hint={t('auth.passwordRule')}
        value={props.password}
        onChange={props.onPassword}
      />
    </>
  );
}

export function RegisterPage() {
  const { t } = useT();
  return (
    <div className="public">
      <Brand />
      <Page title={t('auth.registerTitle')} back="#/login">
        <CodeForm purpose="register" />
      </Page>
    </div>
  );
}

export function RecoverPage() {
  const { t } = useT();
  return (
    <div className="public">
      <Brand />
      <Page title={t('auth.recoverTitle')} back="#/login">
        <CodeForm purpose="reset" />
      </Page>
    </div>
  );
}
