/** Every transfer with its current status (tracking), or those to one recipient. */
import { call, HistorySchema } from '../api.ts';
import { useT } from '../i18n/i18n.ts';
import { dateTime, money } from '../money.ts';
import { Loading, Page, useLoad } from '../ui.tsx';
import { recipientKeyOf, TransferRow } from './transfer-row.tsx';

export function HistoryPage(props: { recipientKey: string | null }) {
  const { t, language } = useT();
  const { data, failure } = useLoad(() => call('GET', '/v1/payer/history', HistorySchema), []);
  if (data === null) return <Loading failure={failure} />;
  const transfers =
    props.recipientKey === null
      ? data.transfers
      : data.transfers.filter((transfer) => recipientKeyOf(transfer) === props.recipientKey);
  const who = props.recipientKey?.split('|');
  const title =
    who === undefined
      ? t('history.all')
      : `${t('history.forRecipient')}: ${who.slice(2).join('|')}, ${who[1]}`;
  return (
    <Page title={title} back={props.recipientKey === null ? '#/' : '#/history'}>
      <div className="card">
        {transfers.length === 0 ? <p className="muted">{t('history.none')}</p> : null}
        <ul className="rows">
          {transfers.map((transfer) => (
            <TransferRow
              key={transfer.transferId}
              transfer={transfer}
              link={props.recipientKey === null}
            />
          ))}
        </ul>
      </div>
      {props.recipientKey !== null || data.letters.length === 0 ? null : (
        <div className="card">
          <h2>{t('history.letters')}</h2>
          <ul className="rows">
            {data.letters.map((letter) => (
              <li key={letter.letterId} className="row">
                <div className="row-main">
                  <strong>{letter.recipientMasked}</strong>
                  <span className="muted small">
                    {letter.facilityName} · {dateTime(letter.createdAtMs, language)}
                  </span>
                </div>
                <div className="row-side">
                  {money(letter.priceKopecks, language)} {t('common.rub')}
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Page>
  );
}
