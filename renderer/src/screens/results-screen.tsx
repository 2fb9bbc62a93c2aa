import type { Recipient } from '../../../common/contract.ts';
import { confirmRecipient } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';
import { useFooter } from './search-footer.tsx';
import { RecipientCard } from '../components/recipient-card.tsx';

/** One match: a masked confirmation. Several: choose by year of birth and facility. */
export function ResultsScreen(props: { matches: Recipient[] }) {
  const { t } = useT();
  const footer = useFooter();
  const only = props.matches.length === 1 ? props.matches[0] : undefined;
  if (only) {
    return (
      <ScreenFrame title={t('confirm.title')} step={4} footer={footer} testId="screen-confirm">
        <p className="lead">{t('confirm.question')}</p>
        <RecipientCard recipient={only} />
        <div className="actions">
          <Button kind="primary" wide onClick={() => confirmRecipient(only)} testId="confirm-yes">
            {t('confirm.yes')}
          </Button>
          <Button wide onClick={() => useKiosk.getState().go({ kind: 'name' })} testId="confirm-no">
            {t('confirm.no')}
          </Button>
        </div>
      </ScreenFrame>
    );
  }
  return (
    <ScreenFrame
      title={t('several.title')}
      subtitle={t('several.hint')}
      step={4}
      footer={footer}
      testId="screen-several"
    >
      <ul className="choice-list" data-testid="matches">
        {props.matches.map((recipient) => (
          <li key={recipient.inmateRef}>
            <button type="button" className="choice" onClick={() => confirmRecipient(recipient)}>
              <span className="choice-title">
                {recipient.maskedName}, {t('confirm.born', { year: recipient.birthYear })}
              </span>
              <span className="choice-subtitle">{recipient.facilityName}</span>
            </button>
          </li>
        ))}
      </ul>
    </ScreenFrame>
  );
}
