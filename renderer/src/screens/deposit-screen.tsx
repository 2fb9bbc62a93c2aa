import type { DepositView } from '../../../common/contract.ts';
import { walletAccountOf } from '../../../common/wallet.ts';
import { useState } from 'react';
import { useBridge } from '../app/bridge-context.tsx';
import { cancelDeposit, isMoneyRefusal, pay } from '../payment/actions.ts';
import { useT } from '../app/use-t.ts';
import { Banknote } from '../components/banknote.tsx';
import { Button, Notice, ScreenFrame } from '../components/screen-frame.tsx';
import { keyFor } from '../i18n/i18n.ts';
import { currentRejection, hasMoney, useKiosk } from '../store/kiosk-store.ts';

/**
 * Step 6: cash. Every accepted note and the running totals are on screen. Before the first note
 * the payer may still cancel; after it the only way on is Pay (or main's idle completion).
 */
export function DepositScreen() {
  const bridge = useBridge();
  const { t, money } = useT();
  const view = useKiosk((state) => state.deposit);
  const [paying, setPaying] = useState(false);
  const [payFailed, setPayFailed] = useState(false);
  if (view === null) {
    return (
      <ScreenFrame title={t('deposit.title')} step={6} testId="screen-deposit">
        <p className="loading">{t('deposit.starting')}</p>
      </ScreenFrame>
    );
  }
  const money0 = !hasMoney(view);
  const settling = paying || view.state === 'settling';
  const onPay = async () => {
    setPaying(true);
    setPayFailed(false);
    const outcome = await pay(bridge);
    setPaying(false);
    if (!outcome.ok) setPayFailed(true);
  };
  const onCancel = async () => {
    const outcome = await cancelDeposit(bridge);
    // Refused because a note just arrived: stay; the screen now shows it and offers Pay.
    if (isMoneyRefusal(outcome)) return;
    const letter = useKiosk.getState().letterDraft;
    useKiosk
      .getState()
      .go({ kind: 'terms', recipient: view.recipient, ...(letter === null ? {} : { letter }) });
  };
  const letterDueKopecks =
    view.letter === null ? 0 : Math.max(0, view.letter.priceKopecks - view.acceptedKopecks);
  const footer = (
    <>
      {money0 && view.canCancel && !settling && (
        <Button onClick={() => void onCancel()} testId="deposit-cancel">
          ← {t('deposit.cancel')}
        </Button>
      )}
      {letterDueKopecks > 0 && !money0 && !settling && (
        <Button
          disabled={!view.canPay || view.noteInProgress}
          onClick={() => void onPay()}
          testId="pay-wallet-only"
        >
          {t('letter.walletOnly')}
        </Button>
      )}
      <Button
        kind="primary"
        disabled={
          !view.canPay ||
          view.noteInProgress ||
          settling ||
          view.acceptedKopecks === 0 ||
          letterDueKopecks > 0
        }
        onClick={() => void onPay()}
        testId="pay"
      >
        {view.letter === null
          ? `${t('deposit.pay')} ${view.acceptedKopecks > 0 ? money(view.acceptedKopecks) : ''}`
          : t('letter.pay')}
      </Button>
    </>
  );
  return (
    <ScreenFrame
      title={t('deposit.title')}
      subtitle={t('deposit.hint')}
      step={6}
      footer={footer}
      testId="screen-deposit"
    >
      <div className="columns">
        <div className="column">
          <p className="deposit-recipient">
            {view.letter === null
              ? view.recipient.maskedName
              : t('letter.to', { name: view.letter.recipient.maskedName })}
            {walletAccountOf(view.recipient.inmateRef) === null &&
              `, ${t('confirm.born', { year: view.recipient.birthYear })}`}{' '}
            · {(view.letter?.recipient ?? view.recipient).facilityName}
          </p>
          <DepositTotals view={view} />
          {view.letter !== null && (
            <Notice kind={letterDueKopecks > 0 ? 'warn' : 'info'}>
              <span data-testid="letter-due">
                {letterDueKopecks > 0
                  ? t('letter.due', { amount: money(letterDueKopecks) })
                  : t('letter.covered', {
                      amount: money(view.acceptedKopecks - view.letter.priceKopecks),
                    })}
              </span>
            </Notice>
          )}
        </div>
        <div className="column">
          <DepositNews
            view={view}
            settling={settling}
            payFailed={payFailed}
            letterDue={letterDueKopecks > 0}
          />
        </div>
      </div>
    </ScreenFrame>
  );
}

/** Inserted, fee, to be credited, room left: the four numbers a payer watches. */
function DepositTotals(props: { view: DepositView }) {
  const { t, money } = useT();
  const { view } = props;
  return (
    <div className="totals" aria-live="polite">
      <div className="total total-main">
        <span className="total-label">{t('deposit.accepted')}</span>
        <span className="total-value" data-testid="accepted">
          {money(view.acceptedKopecks)}
        </span>
        <span className="total-note">{t('deposit.notes', { count: view.notes.length })}</span>
      </div>
      <div className="total">
        <span className="total-label">{t('deposit.commission')}</span>
        <span className="total-value" data-testid="commission">
          {money(view.commissionKopecks)}
        </span>
      </div>
      <div className="total total-credit">
        <span className="total-label">{t('deposit.credited')}</span>
        <span className="total-value" data-testid="credited">
          {money(view.creditedKopecks)}
        </span>
      </div>
      <div className="total">
        <span className="total-label">{t('deposit.remaining')}</span>
        <span className="total-value" data-testid="remaining">
          {money(view.remainingKopecks)}
        </span>
      </div>
    </div>
  );
}

/** Each accepted note as a picture, and what just happened, in words. */
function DepositNews(props: {
  view: DepositView;
  settling: boolean;
  payFailed: boolean;
  /** The letter's price is not in yet: its own notice says what to do, not «press Pay». */
  letterDue: boolean;
}) {
  const { t } = useT();
  const { view, settling } = props;
  const rejection = currentRejection(view);
  return (
    <>
      <div className="deposit-notes" data-testid="deposit-notes">
        {view.notes.length === 0 && <p className="waiting-note">{t('deposit.insertFirst')}</p>}
        {view.notes.map((note) => (
          <Banknote
            key={`${note.atMs}-${note.noteKopecks}`}
            noteKopecks={note.noteKopecks}
            size="small"
          />
        ))}
      </div>
      {view.noteInProgress && <Notice kind="info">{t('deposit.wait')}</Notice>}
      {rejection !== null && (
        <Notice kind="warn">
          <span data-testid="rejection" data-reason={rejection}>
            {t(keyFor('reject', rejection, 'reject.other'))}
          </span>
        </Notice>
      )}
      {view.remainingKopecks === 0 && view.acceptedKopecks > 0 && (
        <Notice kind="info">{t('deposit.limitReached')}</Notice>
      )}
      {settling && <Notice kind="info">{t('deposit.paying')}</Notice>}
      {props.payFailed && <Notice kind="error">{t('deposit.payFailed')}</Notice>}
      {hasMoney(view) && !settling && !props.letterDue && (
        <p className="money-safe">{t('deposit.moneySafe')}</p>
      )}
    </>
  );
}
