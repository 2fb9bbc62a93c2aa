import { useEffect, useRef, useState } from 'react';
import type { CompletedPayment, PaymentFiscal } from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { goHomeSafely, sendReceiptSms } from '../payment/actions.ts';
import { formatPhone, phoneDigits } from '../app/text-entry.ts';
import { useT } from '../app/use-t.ts';
import { NumericPad } from '../components/numeric-pad.tsx';
import { QrImage } from '../components/qr-image.tsx';
import { recipientWords } from '../components/recipient-card.tsx';
import { Button, Notice, ScreenFrame } from '../components/screen-frame.tsx';
import { keyFor } from '../i18n/i18n.ts';
import { payerSettings } from '../app/idle-policy.ts';
import { useKiosk } from '../store/kiosk-store.ts';

/** The payment is done: transfer id, QR, when it arrives, and the receipt on screen if unprinted. */
export function SuccessScreen(props: { payment: CompletedPayment }) {
  const bridge = useBridge();
  const { t, money } = useT();
  const status = useKiosk((state) => state.status);
  const { payment } = props;
  const recipient = recipientWords(payment.recipient, t);
  const unprinted = payment.receipt === 'unprinted';
  const [askPhone, setAskPhone] = useState(false);
  const footer = (
    <>
      {unprinted && !askPhone && (
        <Button onClick={() => setAskPhone(true)} testId="sms-open">
          {t('success.sms')}
        </Button>
      )}
      <Button
        kind="primary"
        onClick={() => void goHomeSafely(bridge, { language: payerSettings(status).homeLanguage })}
        testId="done"
      >
        {t('success.done')}
      </Button>
    </>
  );
  const crediting = t(keyFor('crediting', payment.creditingTimeKey, 'crediting.other'));
  return (
    <ScreenFrame title={t('success.title')} footer={footer} testId="screen-success">
      <div className="columns">
        <div className="column">
          <div className="success-mark" aria-hidden="true">
            ✓
          </div>
          {payment.recovered && <Notice kind="info">{t('success.recovered')}</Notice>}
          <dl className="facts">
            <div>
              <dt>{t('success.transfer')}</dt>
              <dd className="transfer-id" data-testid="transfer-id">
                {payment.transferId}
              </dd>
            </div>
            <div>
              <dt>{t('terms.recipient')}</dt>
              <dd>
                {recipient.name}
                {recipient.born !== null && `, ${recipient.born}`}
                <span className="fact-note">{recipient.place}</span>
              </dd>
            </div>
            <div>
              <dt>{t('success.amount')}</dt>
              <dd data-testid="success-accepted">{money(payment.acceptedKopecks)}</dd>
            </div>
            <div>
              <dt>{t('deposit.commission')}</dt>
              <dd data-testid="success-commission">{money(payment.commissionKopecks)}</dd>
            </div>
            <div>
              <dt>{t('success.credited')}</dt>
              <dd data-testid="success-credited">{money(payment.creditedKopecks)}</dd>
            </div>
          </dl>
          {payment.letter !== null && (
            <Notice kind={payment.letter.paid ? 'info' : 'warn'}>
              <span data-testid="success-letter" data-paid={String(payment.letter.paid)}>
                {payment.letter.paid
                  ? t('letter.paid', {
                      price: money(payment.letter.priceKopecks),
                      rest: money(payment.creditedKopecks - payment.letter.priceKopecks),
                    })
                  : t('letter.unpaid')}
              </span>
            </Notice>
          )}
          <p className="lead">{t('success.crediting', { time: crediting })}</p>
          {payment.fiscal !== undefined && <FiscalReceipt fiscal={payment.fiscal} />}
        </div>
        <div className="column">
          {unprinted ? (
            <UnprintedReceipt payment={payment} askPhone={askPhone} />
          ) : (
            <div className="success-qr-row">
              <QrImage payload={payment.qrPayload} label={t('success.qr')} sizePx={220} />
              <p className="lead">{t('success.printed')}</p>
            </div>
          )}
          <p className="support-line">
            {t('success.support', { phone: status?.support.phone ?? '' })}
          </p>
        </div>
      </div>
    </ScreenFrame>
  );
}

