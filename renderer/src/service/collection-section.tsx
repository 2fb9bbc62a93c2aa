import { useCallback, useEffect, useState } from 'react';
import type { CollectionPreview } from '../../../common/contract.ts';
import { formatOperatorRubles as rub } from '../i18n/money-format.ts';
import { notesCount } from './operator-words.ts';
import { dateTime } from './service-format.ts';
import { errorText, useServiceActions } from './service-session.ts';
import { t } from '../i18n/operator.ts';

type Done = { mismatch: boolean; printed: boolean; queued: boolean; reportText: string };

/**
 * Инкассация: what the ledger says is in the cassette; the collector removes it, optionally
 * enters the count (a mismatch needs a comment), confirms; the report prints.
 */
export function CollectionSection() {
  const actions = useServiceActions();
  const [preview, setPreview] = useState<CollectionPreview | null>(null);
  const [counts, setCounts] = useState<Record<number, string>>({});
  const [recount, setRecount] = useState(false);
  const [comment, setComment] = useState('');
  const [removed, setRemoved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Done | null>(null);

  const load = useCallback(async () => {
    const result = await actions.collectionPreview();
    if (result.ok) setPreview(result.value);
    else setError(errorText(result));
  }, [actions]);
  useEffect(() => {
    void load();
  }, [load]);

  const confirm = async () => {
    if (preview === null) return;
    const counted = recount
      ? preview.denominations.map((row) => ({
          noteKopecks: row.noteKopecks,
          count: Number.parseInt(counts[row.noteKopecks] ?? '0', 10) || 0,
        }))
      : null;
    const result = await actions.confirmCollection({
      cassetteRemoved: true,
      counted,
      comment,
    });
    if (result.ok) {
      setDone(result.value);
      setError(null);
    } else setError(errorText(result));
  };

  if (done !== null) return <CollectionDone done={done} />;
  if (preview === null) return <p>{error ?? t('svc.loading')}</p>;
  return (
    <div data-testid="service-collection">
      <h2>{t('svc.collection.title')}</h2>
      <p>
        {preview.startedAtMs > 0
          ? t('svc.collection.expectedSince', { time: dateTime(preview.startedAtMs) })
          : t('svc.collection.expected')}
      </p>
      <CountTable preview={preview} recount={recount} counts={counts} setCounts={setCounts} />
      <p data-testid="collection-total">
        {t('svc.collection.total', {
          notes: notesCount(preview.count),
          sum: rub(preview.totalKopecks),
        })}
      </p>
      {preview.unresolvedCount > 0 && (
        <p className="notice notice-warn">
          {t('svc.collection.unresolved', { notes: notesCount(preview.unresolvedCount) })}
        </p>
      )}
      <label className="service-row">
        <input
          type="checkbox"
          checked={recount}
          onChange={(event) => setRecount(event.target.checked)}
        />
        {t('svc.collection.recounted')}
      </label>
      {recount && (
        <textarea
          data-testid="collection-comment"
          placeholder={t('svc.collection.comment')}
          value={comment}
          maxLength={500}
          onChange={(event) => setComment(event.target.value)}
        />
      )}
      <label className="service-row">
        <input
          type="checkbox"
          data-testid="collection-removed"
          checked={removed}
          onChange={(event) => setRemoved(event.target.checked)}
        />
        {t('svc.collection.removed')}
      </label>
      {error && <p className="notice notice-error">{error}</p>}
      <button
        type="button"
        className="button button-primary"
        data-testid="collection-confirm"
        disabled={!removed}
        onClick={() => void confirm()}
      >
        {t('svc.collection.confirm')}
      </button>
    </div>
  );
}

function CollectionDone({ done }: { done: Done }) {
  return (
    <div data-testid="collection-done">
      <h2>{t('svc.collection.done')}</h2>
      {done.mismatch && <p className="notice notice-warn">{t('svc.collection.mismatch')}</p>}
      <p>
        {t('svc.collection.report', {
          printed: t(done.printed ? 'svc.collection.printed' : 'svc.collection.notPrinted'),
          sent: t(done.queued ? 'svc.collection.queued' : 'svc.collection.notSent'),
        })}
      </p>
      <pre className="service-report" data-testid="collection-report">
        {done.reportText}
      </pre>
    </div>
  );
}

function CountTable(props: {
  preview: CollectionPreview;
  recount: boolean;
  counts: Record<number, string>;
  setCounts(counts: Record<number, string>): void;
}) {
  const { preview, recount, counts } = props;
  return (
    <table>
      <thead>
        <tr>
          <th>{t('svc.collection.note')}</th>
          <th>{t('svc.collection.count')}</th>
          <th>{t('svc.collection.sum')}</th>
          {recount && <th>{t('svc.collection.recount')}</th>}
        </tr>
      </thead>
      <tbody>
        {preview.denominations.map((row) => (
          <tr key={row.noteKopecks}>
            <td>{rub(row.noteKopecks)}</td>
            <td>{row.count}</td>
            <td>{rub(row.totalKopecks)}</td>
            {recount && (
              <td>
                <input
                  inputMode="numeric"
                  data-testid={`count-${row.noteKopecks}`}
                  value={counts[row.noteKopecks] ?? String(row.count)}
                  onChange={(event) =>
                    props.setCounts({ ...counts, [row.noteKopecks]: event.target.value })
                  }
                />
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
