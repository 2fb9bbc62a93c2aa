/**
 * Pay the chosen recipient from the wallet. The commission is the operator's (the `@web`
 * terms central checks); the payment is confirmed by a one-time SMS code bound to exactly this
 * payment (recipient, amount, commission, transfer id), asked for only when the payer is ready.
 */
import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
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
import { type Recipient, useApp } from '../app.tsx';
import { useT } from '../i18n/i18n.ts';
import { money, parseRoubles } from '../money.ts';
import { Field, Loading, Notice, Page, useAction, useLoad } from '../ui.tsx';

type Pending = { transferId: string; amountKopecks: number; commissionKopecks: number };
type Terms = z.infer<typeof PaymentTermsSchema>;

/** The commission central will check, and what leaves the wallet. */
function quoteOf(terms: Terms | null, amount: number | null) {
  if (terms === null || amount === null) return null;
  const fee = commissionKopecks(
    kopecks(amount),
    terms.commissionRateBasisPoints,
    kopecks(terms.commissionKopecksMin),
  );
  return { fee, total: amount + fee };
}

export function PayPage() {
  const { t } = useT();
  const { recipient } = useApp();
  const loaded = useLoad(
    () =>
      Promise.all([
        call('GET', '/v1/payer/payment-terms', PaymentTermsSchema),
        call('GET', '/v1/payer/profile', ProfileSchema),
      ]),
    [],
  );
  const [done, setDone] = useState<TransferView | null>(null);
  if (recipient === null) {
    window.location.hash = '#/find';
    return null;
  }
  if (loaded.data === null) return <Loading failure={loaded.failure} />;
  if (done !== null) return <PaidPage transfer={done} />;
  const [terms, profile] = loaded.data;
  return (
    <Page title={t('pay.title')} back="#/find">
      <div className="card recipient">
        <span className="muted">{t('pay.to')}</span>
        <strong>
          {recipient.maskedName}, {recipient.birthYear}
        </strong>
        <span className="muted">{recipient.facilityName}</span>
      </div>
      <PayForm
        recipient={recipient}
        terms={terms}
        walletKopecks={profile.walletKopecks}
        onPaid={setDone}
      />
    </Page>
  );
}

/** Amount → SMS code for exactly this payment → confirm. */
function PayForm(props: {
  recipient: Recipient;
  terms: Terms;
  walletKopecks: number;
  onPaid: (transfer: TransferView) => void;
}) {
  const { t, language } = useT();
  const { recipient, terms, walletKopecks } = props;
  const [amountText, setAmountText] = useState(
    recipient.amountKopecks == null ? '' : String(recipient.amountKopecks / 100),
  );
  const [pending, setPending] = useState<Pending | null>(null);
  const [code, setCode] = useState('');
  const action = useAction();
  const amount = parseRoubles(amountText);
  const quote = quoteOf(terms, amount);
  const inRange =
    amount !== null && amount >= terms.paymentKopecksMin && amount <= terms.paymentKopecksMax;
  const short = quote === null ? 0 : quote.total - walletKopecks;
  const requestCode = () => {
    if (amount === null || quote === null) return;
    const next = { transferId: uuidV7(), amountKopecks: amount, commissionKopecks: quote.fee };
    return action.run(async () => {
      await call('POST', '/v1/payer/payment-codes', PaymentCodeSentSchema, {
        body: { ...next, inmateRef: recipient.inmateRef },
      });
      setPending(next);
      setCode('');
    });
  };
  const confirm = (payment: Pending) =>
    action.run(async () => {
      const body = {
        ...payment,
        inmateRef: recipient.inmateRef,
        kioskCreatedAtMs: Date.now(),
        confirmationCode: code.trim(),
      };
      const key = payment.transferId;
      props.onPaid(await call('POST', '/v1/payer/wallet/payments', TransferSchema, { key, body }));
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void (pending === null ? requestCode() : confirm(pending));
  };
  const limits = {
    min: money(terms.paymentKopecksMin, language),
    max: money(terms.paymentKopecksMax, language),
  };
  return (
    <form className="card form" onSubmit={submit}>
      <Field
        label={t('pay.amount')}
        name="amount"
        inputMode="decimal"
        value={amountText}
        onChange={(value) => {
          setAmountText(value);
          setPending(null);
        }}
        hint={t('pay.limits', limits)}
      />
      {quote === null ? null : <QuoteLines fee={quote.fee} total={quote.total} />}
      <p className="muted">{t('pay.balance', { amount: money(walletKopecks, language) })}</p>
      {short > 0 ? (
        <Notice kind="warn">
          {t('pay.short', { amount: money(short, language) })}{' '}
          <a href="#/top-up">{t('home.topUp')}</a>
        </Notice>
      ) : null}
      <CodeStep pending={pending !== null} code={code} onCode={setCode} />
      {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
      <button
        className="primary"
        type="submit"
        disabled={action.busy || !inRange || short > 0 || (pending !== null && code.length !== 6)}
      >
        {pending === null ? t('pay.getCode') : t('pay.confirm')}
      </button>
    </form>
  );
}

function QuoteLines(props: { fee: number; total: number }) {
  const { t, language } = useT();
  return (
    <dl className="quote">
      <dt>{t('pay.commission')}</dt>
      <dd>
        {money(props.fee, language)} {t('common.rub')}
      </dd>
      <dt>{t('pay.total')}</dt>
      <dd data-testid="total">
        {money(props.total, language)} {t('common.rub')}
      </dd>
    </dl>
  );
}

function CodeStep(props: { pending: boolean; code: string; onCode: (code: string) => void }) {
  const { t } = useT();
  if (!props.pending) return <p className="muted small">{t('pay.codeRule')}</p>;
  return (
    <>
      <Notice kind="info">{t('pay.codeSent')}</Notice>
      <Field
        label={t('common.code')}
        name="paymentCode"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        value={props.code}
        onChange={props.onCode}
      />
    </>
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
