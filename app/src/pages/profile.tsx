/**
 * The payer's profile: name and e-mail, the sender's name (set once), the SMS notifications,
 * password and phone number changes, language, logging out, deleting the account.
 */
import { type FormEvent, useEffect, useState } from 'react';
import { AnySchema, call, ProfileSchema } from '../api.ts';
import { useApp } from '../app.tsx';
import { useT } from '../i18n/i18n.ts';
import { Field, Loading, Notice, Page, useAction, useLoad } from '../ui.tsx';
import { LanguagePicker } from './language.tsx';
import {
  DeleteAccountCard,
  NotificationsCard,
  PhoneCard,
  SenderNameCard,
} from './profile-extras.tsx';

export function ProfilePage() {
  const { t } = useT();
  const { logOut } = useApp();
  const profile = useLoad(() => call('GET', '/v1/payer/profile', ProfileSchema), []);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [savedNote, setSavedNote] = useState(false);
  const save = useAction();
  useEffect(() => {
    if (profile.data === null) return;
    setName(profile.data.displayName);
    setEmail(profile.data.email ?? '');
  }, [profile.data]);
  if (profile.data === null) return <Loading failure={profile.failure} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run(async () => {
      await call('POST', '/v1/payer/profile', ProfileSchema, {
        body: { displayName: name.trim() || profile.data!.phone, email: email.trim() || null },
      });
      setSavedNote(true);
    });
  };
  return (
    <Page title={t('profile.title')} back="#/">
      <form className="card form" onSubmit={submit}>
        <p className="mono">{profile.data.phone}</p>
        <Field label={t('common.name')} name="displayName" value={name} onChange={setName} />
        <Field
          label={t('profile.email')}
          type="email"
          name="email"
          value={email}
          onChange={setEmail}
        />
        {save.failure === null ? null : <Notice kind="error">{t(save.failure)}</Notice>}
        {savedNote ? <Notice kind="ok">{t('profile.saved')}</Notice> : null}
        <button className="primary" type="submit" disabled={save.busy}>
          {t('common.save')}
        </button>
      </form>
      <SenderNameCard profile={profile.data} onSaved={profile.reload} />
      <NotificationsCard />
      <PasswordForm />
      <PhoneCard onChanged={profile.reload} />
      <div className="card">
        <LanguagePicker />
      </div>
      <div className="links">
        <a href="#/templates">{t('nav.templates')}</a>
        <a href="#/support">{t('nav.support')}</a>
        <a href="#/track">{t('nav.track')}</a>
      </div>
      <button
        type="button"
        className="quiet wide"
        onClick={() => {
          void call('POST', '/v1/payer/logout', AnySchema).catch(() => {});
          logOut();
        }}
      >
        {t('auth.logout')}
      </button>
      <DeleteAccountCard onDeleted={logOut} />
    </Page>
  );
}

function PasswordForm() {
  const { t } = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [changed, setChanged] = useState(false);
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await call('POST', '/v1/payer/password', AnySchema, {
        body: { currentPassword: current, newPassword: next },
      });
      setChanged(true);
      setCurrent('');
      setNext('');
    });
  };
  return (
    <form className="card form" onSubmit={submit}>
      <h2>{t('profile.changePassword')}</h2>
      <Field
        label={t('profile.currentPassword')}
        type="password"
        autoComplete="current-password"
        value={current}
        onChange={setCurrent}
      />
      <Field
        label={t('auth.newPassword')}
        type="password"
        autoComplete="new-password"
        hint={t('auth.passwordRule')}
        value={next}
        onChange={setNext}
      />
      {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
      {changed ? <Notice kind="ok">{t('profile.passwordChanged')}</Notice> : null}
      <button type="submit" disabled={action.busy || current === '' || next === ''}>
        {t('profile.changePassword')}
      </button>
    </form>
  );
}
