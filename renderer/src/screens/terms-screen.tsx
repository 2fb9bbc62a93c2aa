import { useEffect, useState } from 'react';
import { walletAccountOf } from '../../../common/wallet.ts';
import type { PaymentTerms, Recipient } from '../../../common/contract.ts';
import { letterQuote } from '../../../common/letter.ts';
import { useAccount } from '../account/account-store.ts';
import { commissionKopecks, kopecks } from '../../../common/money.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { goHomeSafely, loadTerms, showOpenDeposit, startDeposit } from '../payment/actions.ts';
import { startRefusalText } from '../payment/refusals.ts';
import { useT } from '../app/use-t.ts';
import { Banknote } from '../components/banknote.tsx';
import { Button, Notice, ScreenFrame } from '../components/screen-frame.tsx';
import { keyFor, type MessageKey } from '../i18n/i18n.ts';
import { formatBasisPoints } from '../i18n/money-format.ts';
import { type LetterRequest, useKiosk } from '../store/kiosk-store.ts';
import { RecipientCard } from '../components/recipient-card.tsx';

type Loaded = { kind: 'loading' } | { kind: 'failed' } | { kind: 'ready'; terms: PaymentTerms };

const exampleKopecks = 100_000;

/** Step 5: everything the payer must know BEFORE any cash — limit, fee, notes, receipt. */
export function TermsScreen(props: { recipient: Recipient; letter?: LetterRequest | undefined }) {
  const bridge = useBridge();
  const { t } = useT();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const [startError, setStartError] = useState<MessageKey | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` re-runs the load on «retry».
  useEffect(() => {
    let live = true;
    const walletTopUp = walletAccountOf(props.recipient.inmateRef) !== null;
    void loadTerms(bridge, walletTopUp).then((result) => {
      if (live) setLoaded(result.ok ? { kind: 'ready', terms: result.value } : { kind: 'failed' });
    });
    return () => {
      live = false;
    };
  }, [bridge, attempt]);

  const start = async (acceptWithoutReceipt: boolean) => {
    setBusy(true);
    setStartError(null);
    const outcome = await startDeposit(bridge, props.recipient, acceptWithoutReceipt, props.letter);
    setBusy(false);
    if (outcome.ok) return;
    // A session already exists (a second tap, or a reload): show it rather than a new one.
    if (outcome.kind === 'session-active' && (await showOpenDeposit(bridge))) return;
    setStartError(startRefusalText(outcome.kind));
    setAttempt((n) => n + 1);
  };

  const footer = (
    <>
      <Button onClick={() => back(props.recipient, props.letter)} testId="nav-back">
        ← {t('nav.back')}
      </Button>
      <Button kind="quiet" onClick={() => void goHomeSafely(bridge)} testId="nav-home">
        {t('nav.startOver')}
      </Button>
      {loaded.kind === 'ready' && (
        <StartButton terms={loaded.terms} busy={busy} onStart={(without) => void start(without)} />
      )}
    </>
  );
  return (
    <ScreenFrame title={t('terms.title')} step={5} footer={footer} testId="screen-terms">
      {loaded.kind === 'loading' && <p className="loading">{t('terms.loading')}</p>}
      {loaded.kind === 'failed' && (
        <Notice kind="error" title={t('error.generic')}>
          <Button kind="primary" onClick={() => setAttempt((n) => n + 1)}>
            {t('nav.retry')}
          </Button>
        </Notice>
      )}
      {loaded.kind !== 'ready' && (
        <RecipientCard recipient={props.letter?.recipient ?? props.recipient} />
      )}
      {loaded.kind === 'ready' && (
        <div className="columns">
          <div className="column">
            <RecipientCard recipient={props.letter?.recipient ?? props.recipient} />
            {props.letter === undefined ? (
              <TermsFacts terms={loaded.terms} />
            ) : (
              <LetterFacts letter={props.letter} />
            )}
          </div>
          <div className="column">
            <AcceptedNotes terms={loaded.terms} changeRule={props.letter === undefined} />
            {startError && <Notice kind="error">{t(startError)}</Notice>}
            <PrinterNotice terms={loaded.terms} />
          </div>
        </div>
      )}
    </ScreenFrame>
  );
}

/** Back from a wallet top-up or a letter goes to the account it came from, not to the search. */
function back(recipient: Recipient, letter: LetterRequest | undefined): void {
  if (walletAccountOf(recipient.inmateRef) === null) {
    useKiosk.getState().go({ kind: 'year' });
    return;
  }
  useKiosk.getState().go({ kind: 'home' });
  useAccount.getState().show(letter === undefined ? 'home' : 'letter');
}

/** A letter paid in cash: what it is, what it costs, and that the change stays on the wallet. */
function LetterFacts(props: { letter: LetterRequest }) {
  const { t, money } = useT();
  const { recipient, text, replyBlanks } = props.letter;
  const quote = letterQuote(text, replyBlanks);
  return (
    <div className="facts" data-testid="letter-terms">
      <p>
        {t('letter.terms', {
          name: `${recipient.maskedName}, ${recipient.facilityName}`,
          pages: quote.pages,
          blanks: replyBlanks,
        })}
      </p>
      <p>
        <strong data-testid="letter-terms-price">
          {t('letter.price', { price: money(quote.priceKopecks) })}
        </strong>
      </p>
      <p className="fact-note">{t('letter.noChange')}</p>
    </div>
  );
}

function TermsFacts(props: { terms: PaymentTerms }) {
  const { t, money, language } = useT();
  const { terms } = props;
  const amount = kopecks(Math.min(exampleKopecks, terms.depositKopecksMax));
  const fee = commissionKopecks(
    amount,
    terms.commissionBasisPoints,
    kopecks(terms.commissionMinKopecks),
  );
  const rate = formatBasisPoints(terms.commissionBasisPoints, language);
  let rule: string;
  if (terms.commissionBasisPoints === 0 && terms.commissionMinKopecks === 0) {
    rule = t('terms.commissionNone');
  } else if (terms.commissionMinKopecks === 0) {
    rule = t('terms.commissionRate', { rate });
  } else {
    rule = t('terms.commissionRule', { rate, min: money(terms.commissionMinKopecks) });
  }
  return (
    <dl className="facts" data-testid="terms">
      <div>
        <dt>{t('terms.limit')}</dt>
        <dd data-testid="terms-limit">{money(terms.depositKopecksMax)}</dd>
      </div>
      <div>
        <dt>{t('terms.commission')}</dt>
        <dd data-testid="terms-commission">
          {rule}
          <span className="fact-note">
            {t('terms.example', { amount: money(amount), credited: money(amount - fee) })}
          </span>
        </dd>
      </div>
      <div>
        <dt>{t('terms.crediting')}</dt>
        <dd>{t(keyFor('crediting', terms.creditingTimeKey, 'crediting.other'))}</dd>
      </div>
    </dl>
  );
}

/** `changeRule`: the generic no-change sentence (a letter says its own, about the wallet). */
function AcceptedNotes(props: { terms: PaymentTerms; changeRule: boolean }) {
  const { t } = useT();
  const notes = props.terms.acceptedNotes.filter((note) => note.enabled);
  return (
    <section>
      <h2 className="section-title">{t('terms.notes')}</h2>
      <div className="note-row" data-testid="accepted-notes">
        {notes.map((note) => (
          <Banknote key={note.noteKopecks} noteKopecks={note.noteKopecks} size="small" />
        ))}
      </div>
      {props.changeRule && <p className="no-change">{t('terms.noChange')}</p>}
    </section>
  );
}

/** The printer gate decides BEFORE cash: block stops here, warn asks, ok goes on. */
function PrinterNotice(props: { terms: PaymentTerms }) {
  const { t } = useT();
  switch (props.terms.printer.decision) {
    case 'block':
      return (
        <Notice kind="error" title={t('printer.block.title')}>
          <p data-testid="printer-block">{t('printer.block.text')}</p>
        </Notice>
      );
    case 'warn':
      return (
        <Notice kind="warn" title={t('printer.warn.title')}>
          <p data-testid="printer-warn">{t('printer.warn.text')}</p>
        </Notice>
      );
    case 'ok':
      return null;
  }
}

function StartButton(props: {
  terms: PaymentTerms;
  busy: boolean;
  onStart: (acceptWithoutReceipt: boolean) => void;
}) {
  const { t } = useT();
  const decision = props.terms.printer.decision;
  if (decision === 'block') return null;
  const withoutReceipt = decision === 'warn';
  return (
    <Button
      kind="primary"
      disabled={props.busy}
      onClick={() => props.onStart(withoutReceipt)}
      testId="start-deposit"
    >
      {withoutReceipt ? t('printer.warn.continue') : `${t('terms.start')} →`}
    </Button>
  );
}
