import { useState } from 'react';
import { useBridge } from '../app/bridge-context.tsx';
import { useT } from '../app/use-t.ts';
import * as actions from './actions.ts';
import { ErrorLine, Fields, useErrorText, useForm } from './account-ui.tsx';
import { useLoggedIn } from './logged-in.ts';
import { AuthFrame } from './auth-frame.tsx';

/** Phone + password; or phone + code (login, registration and recovery share the steps). */
export function LoginPage() {
  const bridge = useBridge();
  const { t } = useT();
  const errorText = useErrorText();
  const loggedIn = useLoggedIn();
  const form = useForm(['phone', 'password']);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const result = await actions.login(bridge, {
      phone: form.values.phone ?? '',
      password: form.values.password ?? '',
    });
    if (result.ok) loggedIn(result.value);
    else setError(errorText(result));
  };
  return (
    <AuthFrame title={t('acc.login')} testId="acc-login" onSubmit={submit} form={form}>
      <Fields
        form={form}
        specs={[
          { name: 'phone', label: t('acc.phone'), digits: true },
          { name: 'password', label: t('acc.password'), secret: true },
        ]}
      />
      <ErrorLine text={error} />
    </AuthFrame>
  );
}
