import { assertNever } from '../../../common/assert.ts';
import type { Recipient } from '../../../common/contract.ts';
import type { MessageKey, Params } from '../i18n/i18n.ts';
import { useT } from '../app/use-t.ts';

type Translate = (key: MessageKey, params?: Params) => string;

/**
 * How the payer's screens name a recipient, by kind: an inmate by the masked name, the birth
 * year and the facility; the payer's own wallet in the catalogue's words with its masked phone.
 */
export function recipientWords(
  recipient: Recipient,
  t: Translate,
): { name: string; born: string | null; place: string } {
  switch (recipient.kind) {
    case 'inmate':
      return {
        name: recipient.maskedName,
        born: t('confirm.born', { year: recipient.birthYear }),
        place: recipient.facilityName,
      };
    case 'wallet':
      return {
        name: t('recipient.wallet', { phone: recipient.maskedPhone }),
        born: null,
        place: t('recipient.walletTopUp'),
      };
    default:
      return assertNever(recipient);
  }
}

export function RecipientCard(props: { recipient: Recipient }) {
  const { t } = useT();
  const words = recipientWords(props.recipient, t);
  return (
    <div className="recipient-card" data-testid="recipient">
      <p className="recipient-name">{words.name}</p>
      {words.born !== null && <p className="recipient-detail">{words.born}</p>}
      <p className="recipient-detail">{words.place}</p>
    </div>
  );
}
