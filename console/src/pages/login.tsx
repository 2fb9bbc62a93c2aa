/** Login: login and password, then the authenticator's code when the account has one. */
import { type FormEvent, useState } from 'react';
import { type Me, MeSchema } from '../../../common/console-wire.ts';
import { type ApiProblem, api } from '../api.ts';
import { setLang, t, useLang } from '../i18n.ts';
import { Problem } from '../parts.tsx';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (me: Me) => void }) {
  const lang = useLang();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [needCode, setNeedCode] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const body = { login: login.trim(), password, ...(needCode ? { totpCode: code } : {}) };
    const result = await api('/v1/console/login', MeSchema, { method: 'POST', body });
    setBusy(false);
    if (result.ok) {
      onLoggedIn(result.value);
      return;
    }
    if (result.error.code === 'totp-required') {
      setNeedCode(true);
      setProblem(null);
      return;
    }
    setProblem(result.error);
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={(event) => void submit(event)}>
        <h1>{t('appTitle')}</h1>
        <label>
          {t('login')}
          <input
            name="login"
            autoComplete="username"
            value={login}
            onChange={(event) => setLogin(event.target.value)}
            required
          />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            required
          />
        </label>
        {needCode ? (
          <label>
            {t('totpCode')}
            <input
              name="totpCode"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              value={code}
              onChange={(event) => setCode(event.target.value)}
              required
              // biome-ignore lint/a11y/noAutofocus: the code field appears on purpose, after the password
              autoFocus
            />
          </label>
        ) : null}
        <Problem problem={problem} />
        {needCode && problem === null ? <p className="muted">{t('error.totp-required')}</p> : null}
        <button type="submit" className="primary" disabled={busy}>
          {t('signIn')}
        </button>
        <button type="button" className="link" onClick={() => setLang(lang === 'ru' ? 'en' : 'ru')}>
          {t('language')}
        </button>
      </form>
    </main>
  );
}
