import { useState } from 'react';
import { useBridge } from '../app/bridge-context.tsx';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { TypingArea } from '../keyboard/typing-area.tsx';
import { BackFooter } from './back-footer.tsx';
import * as actions from './actions.ts';
import { ErrorLine, Fields, InfoLine, useErrorText, useForm } from './account-ui.tsx';

/**
 * Support for someone without an account, or who lost their phone and cannot log in: a phone
 * or e-mail for the answer, the receipt's transfer code if they have it, and the question.
 */
export function GuestSupportPage() {
  const bridge = useBridge();
  const { t } = useT();
  const errorText = useErrorText();
  const form = useForm(['contact', 'transferRef', 'text'], 2_000);
  const [message, setMessage] = useState<{ error: string | null; info: string | null }>({
    error: null,
    info: null,
  });
  const [sending, setSending] = useState(false);
  const send = async () => {
    setSending(true);
    const contact = (form.values.contact ?? '').trim();
    const transferRef = (form.values.transferRef ?? '').trim();
    const result = await actions.guestSupport(bridge, {
      contact,
      transferRef: transferRef.length === 0 ? null : transferRef,
      text: form.values.text ?? '',
    });
    setSending(false);
    setMessage({
      error: errorText(result),
      info: result.ok ? t('acc.guestSent', { contact }) : null,
    });
    if (result.ok) form.set('text', '');
  };
  const ready = (form.values.contact ?? '').trim().length >= 5 && (form.values.text ?? '') !== '';
  const sendButton = (
    <Button
      kind="primary"
      disabled={!ready || sending}
      onClick={() => void send()}
      testId="acc-guest-support-send"
    >
      {t('acc.send')}
    </Button>
  );
  return (
    <ScreenFrame
      title={t('acc.support')}
      footer={<BackFooter>{sendButton}</BackFooter>}
      testId="acc-guest-support"
    >
      <TypingArea mode="text" onKey={form.onKey}>
        <InfoLine text={t('acc.guestIntro')} />
        <Fields
          form={form}
          specs={[
            { name: 'contact', label: t('acc.guestContact') },
            { name: 'transferRef', label: t('acc.guestTransfer') },
            { name: 'text', label: t('acc.supportText') },
          ]}
        />
        <ErrorLine text={message.error} />
        <InfoLine text={message.info} />
      </TypingArea>
    </ScreenFrame>
  );
}
