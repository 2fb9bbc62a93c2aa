import { useEffect, useState } from 'react';
import { type AccountTemplate, CASH_LETTER_TEXT_CHARS_MAX } from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { confirmRecipient } from '../payment/actions.ts';
import { useKiosk } from '../store/kiosk-store.ts';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { TypingArea } from '../keyboard/typing-area.tsx';
import { BackFooter } from './back-footer.tsx';
import * as actions from './actions.ts';
import { useAccount } from './account-store.ts';
import { ErrorLine, InfoLine, useErrorText, useForm } from './account-ui.tsx';

/** A letter to one of the saved recipients, priced per page, with paid reply blanks. */
export function LetterPage() {
  const bridge = useBridge();
  const { t, money } = useT();
  const errorText = useErrorText();
  const close = useAccount((state) => state.close);
  const draft = useKiosk((state) => state.letterDraft);
  const form = useForm(['text'], CASH_LETTER_TEXT_CHARS_MAX, { text: draft?.text ?? '' });
  const [templates, setTemplates] = useState<AccountTemplate[]>([]);
  // Back from the cash terms: the letter is still there, as it was typed.
  const [to, setTo] = useState<string | null>(draft?.recipient.inmateRef ?? null);
  const [blanks, setBlanks] = useState(draft?.replyBlanks ?? 0);
  const [quote, setQuote] = useState({ pages: 1, priceKopecks: 0 });
  const [message, setMessage] = useState<{ error: string | null; info: string | null }>({
    error: null,
    info: null,
  });
  const text = form.values.text ?? '';
  useEffect(() => {
    void actions.templates(bridge).then((result) => {
      if (result.ok) setTemplates(result.value);
    });
  }, [bridge]);
  useEffect(() => {
    void actions.letterQuote(bridge, { text, replyBlanks: blanks }).then((result) => {
      if (result.ok) setQuote(result.value);
    });
  }, [bridge, text, blanks]);
  const send = async () => {
    if (to === null) return;
    const result = await actions.sendLetter(bridge, {
      inmateRef: to,
      text,
      replyBlanks: blanks,
    });
    setMessage({
      error: errorText(result),
      info: result.ok
        ? t('acc.letterSent', { pages: result.value.pages, blanks: result.value.replyBlanks })
        : null,
    });
    if (result.ok) form.set('text', '');
    await actions.refreshAccount(bridge);
  };
  // Cash: the notes go to the payer's wallet and pay the letter from there (common/letter.ts).
  const payInCash = async () => {
    const template = templates.find((candidate) => candidate.inmateRef === to);
    if (template === undefined) return;
    const wallet = await actions.walletRecipient(bridge);
    if (!wallet.ok) {
      setMessage({ error: errorText(wallet), info: null });
      return;
    }
    close();
    confirmRecipient(wallet.value, {
      recipient: actions.recipientOf(template),
      text,
      replyBlanks: blanks,
    });
  };
  const ready = to !== null && text.trim() !== '';
  const pay = (
    <>
      <Button onClick={() => void payInCash()} disabled={!ready} testId="acc-letter-cash">
        {t('acc.payLetterCash')} {money(quote.priceKopecks)}
      </Button>
      <Button kind="primary" onClick={() => void send()} disabled={!ready} testId="acc-letter-pay">
        {t('acc.payLetter')} {money(quote.priceKopecks)}
      </Button>
    </>
  );
  return (
    <ScreenFrame
      title={t('acc.letter')}
      footer={<BackFooter>{pay}</BackFooter>}
      testId="acc-letter"
    >
      <TypingArea mode="text" onKey={form.onKey}>
        <p className="acc-field-label">{t('acc.letterTo')}</p>
        <div className="acc-chips">
          {templates.map((template) => (
            <button
              key={template.templateId}
              type="button"
              className="acc-chip"
              aria-pressed={to === template.inmateRef}
              data-testid="acc-letter-to"
              onClick={() => setTo(template.inmateRef)}
            >
              {template.label}: {template.recipientMasked}
            </button>
          ))}
        </div>
        <label className="acc-field acc-field-active">
          <span className="acc-field-label">{t('acc.letterText')}</span>
          <textarea
            className="acc-input acc-textarea"
            data-testid="acc-letter-text"
            value={text}
            onChange={(event) => form.set('text', event.target.value)}
          />
        </label>
        <div className="acc-blanks">
          <Button onClick={() => setBlanks(Math.max(0, blanks - 1))} testId="acc-blanks-minus">
            −
          </Button>
          <span data-testid="acc-blanks">{t('acc.blanks', { n: blanks })}</span>
          <Button onClick={() => setBlanks(Math.min(5, blanks + 1))} testId="acc-blanks-plus">
            +
          </Button>
        </div>
        <p data-testid="acc-letter-price">
          {t('acc.letterPrice', { pages: quote.pages, price: money(quote.priceKopecks) })}
        </p>
        <ErrorLine text={message.error} />
        <InfoLine text={message.info} />
      </TypingArea>
    </ScreenFrame>
  );
}
