/**
 * Pay the chosen recipient from the wallet. The commission is the operator's (the `@web`
 * terms central checks); the payment is confirmed by a one-time SMS code bound to exactly this
 * payment (recipient, amount, commission, transfer id), asked for only when the payer is ready.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { commissionKopecks, kopecks } from '../../../common/money.ts';
import {
  AnySchema,
  call,
  PaymentCodeSentSchema,
  PaymentTermsSchema,
  ProfileSchema,
  TransferSchema,
  type TransferView,
  uuidV7,
} from '../api.ts';
import { useApp } from '../app.tsx';
import { useT } from '../i18n/i18n.ts';
import { money, parseRoubles } from '../money.ts';
import { Field, Loading, Notice, Page, useAction, useLoad } from '../ui.tsx';

type Pending = { transferId: string; amountKopecks: number; commissionKopecks: number };

export function PayPage() {
  const { t, language } = useT();
  const { recipient } = useApp();
  const loaded = useLoad(
    () =>
      Promise.all([
        call('GET', '/v1/payer/payment-terms', PaymentTermsSchema),
        call('GET', '/v1/payer/profile', ProfileSchema),
      ]),
    [],
  );
  const [amountText, setAmountText] = useState(
    recipient?.amountKopecks == null ? '' : String(recipient.amountKopecks / 100),
  );
  const [pending, setPending] = useState<Pending | null>(null);
  const [code, setCode] = useState('');
  const [done, setDone] = useState<TransferView | null>(null);
  const action = useAction();
  const amount = parseRoubles(amountText);
  const quote = useMemo(() => {
    if (loaded.data === null || amount === null) return null;
    const [terms] = loaded.data;
    const fee = commissionKopecks(
      kopecks(amount),
      terms.commissionRateBasisPoints,
      kopecks(terms.commissionKopecksMin),
    );
    return { fee, total: amount + fee };
  }, [loaded.data, amount]);

  if (recipient === null) {
    window.location.hash = '#/find';
    return null;
  }
  if (loaded.data === null) return <Loading failure={loaded.failure} />;
  if (done !== null) return <PaidPage transfer={done} />;
  const [terms, profile] = loaded.data;
  const inRange =
    amount !== null && amount >= terms.paymentKopecksMin && amount <= terms.paymentKopecksMax;
  const short = quote === null ? 0 : quote.total - profile.walletKopecks;

  const requestCode = (event: FormEvent) => {
    event.preventDefault();
    if (amount === null || quote === null) return;
    void action.run(async () => {
      const next = {
        transferId: uuidV7(),
        amountKopecks: amount,
        commissionKopecks: quote.fee,
      };
      await call('POST', '/v1/payer/payment-codes', PaymentCodeSentSchema, {
        body: { ...next, inmateRef: recipient.inmateRef },
      });
      setPending(next);
      setCode('');
    });
  };
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (pending === null) return;
    void action.run(async () => {
      const transfer = await call('POST', '/v1/payer/wallet/payments', TransferSchema, {
        key: pending.transferId,
        body: {
          ...pending,
          inmateRef: recipient.inmateRef,
          kioskCreatedAtMs: Date.now(),
          confirmationCode: code.trim(),
        },
      });
      setDone(transfer);
    });
  };

  return (
    <Page title={t('pay.title')} back="#/find">
      <div className="card recipient">
        <span className="muted">{t('pay.to')}</span>
        <strong>
          {recipient.maskedName}, {recipient.birthYear}
        </strong>
        <span className="muted">{recipient.facilityName}</span>
      </div>
      <form className="card form" onSubmit={pending === null ? requestCode : confirm}>
        <Field
          label={t('pay.amount')}
          name="amount"
          inputMode="decimal"
          value={amountText}
          onChange={(value) => {
            setAmountText(value);
            setPending(null);
          }}
          hint={t('pay.limits', {
            min: money(terms.paymentKopecksMin, language),
            max: money(terms.paymentKopecksMax, language),
          })}
        />
        {quote === null ? null : (
          <dl className="quote">
            <dt>{t('pay.commission')}</dt>
            <dd>
              {money(quote.fee, language)} {t('common.rub')}
            </dd>
            <dt>{t('pay.total')}</dt>
            <dd data-testid="total">
              {money(quote.total, language)} {t('common.rub')}
            </dd>
          </dl>
        )}
        <p className="muted">
          {t('pay.balance', { amount: money(profile.walletKopecks, language) })}
        </p>
        {short > 0 ? (
          <Notice kind="warn">
            {t('pay.short', { amount: money(short, language) })}{' '}
            <a href="#/top-up">{t('home.topUp')}</a>
          </Notice>
        ) : null}
        {pending === null ? (
          <p className="muted small">{t('pay.codeRule')}</p>
        ) : (
          <>
            <Notice kind="info">{t('pay.codeSent')}</Notice>
            <Field
              label={t('common.code')}
              name="paymentCode"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              onChange={setCode}
            />
          </>
        )}
        {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
        <button
          className="primary"
          type="submit"
          disabled={action.busy || !inRange || short > 0 || (pending !== null && code.length !== 6)}
        >
          {pending === null ? t('pay.getCode') : t('pay.confirm')}
        </button>
      </form>
    </Page>
  );
}

function PaidPage(props: { transfer: TransferView }) {
  const { t, language } = useT();
  const { recipient } = useApp();
  const [saved, setSaved] = useState(false);
  const action = useAction();
  const save = () =>
    void action.run(async () => {
      if (recipient === null) return;
      await call('POST', '/v1/payer/templates', AnySchema, {
        body: {
          label: `${recipient.maskedName}, ${recipient.birthYear}`.slice(0, 60),
          inmateRef: recipient.inmateRef,
          amountKopecks: props.transfer.amountKopecks,
        },
      });
      setSaved(true);
    });
  return (
    <Page title={t('pay.done')}>
      <div className="card done stack">
        <Notice kind="ok">
          {t('pay.done')}: {money(props.transfer.amountKopecks, language)} {t('common.rub')}
        </Notice>
        <p>
          {t('pay.number')}: <span className="mono">{props.transfer.transferId}</span>
        </p>
        <p>
          {props.transfer.recipientMasked}, {props.transfer.facilityName}
        </p>
        {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
        {saved ? <Notice kind="ok">{t('pay.templateSaved')}</Notice> : null}
        <div className="actions">
          {saved ? null : (
            <button type="button" onClick={save} disabled={action.busy}>
              {t('pay.saveTemplate')}
            </button>
          )}
          <a className="button" href="#/history">
            {t('nav.history')}
          </a>
          <a className="button primary" href="#/find">
            {t('pay.again')}
          </a>
        </div>
      </div>
    </Page>
  );
}
