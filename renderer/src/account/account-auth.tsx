import { useState } from 'react';
import type { AccountView, TrackedTransfer } from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { TypingArea } from '../keyboard/typing-area.tsx';
import * as actions from './actions.ts';
import { useAccount } from './account-store.ts';
import { ErrorLine, Fields, InfoLine, useErrorText, useForm } from './account-ui.tsx';

/** Not logged in: what the account area offers, and tracking for everyone. */
export function EntryPage() {
  const { t } = useT();
  const { show, close, flash } = useAccount();
  const footer = (
    <Button onClick={close} testId="acc-close">
      {t('acc.back')}
    </Button>
  );
  return (
    <ScreenFrame title={t('acc.title')} footer={footer} testId="acc-entry">
      <InfoLine text={flash} />
      <div className="acc-menu">
        <Button kind="primary" wide onClick={() => show('login')} testId="acc-go-login">
          {t('acc.login')}
        </Button>
        <Button wide onClick={() => show('login-code')} testId="acc-go-login-code">
          {t('acc.loginCode')}
        </Button>
        <Button wide onClick={() => show('register')} testId="acc-go-register">
          {t('acc.register')}
        </Button>
        <Button wide onClick={() => show('recover')} testId="acc-go-recover">
          {t('acc.recover')}
        </Button>
        <Button wide onClick={() => show('track')} testId="acc-go-track">
          {t('acc.track')}
        </Button>
      </div>
    </ScreenFrame>
  );
}

function useLoggedIn() {
  const { setAccount, show, setFlash } = useAccount();
  return (account: AccountView) => {
    setAccount(account);
    setFlash(null);
    show('home');
  };
}

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

function AuthFrame(props: {
  title: string;
  testId: string;
  form: ReturnType<typeof useForm>;
  onSubmit: () => Promise<void>;
  children: React.ReactNode;
}) {
  const { t } = useT();
  const show = useAccount((state) => state.show);
  const footer = (
    <>
      <Button onClick={() => show('entry')} testId="acc-back">
        {t('acc.back')}
      </Button>
      <Button kind="primary" onClick={() => void props.onSubmit()} testId="acc-submit">
        {t('acc.submit')}
      </Button>
    </>
  );
  return (
    <ScreenFrame title={props.title} footer={footer} testId={props.testId}>
      <TypingArea mode="text" onKey={props.form.onKey}>
        {props.children}
      </TypingArea>
    </ScreenFrame>
  );
}

/** Status of a transfer by its number: for anyone, logged in or not. */
export function TrackPage() {
  const bridge = useBridge();
  const { t, money } = useT();
  const errorText = useErrorText();
  const { show, account } = useAccount();
  const form = useForm(['transferId'], 36);
  const [found, setFound] = useState<TrackedTransfer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const find = async () => {
    const result = await actions.track(bridge, {
      transferId: (form.values.transferId ?? '').trim(),
    });
    setFound(result.ok ? result.value : null);
    setError(errorText(result));
  };
  const footer = (
    <>
      <Button onClick={() => show(account === null ? 'entry' : 'home')} testId="acc-back">
        {t('acc.back')}
      </Button>
      <Button kind="primary" onClick={() => void find()} testId="acc-find">
        {t('acc.find')}
      </Button>
    </>
  );
  return (
    <ScreenFrame title={t('acc.track')} footer={footer} testId="acc-track">
      <TypingArea mode="text" onKey={form.onKey}>
        <Fields form={form} specs={[{ name: 'transferId', label: t('acc.trackNumber') }]} />
        <ErrorLine text={error} />
        {found && (
          <dl className="facts" data-testid="acc-tracked">
            <div>
              <dt>{t('acc.trackStatus', { status: t(`acc.status.${found.status}`) })}</dt>
              <dd data-testid="acc-tracked-status" data-status={found.status}>
                {money(found.amountKopecks)} — {found.recipientMasked} {found.facilityName}
              </dd>
            </div>
          </dl>
        )}
      </TypingArea>
    </ScreenFrame>
  );
}
