/** One transfer in a list: recipient, amount, date, status. */
import type { TransferView } from '../api.ts';
import { type MessageKey, useT } from '../i18n/i18n.ts';
import { dateTime, money } from '../money.ts';

/** Who a transfer went to, as a history filter key: facility, birth year, masked name. */
export function recipientKeyOf(transfer: TransferView): string {
  return `${transfer.facilityId}|${transfer.recipientBirthYear}|${transfer.recipientMasked}`;
}

export function TransferRow(props: { transfer: TransferView; link?: boolean }) {
  const { t, language } = useT();
  const { transfer } = props;
  const statusKey = `status.${transfer.status}` as MessageKey;
  const name = `${transfer.recipientMasked}, ${transfer.recipientBirthYear}`;
  return (
    <li className="row">
      <div className="row-main">
        {props.link === false ? (
          <strong>{name}</strong>
        ) : (
          <a href={`#/history/${encodeURIComponent(recipientKeyOf(transfer))}`}>
            <strong>{name}</strong>
          </a>
        )}
        <span className="muted small">
          {transfer.facilityName} · {dateTime(transfer.acceptedAtMs, language)}
        </span>
        <span className="muted small mono">№ {transfer.transferId}</span>
      </div>
      <div className="row-side">
        <strong>
          {money(transfer.amountKopecks, language)} {t('common.rub')}
        </strong>
        <span className={`badge badge-${transfer.status}`}>{t(statusKey)}</span>
      </div>
    </li>
  );
}
