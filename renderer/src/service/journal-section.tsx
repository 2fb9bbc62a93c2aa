import { useCallback, useEffect, useState } from 'react';
import type { JournalTransfer, ParkedItem } from '../../../common/contract.ts';
import { parseRubles, formatOperatorRubles as rub } from '../i18n/money-format.ts';
import { receiptStateWords } from './operator-words.ts';
import { dateTime, dayStartMs } from './service-format.ts';
import { errorText, useServiceActions } from './service-session.ts';
import { t } from '../i18n/operator.ts';

const dayMs = 86_400_000;

/** Payments: search by date, amount and id; reprint a copy; parked outbox items and retry. */
export function JournalSection() {
  const actions = useServiceActions();
  const [day, setDay] = useState('');
  const [amount, setAmount] = useState('');
  const [idPrefix, setIdPrefix] = useState('');
  const [rows, setRows] = useState<JournalTransfer[]>([]);
  const [total, setTotal] = useState(0);
  const [parked, setParked] = useState<ParkedItem[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  const search = useCallback(async () => {
    const fromMs = day === '' ? null : dayStartMs(day);
    const acceptedKopecks = amount.trim() === '' ? null : parseRubles(amount);
    if ((day !== '' && fromMs === null) || (amount.trim() !== '' && acceptedKopecks === null)) {
      return setMessage(t('svc.journal.badFilter'));
    }
    const result = await actions.searchJournal({
      fromMs,
      toMs: fromMs === null ? null : fromMs + dayMs,
      acceptedKopecks,
      idPrefix: idPrefix.trim(),
    });
    if (!result.ok) return setMessage(errorText(result));
    setRows(result.value.transfers);
    setTotal(result.value.total);
    setMessage(null);
  }, [actions, day, amount, idPrefix]);
  const loadParked = useCallback(async () => {
    const result = await actions.parkedTransfers();
    if (result.ok) setParked(result.value.items);
  }, [actions]);
  // Only on open: later searches are the operator's, on the button.
  // biome-ignore lint/correctness/useExhaustiveDependencies: first load only
  useEffect(() => {
    void search();
    void loadParked();
  }, []);

  const reprint = async (transferId: string) => {
    const result = await actions.reprint(transferId);
    setMessage(result.ok ? t('svc.journal.reprinted', { id: transferId }) : errorText(result));
  };
  const retry = async (transferId: string) => {
    const result = await actions.retryTransfer(transferId);
    setMessage(result.ok ? t('svc.journal.requeued', { id: transferId }) : errorText(result));
    await loadParked();
  };

  return (
    <div data-testid="service-journal">
      <h2>{t('svc.journal.title')}</h2>
      <div className="service-row">
        <input
          type="date"
          aria-label={t('svc.date')}
          value={day}
          onChange={(e) => setDay(e.target.value)}
        />
        <input
          placeholder={t('svc.journal.amount')}
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
        <input
          placeholder={t('svc.journal.idPrefix')}
          data-testid="journal-id"
          value={idPrefix}
          onChange={(e) => setIdPrefix(e.target.value)}
        />
        <button
          type="button"
          className="button"
          data-testid="journal-search"
          onClick={() => void search()}
        >
          {t('svc.journal.search')}
        </button>
      </div>
      {message && (
        <p className="notice notice-info" data-testid="journal-message">
          {message}
        </p>
      )}
      <p>{t('svc.journal.found', { payments: t('count.payments', { count: total }) })}</p>
      <JournalTable rows={rows} onReprint={(transferId) => void reprint(transferId)} />
      <ParkedList items={parked} onRetry={(transferId) => void retry(transferId)} />
    </div>
  );
}

/** Outbox rows central refused for good, with why; retry hands one back to the sender. */
function ParkedList(props: { items: readonly ParkedItem[]; onRetry(transferId: string): void }) {
  return (
    <>
      <h2>{t('svc.journal.parked')}</h2>
      {props.items.length === 0 && <p>{t('svc.journal.none')}</p>}
      <table>
        <tbody>
          {props.items.map((item) => (
            <tr key={item.transferId}>
              <td>{item.transferId}</td>
              <td>{item.reason}</td>
              <td>{t('count.attempts', { count: item.attempts })}</td>
              <td>
                <button
                  type="button"
                  className="button"
                  onClick={() => props.onRetry(item.transferId)}
                >
                  {t('svc.journal.retry')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function JournalTable(props: {
  rows: readonly JournalTransfer[];
  onReprint(transferId: string): void;
}) {
  return (
    <table>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.transferId} data-testid="journal-row">
            <td>{dateTime(row.createdAtMs)}</td>
            <td>{row.transferId}</td>
            <td>{rub(row.acceptedKopecks)}</td>
            <td>
              {row.recipientMasked}, {row.facilityName}
            </td>
            <td>{receiptStateWords(row.receiptState)}</td>
            <td>
              <button
                type="button"
                className="button"
                data-testid="journal-reprint"
                onClick={() => props.onReprint(row.transferId)}
              >
                {t('svc.journal.reprint')}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
