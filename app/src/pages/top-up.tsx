/**
 * Top up the wallet by card or СБП: central creates the provider's payment, the payer confirms
 * it on the provider's page and comes back here. The wallet is credited only when central has
 * verified the outcome, so this page shows what central says: pending until then.
 */
import { type FormEvent, useEffect, useState } from 'react';
import type { z } from 'zod';
import { CardTopUpViewSchema, call, PaymentTermsSchema, uuidV7 } from '../api.ts';
import { type MessageKey, useT } from '../i18n/i18n.ts';
import { dateTime, money, parseRoubles } from '../money.ts';
import { Field, Loading, Notice, Page, useAction, useLoad } from '../ui.tsx';

type TopUp = z.infer<typeof CardTopUpViewSchema>;
const POLL_MS = 2_000;
/** After this the page stops asking and says the money will come by itself. */
const PATIENCE_MS = 60_000;

export function TopUpRow(props: { topUp: TopUp }) {
  const { t, language } = useT();
  const { topUp } = props;
  return (
    <li className="row">
      <div className="row-main">
        <a href={`#/top-up/${topUp.topUpId}`}>
          <strong>{t(topUp.method === 'card' ? 'topup.card' : 'topup.sbp')}</strong>
        </a>
        <span className="muted small">{dateTime(topUp.createdAtMs, language)}</span>
      </div>
      <div className="row-side">
        <strong>
          {money(topUp.amountKopecks, language)} {t('common.rub')}
        </strong>
        <span className={`badge badge-topup-${topUp.status}`}>
          {t(`topup.state.${topUp.status}` as MessageKey)}
        </span>
      </div>
    </li>
  );
}

export function TopUpPage() {
  const { t, language } = useT();
  const terms = useLoad(() => call('GET', '/v1/payer/payment-terms', PaymentTermsSchema), []);
  const [amountText, setAmountText] = useState('');
  const [method, setMethod] = useState<'card' | 'sbp'>('card');
  const action = useAction();
  if (terms.data === null) return <Loading failure={terms.failure} />;
  const { topUpKopecksMin, topUpKopecksMax } = terms.data;
  const amount = parseRoubles(amountText);
  const ok = amount !== null && amount >= topUpKopecksMin && amount <= topUpKopecksMax;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (amount === null) return;
    void action.run(async () => {
      const topUpId = uuidV7();
      const created = await call('POST', '/v1/payer/card-top-ups', CardTopUpViewSchema, {
        key: topUpId,
        body: { topUpId, amountKopecks: amount, method },
      });
      if (created.confirmationUrl !== null) window.location.assign(created.confirmationUrl);
      else window.location.hash = `#/top-up/${created.topUpId}`;
    });
  };
  return (
    <Page title={t('topup.title')} back="#/wallet">
      <form className="card form" onSubmit={submit}>
        <Field
          label={t('topup.amount')}
          name="amount"
          inputMode="decimal"
          value={amountText}
          onChange={setAmountText}
          hint={t('pay.limits', {
            min: money(topUpKopecksMin, language),
            max: money(topUpKopecksMax, language),
          })}
        />
        <fieldset className="methods">
          {(['card', 'sbp'] as const).map((value) => (
            <label key={value} className={value === method ? 'method current' : 'method'}>
              <input
                type="radio"
                name="method"
                value={value}
                checked={value === method}
                onChange={() => setMethod(value)}
              />
              {t(value === 'card' ? 'topup.card' : 'topup.sbp')}
            </label>
          ))}
        </fieldset>
        <p className="muted small">{t('topup.rule')}</p>
        {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
        <button className="primary" type="submit" disabled={action.busy || !ok}>
          {t('topup.go')}
        </button>
      </form>
    </Page>
  );
}

export function TopUpStatusPage(props: { topUpId: string }) {
  const { t, language } = useT();
  const [topUp, setTopUp] = useState<TopUp | null>(null);
  const [failure, setFailure] = useState<MessageKey | null>(null);
  const [patient, setPatient] = useState(true);
  useEffect(() => {
    let live = true;
    const startedMs = Date.now();
    const look = async () => {
      try {
        const found = await call(
          'GET',
          `/v1/payer/card-top-ups/${encodeURIComponent(props.topUpId)}`,
          CardTopUpViewSchema,
        );
        if (!live) return;
        setTopUp(found);
        if (found.status !== 'pending') return;
      } catch {
        if (live) setFailure('error.generic');
      }
      if (!live) return;
      if (Date.now() - startedMs > PATIENCE_MS) setPatient(false);
      else setTimeout(() => void look(), POLL_MS);
    };
    void look();
    return () => {
      live = false;
    };
  }, [props.topUpId]);
  if (topUp === null) return <Loading failure={failure} />;
  const amount = money(topUp.amountKopecks, language);
  return (
    <Page title={t('topup.title')} back="#/wallet">
      <div className="card stack" data-testid="top-up-status" data-status={topUp.status}>
        <p>
          {t(topUp.method === 'card' ? 'topup.card' : 'topup.sbp')}: <strong>{amount} ₽</strong>
        </p>
        {topUp.status === 'succeeded' ? (
          <Notice kind="ok">{t('topup.succeeded', { amount })}</Notice>
        ) : topUp.status === 'canceled' ? (
          <Notice kind="error">{t('topup.canceled')}</Notice>
        ) : (
          <Notice kind="warn">{patient ? t('topup.pending') : t('topup.pendingLong')}</Notice>
        )}
        <div className="actions">
          <a className="button" href="#/wallet">
            {t('nav.wallet')}
          </a>
          <a className="button primary" href="#/find">
            {t('home.pay')}
          </a>
        </div>
      </div>
    </Page>
  );
}
