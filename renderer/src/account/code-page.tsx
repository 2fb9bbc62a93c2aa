import { useState } from 'react';
import { useBridge } from '../app/bridge-context.tsx';
import { useT } from '../app/use-t.ts';
import { Button } from '../components/screen-frame.tsx';
import * as actions from './actions.ts';
import { ErrorLine, Fields, InfoLine, useErrorText, useForm } from './account-ui.tsx';
import { useLoggedIn } from './logged-in.ts';
import { AuthFrame } from './auth-frame.tsx';

type CodeFlow = 'login-code' | 'register' | 'recover';

const purposeOf = { 'login-code': 'login', register: 'register', recover: 'reset' } as const;

export function CodePage(props: { flow: CodeFlow }) {
  const bridge = useBridge();
  const { t } = useT();
  const errorText = useErrorText();
  const loggedIn = useLoggedIn();
  const { flow } = props;
  const names =
    flow === 'login-code'
      ? ['phone', 'code']
      : flow === 'register'
        ? ['phone', 'code', 'password', 'passwordAgain', 'name']
        : ['phone', 'code', 'password', 'passwordAgain'];
  const form = useForm(names);
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const v = (name: string) => form.values[name] ?? '';

  const requestCode = async () => {
    const result = await actions.requestCode(bridge, {
      phone: v('phone'),
      purpose: purposeOf[flow],
    });
    setError(errorText(result));
    setInfo(result.ok ? t('acc.codeSent', { phone: v('phone') }) : null);
    if (result.ok) form.setActive('code');
  };
  const submit = async () => {
    const result =
      flow === 'login-code'
        ? await actions.loginWithCode(bridge, { phone: v('phone'), code: v('code') })
        : flow === 'register'
          ? await actions.register(bridge, {
              phone: v('phone'),
              code: v('code'),
              password: v('password'),
              passwordAgain: v('passwordAgain'),
              displayName: v('name'),
            })
          : await actions.resetPassword(bridge, {
              phone: v('phone'),
              code: v('code'),
              newPassword: v('password'),
              newPasswordAgain: v('passwordAgain'),
            });
    if (result.ok) loggedIn(result.value);
    else setError(errorText(result));
  };
  const title =
    flow === 'login-code'
      ? t('acc.loginCode')
      : flow === 'register'
        ? t('acc.register')
        : t('acc.recover');
  const password = flow === 'recover' ? t('acc.newPassword') : t('acc.password');
  const specs = [
    { name: 'phone', label: t('acc.phone'), digits: true },
    { name: 'code', label: t('acc.code'), digits: true },
    { name: 'password', label: password, secret: true },
    { name: 'passwordAgain', label: t('acc.passwordAgain'), secret: true },
    { name: 'name', label: t('acc.name') },
  ].filter((spec) => names.includes(spec.name));
  return (
    <AuthFrame title={title} testId={`acc-${flow}`} onSubmit={submit} form={form}>
      <div className="acc-phone-row">
        <Fields form={form} specs={specs.slice(0, 1)} />
        <Button onClick={() => void requestCode()} testId="acc-get-code">
          {t('acc.getCode')}
        </Button>
      </div>
      <InfoLine text={info} />
      <Fields form={form} specs={specs.slice(1)} />
      {flow !== 'login-code' && <p className="acc-hint">{t('acc.passwordRules')}</p>}
      <ErrorLine text={error} />
    </AuthFrame>
  );
}