/** The fiscal receipt's numbers as printed (FD, ФП, ФН), or why there is none yet. */
function FiscalReceipt(props: { fiscal: PaymentFiscal }) {
  const { t } = useT();
  const { fiscal } = props;
  const document = fiscal.document;
  return (
    <div className="fiscal-receipt" data-testid="success-fiscal" data-state={fiscal.state}>
      <h2 className="section-title">{t('success.fiscal.label')}</h2>
      {fiscal.state === 'issued' && document !== null && (
        <>
          <p data-testid="success-fiscal-receipt">
            {t('success.fiscal.issued', {
              receipt: document.receiptNumber ?? '—',
              shift: document.shiftNumber,
            })}
          </p>
          <p className="fact-note" data-testid="success-fiscal-requisites">
            {t('success.fiscal.requisites', {
              fd: document.fdNumber,
              fp: document.fiscalSign,
              fn: document.fnNumber,
            })}
          </p>
        </>
      )}
      {fiscal.state === 'pending' && <Notice kind="info">{t('success.fiscal.pending')}</Notice>}
      {fiscal.state === 'held' && <Notice kind="warn">{t('success.fiscal.held')}</Notice>}
      {fiscal.state === 'other-party' && fiscal.fiscalizedBy !== null && (
        <p>{t('success.fiscal.otherParty', { party: fiscal.fiscalizedBy })}</p>
      )}
    </div>
  );
}

function UnprintedReceipt(props: { payment: CompletedPayment; askPhone: boolean }) {
  const { t } = useT();
  return (
    <>
      <Notice kind="warn">{t('success.unprinted')}</Notice>
      <div className="receipt-on-screen" data-testid="receipt-on-screen">
        <h2 className="section-title">{t('success.receipt')}</h2>
        <pre className="receipt-text" data-testid="receipt-text">
          {props.payment.receiptText}
        </pre>
        <QrImage payload={props.payment.qrPayload} label={t('success.qr')} sizePx={260} />
      </div>
      {props.askPhone && <SmsReceipt transferId={props.payment.transferId} />}
    </>
  );
}

type SmsState =
  | { kind: 'editing' }
  | { kind: 'sending' }
  | { kind: 'sent' }
  | { kind: 'queued' }
  | { kind: 'failed' };

function SmsReceipt(props: { transferId: string }) {
  const bridge = useBridge();
  const { t } = useT();
  const [digits, setDigits] = useState('');
  const [state, setState] = useState<SmsState>({ kind: 'editing' });
  const box = useRef<HTMLDivElement>(null);
  // The pad opens below the receipt: bring it into view so the payer sees where to type.
  useEffect(() => {
    box.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const send = async () => {
    setState({ kind: 'sending' });
    setState({ kind: await sendReceiptSms(bridge, props.transferId, `+7${digits}`) });
  };
  if (state.kind === 'sent' || state.kind === 'queued') {
    const key = state.kind === 'sent' ? 'sms.sent' : 'sms.queued';
    return <Notice kind="info">{t(key, { phone: formatPhone(digits) })}</Notice>;
  }
  return (
    <div className="sms" data-testid="sms" ref={box}>
      <h2 className="section-title">{t('sms.title')}</h2>
      <p className="phone-display" data-testid="phone">
        {formatPhone(digits)}
      </p>
      <NumericPad
        onDigit={(digit) =>
          setDigits((value) => (value.length < phoneDigits ? value + digit : value))
        }
        onErase={() => setDigits((value) => value.slice(0, -1))}
      />
      {state.kind === 'failed' && <Notice kind="error">{t('sms.failed')}</Notice>}
      <Button
        kind="primary"
        wide
        disabled={digits.length !== phoneDigits || state.kind === 'sending'}
        onClick={() => void send()}
        testId="sms-send"
      >
        {t('sms.send')}
      </Button>
    </div>
  );
}
