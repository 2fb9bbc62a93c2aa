import { useCallback, useEffect, useState } from 'react';
import type { CollectionPreview } from '../../../common/contract.ts';
import { formatOperatorRubles as rub } from '../i18n/money-format.ts';
import { notesCount } from './operator-words.ts';
import { dateTime } from './service-format.ts';
import { errorText, useServiceActions } from './service-session.ts';

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
  if (preview === null) return <p>{error ?? 'Загрузка…'}</p>;
  return (
    <div data-testid="service-collection">
      <h2>Инкассация</h2>
      <p>
        {preview.startedAtMs > 0
          ? `С ${dateTime(preview.startedAtMs)} в кассете должно быть:`
          : 'В кассете должно быть:'}
      </p>
      <CountTable preview={preview} recount={recount} counts={counts} setCounts={setCounts} />
      <p data-testid="collection-total">
        Итого: {notesCount(preview.count)} на {rub(preview.totalKopecks)}
      </p>
      {preview.unresolvedCount > 0 && (
        <p className="notice notice-warn">
          Зачислено после сбоя без подтверждения устройства: {notesCount(preview.unresolvedCount)}.
          Сверьте при пересчёте.
        </p>
      )}
      <label className="service-row">
        <input
          type="checkbox"
          checked={recount}
          onChange={(event) => setRecount(event.target.checked)}
        />
        Пересчитал(а), есть расхождение
      </label>
      {recount && (
        <textarea
          data-testid="collection-comment"
          placeholder="Комментарий (обязателен при расхождении)"
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
        Кассета извлечена
      </label>
      {error && <p className="notice notice-error">{error}</p>}
      <button
        type="button"
        className="button button-primary"
        data-testid="collection-confirm"
        disabled={!removed}
        onClick={() => void confirm()}
      >
        Подтвердить инкассацию
      </button>
    </div>
  );
}

function CollectionDone({ done }: { done: Done }) {
  return (
    <div data-testid="collection-done">
      <h2>Инкассация завершена</h2>
      {done.mismatch && <p className="notice notice-warn">Записано расхождение с комментарием.</p>}
      <p>
        Отчёт {done.printed ? 'напечатан' : 'НЕ напечатан (см. ниже)'}; в центр{' '}
        {done.queued ? 'поставлен в очередь' : 'НЕ отправлен'}.
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
          <th>Номинал</th>
          <th>Купюр</th>
          <th>Сумма</th>
          {recount && <th>Пересчитано</th>}
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
