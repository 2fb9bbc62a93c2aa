import { useEffect, useState } from 'react';
import type { AccountHistory, LetterReply } from '../../../common/contract.ts';
import { useBridge } from '../app/bridge-context.tsx';
import { useT } from '../app/use-t.ts';
import type { MessageKey } from '../i18n/i18n.ts';
import { Button, ScreenFrame } from '../components/screen-frame.tsx';
import * as actions from './actions.ts';
import { BackFooter } from './back-footer.tsx';

const LETTER_STATUSES = ['accepted', 'delivered', 'answered'] as const;

function letterStatusText(t: (key: MessageKey) => string, status: string): string {
  const known = LETTER_STATUSES.find((value) => value === status);
  return known === undefined ? status : t(`acc.letter.status.${known}`);
}

/**
 * The scanned reply, asked of main when the payer taps: main fetches it from central with the
 * kiosk's signature and the payer's session; shown as a data: URL, gone when the page closes.
 */
function LetterReplyView({ letterId }: { letterId: string }) {
  const bridge = useBridge();
  const { t } = useT();
  const [reply, setReply] = useState<LetterReply | null>(null);
  const [failed, setFailed] = useState(false);
  if (reply === null) {
    return (
      <>
        {failed ? <p className="list-empty">{t('acc.err.other')}</p> : null}
        <Button
          testId="acc-letter-show-reply"
          onClick={() =>
            void actions.letterReply(bridge, { letterId }).then((result) => {
              setFailed(!result.ok);
              if (result.ok) setReply(result.value);
            })
          }
        >
          {t('acc.letter.showReply')}
        </Button>
      </>
    );
  }
  if (reply.contentType === 'application/pdf') {
    return <p data-testid="acc-letter-reply-pdf">{t('acc.letter.replyPdf')}</p>;
  }
  return (
    <img
      className="acc-letter-reply"
      data-testid="acc-letter-reply"
      alt={t('acc.letter.replyTitle')}
      src={`data:${reply.contentType};base64,${reply.dataBase64}`}
    />
  );
}

/** Every payment, letter and wallet movement; tap a recipient to see only theirs. */
export function HistoryPage() {
  const bridge = useBridge();
  const { t, money } = useT();
  const [history, setHistory] = useState<AccountHistory | null>(null);
  const [recipientKey, setRecipientKey] = useState<string | undefined>(undefined);
  useEffect(() => {
    const args = recipientKey === undefined ? {} : { recipientKey };
    void actions.history(bridge, args).then((result) => {
      setHistory(result.ok ? result.value : null);
    });
  }, [bridge, recipientKey]);
  const date = (ms: number) => new Date(ms).toLocaleDateString('ru-RU');
  const filter = recipientKey !== undefined && (
    <Button onClick={() => setRecipientKey(undefined)} testId="acc-history-all">
      {t('acc.all')}
    </Button>
  );
  return (
    <ScreenFrame
      title={t('acc.history')}
      footer={<BackFooter>{filter}</BackFooter>}
      testId="acc-history"
    >
      <h2 className="acc-subtitle">{t('acc.transfers')}</h2>
      {history?.transfers.length === 0 && <p className="list-empty">{t('acc.empty')}</p>}
      <ul className="acc-list" data-testid="acc-history-transfers">
        {history?.transfers.map((transfer) => (
          <li key={transfer.transferId} className="acc-row">
            <button
              type="button"
              className="acc-row-button"
              data-testid="acc-history-transfer"
              onClick={() => setRecipientKey(transfer.recipientKey)}
            >
              <span className="acc-row-title">
                {money(transfer.amountKopecks)} — {t(`acc.status.${transfer.status}`)}
              </span>
              <span>
                {transfer.recipientMasked}, {transfer.facilityName}, {date(transfer.acceptedAtMs)}
              </span>
              <span className="transfer-id">{transfer.transferId}</span>
            </button>
          </li>
        ))}
      </ul>
      <h2 className="acc-subtitle">{t('acc.letters')}</h2>
      <ul className="acc-list">
        {history?.letters.map((letter) => (
          <li key={letter.letterId} className="acc-row acc-letter" data-testid="acc-history-letter">
            <span className="acc-row-title">
              {letter.recipientMasked}: {letter.pages} / {letter.replyBlanks} —{' '}
              {money(letter.priceKopecks)}
            </span>
            <span data-testid="acc-letter-status" data-status={letter.status}>
              {letterStatusText(t, letter.status)}, {date(letter.createdAtMs)}
            </span>
            {letter.reply === null || letter.reply === undefined ? null : (
              <LetterReplyView letterId={letter.letterId} />
            )}
          </li>
        ))}
      </ul>
      <h2 className="acc-subtitle">{t('acc.movements')}</h2>
      <ul className="acc-list">
        {history?.wallet.map((entry) => (
          <li key={entry.entryId} className="acc-row" data-testid="acc-history-wallet">
            {t(`acc.kind.${entry.kind}`)}: {entry.deltaKopecks > 0 ? '+' : '−'}
            {money(Math.abs(entry.deltaKopecks))}, {date(entry.createdAtMs)}
          </li>
        ))}
      </ul>
    </ScreenFrame>
  );
}
