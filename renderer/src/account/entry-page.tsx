import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { useAccount } from './account-store.ts';
import { InfoLine } from './account-ui.tsx';

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
        <Button wide onClick={() => show('support')} testId="acc-go-support">
          {t('acc.support')}
        </Button>
      </div>
    </ScreenFrame>
  );
}
