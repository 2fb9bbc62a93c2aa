import { useEffect, useState } from 'react';
import { useBridge } from '../app/bridge-context.tsx';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { TypingArea } from '../keyboard/typing-area.tsx';
import { BackFooter } from './back-footer.tsx';
import * as actions from './actions.ts';
import { useAccount } from './account-store.ts';
import { ErrorLine, Fields, InfoLine, useErrorText, useForm } from './account-ui.tsx';

/** Name and e-mail, and the password change (current one first). */
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
    </ScreenFrame>
  );
}
