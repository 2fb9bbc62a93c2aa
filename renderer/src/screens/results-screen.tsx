import type { SearchMatch } from '../../../common/contract.ts';
import { chooseMatch, confirmRecipient } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';
import { useFooter } from './search-footer.tsx';
import { RecipientCard } from '../components/recipient-card.tsx';
import { ApproximateScreen } from './approximate-screen.tsx';

/**
 * One exact match: a masked confirmation. One approximate match: its own screen, confirmed
 * explicitly. Several (never two that look alike): choose by year of birth and facility.
 */
export function ResultsScreen(props: { matches: SearchMatch[] }) {
  const { t } = useT();
  const footer = useFooter();
  const only = props.matches.length === 1 ? props.matches[0] : undefined;
  if (only?.quality === 'approximate') return <ApproximateScreen match={only} />;
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
        {props.matches.map((match) => (
          <li key={match.inmateRef}>
            <button type="button" className="choice" onClick={() => chooseMatch(match)}>
              <span className="choice-title">
                {match.maskedName}, {t('confirm.born', { year: match.birthYear })}
                {match.quality === 'approximate' && (
                  <span className="match-tag" data-testid="approximate-tag">
                    {' '}
                    · {t('approx.tag')}
                  </span>
                )}
              </span>
              <span className="choice-subtitle">{match.facilityName}</span>
            </button>
          </li>
        ))}
      </ul>
    </ScreenFrame>
  );
}
