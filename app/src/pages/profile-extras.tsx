/**
 * Parts of the profile: the sender's name, set once (central locks it; docs/PAYER-APP.md
 * § The sender's name), the SMS notifications the payer chooses, a new phone number, and
 * deleting the account.
 */
import { type FormEvent, useState } from 'react';
import {
  NOTIFICATION_KINDS,
  type NotificationKind,
  SENDER_NAME_PART_PATTERN,
} from '../../../common/central-wire-payer.ts';
import {
  AnySchema,
  CodeSentSchema,
  call,
  NotificationPreferencesSchema,
  PhoneChangedSchema,
  type Profile,
  ProfileSchema,
} from '../api.ts';
import { useT } from '../i18n/i18n.ts';
import { Field, Loading, Notice, useAction, useLoad } from '../ui.tsx';

export function SenderNameCard(props: { profile: Profile; onSaved: () => void }) {
  const { t } = useT();
  const [surname, setSurname] = useState('');
  const [name, setName] = useState('');
  const [patronymic, setPatronymic] = useState('');
  const save = useAction();
  const parts = [surname, name, patronymic].map((part) => part.trim());
  const lettersOk = parts.every((part) => part === '' || SENDER_NAME_PART_PATTERN.test(part));
  if (props.profile.senderName !== null) {
    return (
      <div className="card" data-testid="sender-name">
        <h2>{t('sender.title')}</h2>
        <p>
          <strong>{props.profile.senderName}</strong>
        </p>
        <p className="muted">{t('sender.locked')}</p>
      </div>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run(async () => {
      const [surnamePart, namePart, patronymicPart] = parts;
      await call('POST', '/v1/payer/sender-name', ProfileSchema, {
        body: {
          surname: surnamePart,
          name: namePart,
          ...(patronymicPart === '' ? {} : { patronymic: patronymicPart }),
        },
      });
      props.onSaved();
    });
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="sender-name">
      <h2>{t('sender.title')}</h2>
      <p className="muted">{t('sender.none')}</p>
      <p>{t('sender.hint')}</p>
      <Field label={t('sender.surname')} value={surname} onChange={setSurname} maxLength={60} />
      <Field label={t('sender.name')} value={name} onChange={setName} maxLength={60} />
      <Field
        label={t('sender.patronymic')}
        value={patronymic}
        onChange={setPatronymic}
        maxLength={60}
      />
      {lettersOk ? null : <Notice kind="warn">{t('sender.letters')}</Notice>}
      {save.failure === null ? null : <Notice kind="error">{t(save.failure)}</Notice>}
      <button
        type="submit"
        disabled={save.busy || !lettersOk || parts[0] === '' || parts[1] === ''}
      >
        {t('sender.save')}
      </button>
    </form>
  );
}

export function NotificationsCard() {
  const { t } = useT();
  const loaded = useLoad(
    () => call('GET', '/v1/payer/notifications', NotificationPreferencesSchema),
    [],
  );
  const [chosen, setChosen] = useState<Partial<Record<NotificationKind, boolean>>>({});
  const save = useAction();
  if (loaded.data === null) return <Loading failure={loaded.failure} />;
  const stored = new Map(loaded.data.preferences.map((item) => [item.kind, item.sms]));
  const isOn = (kind: NotificationKind) => chosen[kind] ?? stored.get(kind) ?? false;
  const toggle = (kind: NotificationKind, sms: boolean) => {
    const before = isOn(kind);
    setChosen((current) => ({ ...current, [kind]: sms }));
    void save.run(async () => {
      try {
        const saved = await call('POST', '/v1/payer/notifications', NotificationPreferencesSchema, {
          body: { preferences: [{ kind, sms }] },
        });
        const answer = saved.preferences.find((item) => item.kind === kind)?.sms ?? before;
        setChosen((current) => ({ ...current, [kind]: answer }));
      } catch (error) {
        // The switch shows what central holds, not what failed to be saved.
        setChosen((current) => ({ ...current, [kind]: before }));
        throw error;
      }
    });
  };
  return (
    <div className="card form" data-testid="notifications">
      <h2>{t('notify.title')}</h2>
      <p className="muted">{t('notify.hint')}</p>
      {NOTIFICATION_KINDS.map((kind) => (
        <label className="check" key={kind}>
          <input
            type="checkbox"
            name={kind}
            checked={isOn(kind)}
            disabled={save.busy}
            onChange={(event) => toggle(kind, event.target.checked)}
          />
          <span>{t(`notify.${kind}`)}</span>
        </label>
      ))}
      {save.failure === null ? null : <Notice kind="error">{t(save.failure)}</Notice>}
    </div>
  );
}

/** A new number: a code sent to it, then the code with the current password. */
export function PhoneCard(props: { onChanged: () => void }) {
  const { t } = useT();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [codeSent, setCodeSent] = useState(false);
  const [changedTo, setChangedTo] = useState<string | null>(null);
  const action = useAction();
  const requestCode = () =>
    void action.run(async () => {
      await call('POST', '/v1/payer/phone-codes', CodeSentSchema, { body: { phone } });
      setCodeSent(true);
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const changed = await call('POST', '/v1/payer/phone', PhoneChangedSchema, {
        body: { phone, code: code.trim(), currentPassword: password },
      });
      setChangedTo(changed.phone);
      setCodeSent(false);
      setCode('');
      setPassword('');
      props.onChanged();
    });
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="phone-change">
      <h2>{t('phone.title')}</h2>
      <p className="muted">{t('phone.hint')}</p>
      <Field
        label={t('phone.new')}
        name="newPhone"
        type="tel"
        inputMode="tel"
        autoComplete="tel"
        value={phone}
        onChange={setPhone}
      />
      {codeSent ? (
        <>
          <Field
            label={t('common.code')}
            name="phoneCode"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            onChange={setCode}
          />
          <Field
            label={t('profile.currentPassword')}
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
          />
        </>
      ) : null}
      {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
      {changedTo === null ? null : (
        <Notice kind="ok">{t('phone.changed', { phone: changedTo })}</Notice>
      )}
      {codeSent ? (
        <button type="submit" disabled={action.busy || code.trim() === '' || password === ''}>
          {t('phone.title')}
        </button>
      ) : (
        <button type="button" disabled={action.busy || phone.trim() === ''} onClick={requestCode}>
          {t('auth.getCode')}
        </button>
      )}
    </form>
  );
}

/** Deleting the account: the password again, and what is erased and what is kept said first. */
export function DeleteAccountCard(props: { onDeleted: () => void }) {
  const { t } = useT();
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await call('POST', '/v1/payer/account/delete', AnySchema, {
        body: { currentPassword: password },
      });
      props.onDeleted();
    });
  };
  return (
    <form className="card form" onSubmit={submit} data-testid="account-delete">
      <h2>{t('delete.title')}</h2>
      <p>{t('delete.hint')}</p>
      <Field
        label={t('profile.currentPassword')}
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
      />
      {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
      <button type="submit" className="danger" disabled={action.busy || password === ''}>
        {t('delete.confirm')}
      </button>
    </form>
  );
}
