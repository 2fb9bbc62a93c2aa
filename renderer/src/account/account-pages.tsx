import { useEffect, useState } from 'react';
import type { AccountHistory, AccountTemplate } from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { confirmRecipient } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import * as actions from './actions.ts';
import { type AccountPage, useAccount } from './account-store.ts';
import { greetingName } from './greeting.ts';
import { ErrorLine, InfoLine, useErrorText } from './account-ui.tsx';

export function useLogout() {
  const bridge = useBridge();
  return () => actions.logout(bridge);
}

export function BackFooter(props: { to?: AccountPage; children?: React.ReactNode }) {
  const { t } = useT();
  const show = useAccount((state) => state.show);
  return (
    <>
      <Button onClick={() => show(props.to ?? 'home')} testId="acc-back">
        {t('acc.back')}
      </Button>
      {props.children}
    </>
  );
}

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

/** Saved recipients: tap one, then cash or wallet — two taps to pay again. */
export function TemplatesPage() {
  const bridge = useBridge();
  const { t, money } = useT();
  const errorText = useErrorText();
  const close = useAccount((state) => state.close);
  const [templates, setTemplates] = useState<AccountTemplate[] | null>(null);
  const [chosen, setChosen] = useState<AccountTemplate | null>(null);
  const [message, setMessage] = useState<{ error: string | null; info: string | null }>({
    error: null,
    info: null,
  });
  useEffect(() => {
    void actions.templates(bridge).then((result) => {
      setTemplates(result.ok ? result.value : []);
    });
  }, [bridge]);

  const payCash = (template: AccountTemplate) => {
    close();
    confirmRecipient(actions.recipientOf(template));
  };
  const payWallet = async (template: AccountTemplate) => {
    if (template.amountKopecks === null) return;
    const result = await actions.payFromWallet(bridge, {
      inmateRef: template.inmateRef,
      totalKopecks: template.amountKopecks,
    });
    setMessage({
      error: errorText(result),
      info: result.ok ? t('acc.paid', { id: result.value.transferId }) : null,
    });
    await actions.refreshAccount(bridge);
  };
  return (
    <ScreenFrame title={t('acc.templates')} footer={<BackFooter />} testId="acc-templates">
      {templates !== null && templates.length === 0 && (
        <p className="list-empty">{t('acc.noTemplates')}</p>
      )}
      <ul className="acc-list">
        {(templates ?? []).map((template) => (
          <li key={template.templateId} className="acc-row">
            <button
              type="button"
              className="acc-row-button"
              data-testid="acc-template"
              aria-pressed={chosen?.templateId === template.templateId}
              onClick={() => setChosen(template)}
            >
              <span className="acc-row-title">{template.label}</span>
              <span>
                {template.recipientMasked}, {template.birthYear}, {template.facilityName}
                {template.amountKopecks !== null && ` — ${money(template.amountKopecks)}`}
              </span>
            </button>
            {chosen?.templateId === template.templateId && (
              <div className="acc-row-actions">
                <Button kind="primary" onClick={() => payCash(template)} testId="acc-t-cash">
                  {t('acc.payByCash')}
                </Button>
                {template.amountKopecks !== null && (
                  <Button onClick={() => void payWallet(template)} testId="acc-t-wallet">
                    {t('acc.payByWallet', { amount: money(template.amountKopecks) })}
                  </Button>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
      <ErrorLine text={message.error} />
      <InfoLine text={message.info} />
    </ScreenFrame>
  );
}

/** Every payment, letter and wallet movement; tap a recipient to see only theirs. */
export function HistoryPage() {
  const bridge = useBridge();
  const { t, money } = useT();
  const [history, setHistory] = useState<AccountHistory | null>(null);
  const [recipientKey, setRecipientKey] = useState<string | undefined>(undefined);
  useEffect(() => {
    const args = recipientKey === undefined ? {} : { recipientKey };
    void actions.history(bridge, args).then((result) => {
      setHistory(result.ok ? result.value : null);
    });
  }, [bridge, recipientKey]);
  const date = (ms: number) => new Date(ms).toLocaleDateString('ru-RU');
  const filter = recipientKey !== undefined && (
    <Button onClick={() => setRecipientKey(undefined)} testId="acc-history-all">
      {t('acc.all')}
    </Button>
  );
  return (
    <ScreenFrame
      title={t('acc.history')}
      footer={<BackFooter>{filter}</BackFooter>}
      testId="acc-history"
    >
      <h2 className="acc-subtitle">{t('acc.transfers')}</h2>
      {history?.transfers.length === 0 && <p className="list-empty">{t('acc.empty')}</p>}
      <ul className="acc-list" data-testid="acc-history-transfers">
        {history?.transfers.map((transfer) => (
          <li key={transfer.transferId} className="acc-row">
            <button
              type="button"
              className="acc-row-button"
              data-testid="acc-history-transfer"
              onClick={() => setRecipientKey(transfer.recipientKey)}
            >
              <span className="acc-row-title">
                {money(transfer.amountKopecks)} — {t(`acc.status.${transfer.status}`)}
              </span>
              <span>
                {transfer.recipientMasked}, {transfer.facilityName}, {date(transfer.acceptedAtMs)}
              </span>
              <span className="transfer-id">{transfer.transferId}</span>
            </button>
          </li>
        ))}
      </ul>
      <h2 className="acc-subtitle">{t('acc.letters')}</h2>
      <ul className="acc-list">
        {history?.letters.map((letter) => (
          <li key={letter.letterId} className="acc-row" data-testid="acc-history-letter">
            {letter.recipientMasked}: {letter.pages} / {letter.replyBlanks} —{' '}
            {money(letter.priceKopecks)}
          </li>
        ))}
      </ul>
      <h2 className="acc-subtitle">{t('acc.movements')}</h2>
      <ul className="acc-list">
        {history?.wallet.map((entry) => (
          <li key={entry.entryId} className="acc-row" data-testid="acc-history-wallet">
            {t(`acc.kind.${entry.kind}`)}: {entry.deltaKopecks > 0 ? '+' : '−'}
            {money(Math.abs(entry.deltaKopecks))}, {date(entry.createdAtMs)}
          </li>
        ))}
      </ul>
    </ScreenFrame>
  );
}
