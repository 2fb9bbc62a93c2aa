/** The first page after login: balance, a new transfer, saved recipients, the latest transfers. */
import { call, HistorySchema, ProfileSchema, TemplateRecipientsSchema } from '../api.ts';
import { go, useApp } from '../app.tsx';
import { useT } from '../i18n/i18n.ts';
import { money } from '../money.ts';
import { Loading, Page, useLoad } from '../ui.tsx';
import { TransferRow } from './transfer-row.tsx';

export function HomePage() {
  const { t, language } = useT();
  const { choose } = useApp();
  const { data, failure } = useLoad(
    () =>
      Promise.all([
        call('GET', '/v1/payer/profile', ProfileSchema),
        call('GET', '/v1/payer/history', HistorySchema),
        call('GET', '/v1/payer/template-recipients', TemplateRecipientsSchema),
      ]),
    [],
  );
  if (data === null) return <Loading failure={failure} />;
  const [profile, history, templates] = data;
  return (
    <Page title={t('home.hello', { name: profile.displayName || profile.phone })}>
      <div className="card balance">
        <span className="muted">{t('home.balance')}</span>
        <strong className="balance-amount" data-testid="balance">
          {money(profile.walletKopecks, language)} {t('common.rub')}
        </strong>
        <div className="actions">
          <a className="button" href="#/top-up">
            {t('home.topUp')}
          </a>
          <a className="button primary" href="#/find">
            {t('home.pay')}
          </a>
        </div>
      </div>
      {templates.templates.length === 0 ? null : (
        <div className="card">
          <h2>{t('nav.templates')}</h2>
          <ul className="chips">
            {templates.templates.map((template) => (
              <li key={template.templateId}>
                <button
                  type="button"
                  className="chip"
                  onClick={() => {
                    choose({
                      inmateRef: template.inmateRef,
                      maskedName: template.recipientMasked,
                      birthYear: template.birthYear,
                      facilityName: template.facilityName,
                      amountKopecks: template.amountKopecks,
                    });
                    go('#/pay');
                  }}
                >
                  {template.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="card">
        <h2>{t('home.recent')}</h2>
        {history.transfers.length === 0 ? (
          <p className="muted">{t('home.none')}</p>
        ) : (
          <ul className="rows">
            {history.transfers.slice(0, 3).map((transfer) => (
              <TransferRow key={transfer.transferId} transfer={transfer} />
            ))}
          </ul>
        )}
      </div>
      <div className="links">
        <a href="#/letters">{t('nav.letters')}</a>
        <a href="#/templates">{t('nav.templates')}</a>
        <a href="#/track">{t('nav.track')}</a>
        <a href="#/support">{t('nav.support')}</a>
      </div>
    </Page>
  );
}
