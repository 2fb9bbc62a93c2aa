import type { Recipient } from '../../../common/contract.ts';
import { walletAccountOf } from '../../../common/wallet.ts';
import { useT } from '../app/use-t.ts';

export function RecipientCard(props: { recipient: Recipient }) {
  const { t } = useT();
  return (
    <div className="recipient-card" data-testid="recipient">
      <p className="recipient-name">{props.recipient.maskedName}</p>
      {walletAccountOf(props.recipient.inmateRef) === null && (
        <p className="recipient-detail">{t('confirm.born', { year: props.recipient.birthYear })}</p>
      )}
      <p className="recipient-detail">{props.recipient.facilityName}</p>
    </div>
  );
}
