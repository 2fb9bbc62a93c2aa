/** The user's own account: change the password, turn the authenticator (TOTP) on or off. */
import { type FormEvent, useState } from 'react';
import { z } from 'zod';
import { MeSchema } from '../../../common/console-wire.ts';
import type { Session } from '../app.tsx';
import { type ApiProblem, api } from '../api.ts';
import { t } from '../i18n.ts';
import { Page, Problem } from '../parts.tsx';

const SetupSchema = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = { currentPassword: current, newPassword: next };
    const result = await api('/v1/console/me/password', z.object({ ok: z.boolean() }), {
      method: 'POST',
      body,
    });
    setDone(result.ok);
    setProblem(result.ok ? null : result.error);
  };
  return (
    <form className="form-grid" onSubmit={(event) => void submit(event)}>
      <label>
        {t('currentPassword')}
        <input
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label>
        {t('newPassword')}
        <input
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </label>
      <div className="wide">
        <button type="submit">{t('changePassword')}</button> {done ? t('saved') : null}
        <Problem problem={problem} />
      </div>
    </form>
  );
}

function TotpForm({ enabled }: { enabled: boolean }) {
  const [setup, setSetup] = useState<z.infer<typeof SetupSchema> | null>(null);
  const [code, setCode] = useState('');
  const [on, setOn] = useState(enabled);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const start = async () => {
    const result = await api('/v1/console/me/totp/setup', SetupSchema, { method: 'POST' });
    setSetup(result.ok ? result.value : null);
    setProblem(result.ok ? null : result.error);
  };
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    const result = await api('/v1/console/me/totp/confirm', MeSchema, {
      method: 'POST',
      body: { code },
    });
    setProblem(result.ok ? null : result.error);
    if (result.ok) {
      setOn(true);
      setSetup(null);
    }
  };
  if (on) return <p className="ok-line">{t('totpOn')}</p>;
  if (setup === null) {
    return (
      <>
        <button type="button" onClick={() => void start()}>
          {t('totpSetup')}
        </button>
        <Problem problem={problem} />
      </>
    );
  }
  const qr = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`;
  return (
    <form className="totp" onSubmit={(event) => void confirm(event)}>
      <p>{t('totpScan')}</p>
      <img src={qr} alt={setup.uri} width={200} height={200} />
      <p className="mono">{setup.secret}</p>
      <label>
        {t('totpCode')}
        <input
          inputMode="numeric"
          pattern="[0-9]{6}"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      <button type="submit" className="primary">
        {t('confirm')}
      </button>
      <Problem problem={problem} />
    </form>
  );
}

export function AccountPage({ session }: { session: Session }) {
  return (
    <Page title={t('nav.account')}>
      <p>
        {session.me.user.displayName} · {session.me.user.login} ·{' '}
        {t(`role.${session.me.user.role}`)}
      </p>
      <h2>{t('changePassword')}</h2>
      <PasswordForm />
      <h2>{t('totp')}</h2>
      <TotpForm enabled={session.me.user.totpEnabled} />
    </Page>
  );
}
