import type { Recipient } from '../../../common/contract.ts';
import type { CommandErrorKind } from '../../../common/contract/errors.ts';
import { walletAccountOf } from '../../../common/wallet.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { confirmRecipient, goHomeSafely, search } from '../payment/actions.ts';
import { searchRefusalText } from '../payment/refusals.ts';
import { useT } from '../app/use-t.ts';
import { Button, Notice, ScreenFrame } from '../components/screen-frame.tsx';
import { useKiosk } from '../store/kiosk-store.ts';

function useFooter(options: { next?: { label: string; onClick: () => void } } = {}) {
  const bridge = useBridge();
  const { t } = useT();
  return (
    <>
      <Button onClick={() => useKiosk.getState().go({ kind: 'year' })} testId="nav-back">
        ← {t('nav.back')}
      </Button>
      <Button kind="quiet" onClick={() => void goHomeSafely(bridge)} testId="nav-home">
        {t('nav.startOver')}
      </Button>
      {options.next && (
        <Button kind="primary" onClick={options.next.onClick} testId="nav-next">
          {options.next.label}
        </Button>
      )}
    </>
  );
}

export function SearchingScreen() {
  const { t } = useT();
  return (
    <ScreenFrame title={t('search.searching')} step={4} testId="screen-searching">
      <div className="spinner" role="progressbar" aria-label={t('search.searching')} />
    </ScreenFrame>
  );
}

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

export function NoMatchScreen() {
  const { t } = useT();
  const footer = useFooter();
  const form = useKiosk((state) => state.form);
  const birthYear = useKiosk((state) => state.birthYear);
  const facility = useKiosk((state) => state.facility);
  return (
    <ScreenFrame title={t('none.title')} step={4} footer={footer} testId="screen-no-match">
      <div className="entered">
        <p>{[form.surname, form.name, form.patronymic].filter(Boolean).join(' ')}</p>
        <p>
          {birthYear} · {facility?.shortName}
        </p>
      </div>
      <p className="lead">{t('none.hint')}</p>
      <ul className="checklist">
        <li>{t('none.check1')}</li>
        <li>{t('none.check2')}</li>
        <li>{t('none.check3')}</li>
      </ul>
      <div className="actions">
        <Button
          kind="primary"
          wide
          onClick={() => useKiosk.getState().go({ kind: 'name' })}
          testId="fix"
        >
          {t('none.fix')}
        </Button>
        <Button wide onClick={() => useKiosk.getState().go({ kind: 'region' })}>
          {t('facility.title')}
        </Button>
      </div>
    </ScreenFrame>
  );
}

export function SearchUnavailableScreen() {
  const { t } = useT();
  const bridge = useBridge();
  const footer = useFooter();
  return (
    <ScreenFrame
      title={t('unavailable.title')}
      step={4}
      footer={footer}
      testId="screen-search-unavailable"
    >
      <Notice kind="warn">{t('unavailable.text')}</Notice>
      <div className="actions">
        <Button kind="primary" wide onClick={() => void search(bridge)}>
          {t('nav.retry')}
        </Button>
        <Button wide onClick={() => useKiosk.getState().go({ kind: 'region' })}>
          {t('facility.title')}
        </Button>
      </div>
    </ScreenFrame>
  );
}

export function SearchErrorScreen(props: { errorKind: CommandErrorKind<'payee:search'> }) {
  const { t } = useT();
  const bridge = useBridge();
  const footer = useFooter();
  const key = searchRefusalText(props.errorKind);
  return (
    <ScreenFrame title={t('error.generic')} step={4} footer={footer} testId="screen-search-error">
      <Notice kind="error">{t(key)}</Notice>
      <div className="actions">
        <Button kind="primary" wide onClick={() => void search(bridge)}>
          {t('nav.retry')}
        </Button>
      </div>
    </ScreenFrame>
  );
}
