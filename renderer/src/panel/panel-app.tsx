import { useEffect, useMemo, useState } from 'react';
import {
  type EmulatorSnapshot,
  EmulatorSnapshotSchema,
  type PanelChannel,
  panelCommands,
} from '../../../common/contract.ts';
import { type ConnectionState, createWsClient, wsUrlFromPage } from '../bridge/ws-client.ts';
import { formatRubles } from '../i18n/money-format.ts';

/**
 * The emulator panel: a separate page (never the kiosk screen) to play the devices — insert
 * notes, jam the acceptor, pull the cassette, run the printer out of paper — and to see the
 * cassette and every printed receipt as its paper strip. Live via emulator:changed.
 */
export function PanelApp() {
  const client = useMemo(
    () => createWsClient({ url: wsUrlFromPage(window.location, '/panel-ws') }),
    [],
  );
  const [connection, setConnection] = useState<ConnectionState>(client.state());
  const [snapshot, setSnapshot] = useState<EmulatorSnapshot | null>(null);
  const [lastError, setLastError] = useState<string | null>(null);
  const [newSeriesKopecks, setNewSeriesKopecks] = useState<number | null>(null);

  useEffect(() => {
    const accept = (value: unknown) => {
      const parsed = EmulatorSnapshotSchema.safeParse(value);
      if (parsed.success) setSnapshot(parsed.data);
    };
    const offs = [
      client.on('emulator:changed', accept),
      client.onConnection((state) => {
        setConnection(state);
        if (state === 'open') {
          void client.call('emulator:snapshot', {}).then((result) => {
            if (result.ok) accept(result.value);
            else setLastError(`${result.error.kind}: ${result.error.message}`);
          });
        }
      }),
    ];
    return () => {
      for (const off of offs) off();
    };
  }, [client]);

  const run = async (channel: PanelChannel, args: Record<string, unknown> = {}) => {
    const parsedArgs = panelCommands[channel].args.safeParse(args);
    if (!parsedArgs.success) {
      setLastError(`${channel}: bad arguments`);
      return;
    }
    const result = await client.call(channel, parsedArgs.data);
    if (!result.ok) setLastError(`${channel} → ${result.error.kind}: ${result.error.message}`);
    else setLastError(null);
    const fresh = await client.call('emulator:snapshot', {});
    if (fresh.ok) {
      const parsed = EmulatorSnapshotSchema.safeParse(fresh.value);
      if (parsed.success) setSnapshot(parsed.data);
    }
  };

  const acceptor = snapshot?.acceptor;
  const printer = snapshot?.printer;
  const table = acceptor?.billTable ?? [];
  const chosenSeries = newSeriesKopecks ?? table.at(-1)?.noteKopecks ?? null;
  return (
    <div className="panel">
      <header className="panel-header">
        <h1>Эмулятор устройств киоска</h1>
        <span className={`panel-conn panel-conn-${connection}`} data-testid="panel-connection">
          {connection === 'open' ? 'подключено' : 'подключение…'}
        </span>
      </header>
      {lastError && (
        <p className="panel-error" role="alert">
          {lastError}
        </p>
      )}
      <div className="panel-columns">
        <section className="panel-card" aria-labelledby="acceptor-title">
          <h2 id="acceptor-title">Купюроприёмник</h2>
          <p className="panel-state" data-testid="acceptor-state">
            Состояние: <b>{acceptor?.state ?? '—'}</b>
            {acceptor && (
              <>
                {' '}
                · {acceptor.enabled ? 'приём включён' : 'приём выключен'}
                {acceptor.jammed && ' · ЗАМЯТИЕ'}
                {!acceptor.cassettePresent && ' · КАССЕТА СНЯТА'}
              </>
            )}
          </p>
          <h3>Вставить купюру</h3>
          <div className="panel-notes">
            {table.map((entry) => (
              <button
                key={entry.billType}
                type="button"
                className="panel-button panel-note"
                data-testid={`insert-${entry.noteKopecks}`}
                onClick={() => void run('emulator:insertNote', { noteKopecks: entry.noteKopecks })}
              >
                {formatRubles(entry.noteKopecks, 'ru')}
              </button>
            ))}
          </div>
          <div className="panel-row">
            <button
              type="button"
              className="panel-button"
              onClick={() => void run('emulator:insertFake')}
            >
              Фальшивая купюра
            </button>
            <label className="panel-select">
              Новая серия:{' '}
              <select
                value={chosenSeries ?? ''}
                onChange={(event) => setNewSeriesKopecks(Number(event.target.value))}
              >
                {table.map((entry) => (
                  <option key={entry.billType} value={entry.noteKopecks}>
                    {formatRubles(entry.noteKopecks, 'ru')}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="panel-button"
              disabled={chosenSeries === null}
              onClick={() => void run('emulator:insertNewSeries', { noteKopecks: chosenSeries })}
            >
              Вставить новую серию
            </button>
          </div>
          <div className="panel-row">
            <button type="button" className="panel-button" onClick={() => void run('emulator:jam')}>
              Замять купюру
            </button>
            <button
              type="button"
              className="panel-button"
              onClick={() => void run('emulator:clearJam')}
            >
              Устранить замятие
            </button>
            <button
              type="button"
              className="panel-button"
              onClick={() => void run('emulator:removeCassette')}
            >
              Снять кассету
            </button>
            <button
              type="button"
              className="panel-button"
              onClick={() => void run('emulator:insertCassette')}
            >
              Вставить кассету
            </button>
            <button
              type="button"
              className="panel-button"
              onClick={() => void run('emulator:powerCycle')}
            >
              Перезапуск питания
            </button>
          </div>
          <h3>Кассета</h3>
          <table className="panel-table" data-testid="cassette">
            <thead>
              <tr>
                <th>Номинал</th>
                <th>Штук</th>
              </tr>
            </thead>
            <tbody>
              {acceptor?.cassette.notes.map((row) => (
                <tr key={row.noteKopecks}>
                  <td>{formatRubles(row.noteKopecks, 'ru')}</td>
                  <td>{row.count}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th>Итого {acceptor ? formatRubles(acceptor.cassette.totalKopecks, 'ru') : '—'}</th>
                <th>{acceptor?.cassette.count ?? 0}</th>
              </tr>
            </tfoot>
          </table>
          <h3>Журнал устройства</h3>
          <pre className="panel-log">{acceptor?.log.join('\n') ?? ''}</pre>
        </section>

        <section className="panel-card" aria-labelledby="printer-title">
          <h2 id="printer-title">Принтер чеков</h2>
          <p className="panel-state" data-testid="printer-state">
            Бумага: <b>{printer?.paper ?? '—'}</b> · крышка{' '}
            {printer?.coverOpen ? 'открыта' : 'закрыта'}
            {printer?.offline && ' · НЕ В СЕТИ'}
          </p>
          <div className="panel-row">
            <button
              type="button"
              className="panel-button"
              onClick={() => void run('printer:setState', { paper: 'ok' })}
            >
              Бумага есть
            </button>
            <button
              type="button"
              className="panel-button"
              onClick={() => void run('printer:setState', { paper: 'near-end' })}
            >
              Бумага кончается
            </button>
            <button
              type="button"
              className="panel-button"
              onClick={() => void run('printer:setState', { paper: 'out' })}
            >
              Бумаги нет
            </button>
            <button
              type="button"
              className="panel-button"
              onClick={() =>
                void run('printer:setState', { coverOpen: !(printer?.coverOpen ?? false) })
              }
            >
              {printer?.coverOpen ? 'Закрыть крышку' : 'Открыть крышку'}
            </button>
          </div>
          <h3>Отладка</h3>
          <div className="panel-row">
            <button
              type="button"
              className="panel-button"
              onClick={() => void run('test:expireIdle')}
            >
              Истечь таймеры простоя
            </button>
          </div>
          <h3>Напечатанные чеки</h3>
          <div className="panel-receipts" data-testid="receipts">
            {(printer?.receipts ?? []).length === 0 && <p>Пока ни одного.</p>}
            {[...(printer?.receipts ?? [])].reverse().map((receipt) => (
              <figure key={receipt.id} className="panel-receipt" data-testid="receipt">
                {receipt.pngDataUrl ? (
                  <img
                    src={receipt.pngDataUrl}
                    alt={`Чек № ${receipt.id}`}
                    className="panel-strip-image"
                  />
                ) : (
                  <pre className="panel-strip-text">{receipt.text}</pre>
                )}
                <figcaption>
                  Чек № {receipt.id}
                  {receipt.cut ? ' · отрезан' : ' · не отрезан'}
                </figcaption>
              </figure>
            ))}
          </div>
        </section>
      </div>
    </div>
  );
}
