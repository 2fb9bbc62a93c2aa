/** The wallet: balance, every movement, and the top-ups by card and СБП with their state. */
import { CardTopUpListSchema, call, WalletSchema } from '../api.ts';
import { type MessageKey, useT } from '../i18n/i18n.ts';
import { dateTime, money } from '../money.ts';
import { Loading, Page, useLoad } from '../ui.tsx';
import { TopUpRow } from './top-up.tsx';

export function WalletPage() {
  const { t, language } = useT();
  const { data, failure } = useLoad(
    () =>
      Promise.all([
        call('GET', '/v1/payer/wallet', WalletSchema),
        call('GET', '/v1/payer/card-top-ups', CardTopUpListSchema).catch(() => ({ topUps: [] })),
      ]),
    [],
  );
  if (data === null) return <Loading failure={failure} />;
  const [wallet, topUps] = data;
  const signed = (delta: number) =>
    `${delta < 0 ? '−' : '+'}${money(Math.abs(delta), language)} ${t('common.rub')}`;
  return (
    <Page title={t('wallet.title')} back="#/">
      <div className="card balance">
        <span className="muted">{t('home.balance')}</span>
        <strong className="balance-amount" data-testid="balance">
          {money(wallet.balanceKopecks, language)} {t('common.rub')}
        </strong>
        <a className="button primary" href="#/top-up">
          {t('wallet.topUp')}
        </a>
      </div>
      {topUps.topUps.length === 0 ? null : (
        <div className="card">
          <h2>{t('topup.history')}</h2>
          <ul className="rows">
            {topUps.topUps.map((topUp) => (
              <TopUpRow key={topUp.topUpId} topUp={topUp} />
            ))}
          </ul>
        </div>
      )}
      <div className="card">
        <h2>{t('wallet.entries')}</h2>
        {wallet.entries.length === 0 ? <p className="muted">{t('history.none')}</p> : null}
        <ul className="rows">
          {wallet.entries.map((entry) => {
            const kind = `wallet.kind.${entry.kind}` as MessageKey;
            return (
              <li key={entry.entryId} className="row">
                <div className="row-main">
                  <strong>{t(kind)}</strong>
                  <span className="muted small">{dateTime(entry.createdAtMs, language)}</span>
                </div>
                <div className={entry.deltaKopecks < 0 ? 'row-side' : 'row-side plus'}>
                  {signed(entry.deltaKopecks)}
                </div>
              </li>
            );
          })}
        </ul>
      </div>
    </Page>
  );
}
