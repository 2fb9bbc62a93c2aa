import { useEffect } from 'react';
import { useBridge } from '../app/bridge-context.tsx';
import { confirmRecipient } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import * as actions from './actions.ts';
import { type AccountPage, useAccount } from './account-store.ts';
import { greetingName } from './greeting.ts';
import { InfoLine } from './account-ui.tsx';
import { useLogout } from './logout.ts';

/** Logged in: the wallet and what the payer can do. */
export function HomePage() {
  const bridge = useBridge();
  const { t, money } = useT();
  const { account, show, close, flash } = useAccount();
  const logout = useLogout();
  useEffect(() => {
    void actions.refreshAccount(bridge);
  }, [bridge]);
  if (account === null) return null;
  const payCash = () => {
    close();
    useKiosk.getState().go({ kind: 'region' });
  };
  // Cash into the payer's own wallet: the same terms → deposit → receipt road as a transfer.
  const topUpWithCash = async () => {
    const recipient = await actions.walletRecipient(bridge);
    if (!recipient.ok) return;
    close();
    confirmRecipient(recipient.value);
  };
  const footer = (
    <Button onClick={() => void logout()} testId="acc-exit">
      {t('acc.exit')}
    </Button>
  );
  const items: [AccountPage, MessageKey][] = [
    ['templates', 'acc.templates'],
    ['letter', 'acc.letter'],
    ['history', 'acc.history'],
    ['support', 'acc.support'],
    ['profile', 'acc.profile'],
    ['track', 'acc.track'],
  ];
  return (
    <ScreenFrame
      title={t('acc.hello', { name: greetingName(account) })}
      footer={footer}
      testId="acc-home"
    >
      <InfoLine text={flash} />
      <p className="acc-wallet">
        {t('acc.wallet')}: <strong data-testid="acc-wallet">{money(account.walletKopecks)}</strong>
      </p>
      <div className="acc-menu">
        <Button kind="primary" wide onClick={payCash} testId="acc-pay-cash">
          {t('acc.payCash')}
        </Button>
        <Button wide onClick={() => void topUpWithCash()} testId="acc-go-top-up">
          {t('acc.topUp')}
        </Button>
        {items.map(([page, key]) => (
          <Button key={page} wide onClick={() => show(page)} testId={`acc-go-${page}`}>
            {t(key)}
          </Button>
        ))}
      </div>
    </ScreenFrame>
  );
}
