import { useEffect, useState } from 'react';
import type { HistoryTransfer, SupportMessageView } from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { TypingArea } from '../keyboard/typing-area.tsx';
import { BackFooter } from './back-footer.tsx';
import * as actions from './actions.ts';
import { useAccount } from './account-store.ts';
import { GuestSupportPage } from './guest-support-page.tsx';
import { ErrorLine, Fields, InfoLine, useErrorText, useForm } from './account-ui.tsx';

/** Logged in: the account's support; otherwise the form that needs no account. */
export function SupportPage() {
  const loggedIn = useAccount((state) => state.account !== null);
  return loggedIn ? <AccountSupportPage /> : <GuestSupportPage />;
}

/** A question to support, about a transfer if the payer picks one; answers show here. */
function AccountSupportPage() {
  const bridge = useBridge();
  const { t } = useT();
  const errorText = useErrorText();
  const form = useForm(['text'], 2_000);
  const [transfers, setTransfers] = useState<HistoryTransfer[]>([]);
  const [about, setAbout] = useState<string | null>(null);
  const [messages, setMessages] = useState<SupportMessageView[]>([]);
  const [message, setMessage] = useState<{ error: string | null; info: string | null }>({
    error: null,
    info: null,
  });
  const reload = () =>
    void actions.supportList(bridge).then((result) => {
      if (result.ok) setMessages(result.value);
    });
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per page.
  useEffect(() => {
    void actions.history(bridge, {}).then((result) => {
      if (result.ok) setTransfers(result.value.transfers.slice(0, 5));
    });
    reload();
  }, [bridge]);
  const send = async () => {
    const result = await actions.supportSend(bridge, {
      text: form.values.text ?? '',
      transferId: about,
    });
    setMessage({ error: errorText(result), info: result.ok ? t('acc.sent') : null });
    if (result.ok) form.set('text', '');
    reload();
  };
  const sendButton = (
    <Button kind="primary" onClick={() => void send()} testId="acc-support-send">
      {t('acc.send')}
    </Button>
  );
  return (
    <ScreenFrame
      title={t('acc.support')}
      footer={<BackFooter>{sendButton}</BackFooter>}
      testId="acc-support"
    >
      <TypingArea mode="text" onKey={form.onKey}>
        <p className="acc-field-label">{t('acc.supportAbout')}</p>
        <div className="acc-chips">
          <button
            type="button"
            className="acc-chip"
            aria-pressed={about === null}
            onClick={() => setAbout(null)}
          >
            {t('acc.none')}
          </button>
          {transfers.map((transfer) => (
            <button
              key={transfer.transferId}
              type="button"
              className="acc-chip"
              aria-pressed={about === transfer.transferId}
              data-testid="acc-support-about"
              onClick={() => setAbout(transfer.transferId)}
            >
              {transfer.recipientMasked} · {transfer.transferId.slice(-6)}
            </button>
          ))}
        </div>
        <Fields form={form} specs={[{ name: 'text', label: t('acc.supportText') }]} />
        <ErrorLine text={message.error} />
        <InfoLine text={message.info} />
        <ul className="acc-list">
          {messages.map((item) => (
            <li key={item.messageId} className="acc-row" data-testid="acc-support-message">
              <span className="acc-row-title">{item.text}</span>
              <span>
                {item.reply === null ? t('acc.noReply') : t('acc.reply', { text: item.reply })}
              </span>
            </li>
          ))}
        </ul>
      </TypingArea>
    </ScreenFrame>
  );
}
