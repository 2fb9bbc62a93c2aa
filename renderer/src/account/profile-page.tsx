import { useEffect, useState } from 'react';
import { useBridge } from '../app/bridge-context.tsx';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { TypingArea } from '../keyboard/typing-area.tsx';
import { BackFooter } from './back-footer.tsx';
import * as actions from './actions.ts';
import { useAccount } from './account-store.ts';
import { ErrorLine, Fields, InfoLine, useErrorText, useForm } from './account-ui.tsx';
import type { NotificationPreference } from '../../../common/central-wire-payer.ts';

/**
 * Name and e-mail, the password change (current one first), the sender's name central puts on
 * transfers (set in the app; shown here), and the SMS notifications, each on or off.
 */
export function ProfilePage() {
  const bridge = useBridge();
  const { t } = useT();
  const errorText = useErrorText();
  const { account, setAccount } = useAccount();
  const form = useForm(['name', 'email', 'current', 'password', 'passwordAgain'], 200);
  const [message, setMessage] = useState<{ error: string | null; info: string | null }>({
    error: null,
    info: null,
  });
  const v = (name: string) => form.values[name] ?? '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill once from the account.
  useEffect(() => {
    if (account === null) return;
    form.set('name', account.displayName);
    form.set('email', account.email ?? '');
  }, []);
  const save = async () => {
    const patch = {
      ...(v('name').trim() === '' ? {} : { displayName: v('name') }),
      email: v('email').trim() === '' ? null : v('email').trim(),
    };
    const saved = await actions.updateProfile(bridge, patch);
    if (saved.ok) setAccount(saved.value);
    let error = errorText(saved);
    let info = saved.ok ? t('acc.saved') : null;
    if (saved.ok && v('password') !== '') {
      const changed = await actions.changePassword(bridge, {
        currentPassword: v('current'),
        newPassword: v('password'),
        newPasswordAgain: v('passwordAgain'),
      });
      error = errorText(changed);
      info = changed.ok ? t('acc.changed') : null;
    }
    setMessage({ error, info });
  };
  const saveButton = (
    <Button kind="primary" onClick={() => void save()} testId="acc-profile-save">
      {t('acc.save')}
    </Button>
  );
  return (
    <ScreenFrame
      title={t('acc.profile')}
      footer={<BackFooter>{saveButton}</BackFooter>}
      testId="acc-profile"
    >
      <TypingArea mode="text" onKey={form.onKey}>
        <Fields
          form={form}
          specs={[
            { name: 'name', label: t('acc.name') },
            { name: 'email', label: t('acc.email') },
            { name: 'current', label: t('acc.currentPassword'), secret: true },
            { name: 'password', label: t('acc.newPassword'), secret: true },
            { name: 'passwordAgain', label: t('acc.passwordAgain'), secret: true },
          ]}
        />
        <p className="acc-hint">{t('acc.passwordRules')}</p>
        <ErrorLine text={message.error} />
        <InfoLine text={message.info} />
      </TypingArea>
      {/* Below the keyboard: typing keeps every key on screen; these need no typing. */}
      <p className="acc-hint" data-testid="acc-sender">
        {t('acc.sender')}: {account?.senderName ?? t('acc.senderNone')}
      </p>
      <NotificationSwitches />
    </ScreenFrame>
  );
}

/** One button per kind: a tap turns it on or off at central, and shows what central holds. */
function NotificationSwitches() {
  const bridge = useBridge();
  const { t } = useT();
  const errorText = useErrorText();
  const [choices, setChoices] = useState<NotificationPreference[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read once when the page opens.
  useEffect(() => {
    void actions.notifications(bridge, {}).then((got) => {
      if (got.ok) setChoices(got.value);
      else setError(errorText(got));
    });
  }, []);
  if (choices === null) return <ErrorLine text={error} />;
  const flip = async (choice: NotificationPreference) => {
    const saved = await actions.setNotification(bridge, { kind: choice.kind, sms: !choice.sms });
    if (saved.ok) setChoices(saved.value);
    setError(errorText(saved));
  };
  return (
    <div className="acc-notify" data-testid="acc-notify">
      <p className="acc-hint">{t('acc.notify')}</p>
      {choices.map((choice) => (
        <Button
          key={choice.kind}
          kind={choice.sms ? 'primary' : 'secondary'}
          onClick={() => void flip(choice)}
          testId={`acc-notify-${choice.kind}`}
        >
          {t(`acc.notify.${choice.kind}`)}: {choice.sms ? t('acc.on') : t('acc.off')}
        </Button>
      ))}
      <ErrorLine text={error} />
    </div>
  );
}
