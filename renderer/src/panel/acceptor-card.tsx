import { useState } from 'react';
import type { EmulatorSnapshot } from '../../../common/contract.ts';
import { formatRubles } from '../i18n/money-format.ts';
import { t } from '../i18n/operator.ts';
import type { RunCommand } from './panel-client.ts';

type Acceptor = EmulatorSnapshot['acceptor'];

/** The bill acceptor: insert notes (real, fake, new series), faults, and the cassette. */
export function AcceptorCard(props: { acceptor: Acceptor | undefined; run: RunCommand }) {
  const { acceptor, run } = props;
  const table = acceptor?.billTable ?? [];
  return (
    <section className="panel-card" aria-labelledby="acceptor-title">
      <h2 id="acceptor-title">{t('panel.acceptor')}</h2>
      <p className="panel-state" data-testid="acceptor-state">
        {t('panel.state')} <b>{acceptor?.state ?? '—'}</b>
        {acceptor && (
          <>
            {' '}
            · {t(acceptor.enabled ? 'panel.enabled' : 'panel.disabled')}
            {acceptor.jammed && ` · ${t('panel.jammed')}`}
            {!acceptor.cassettePresent && ` · ${t('panel.cassetteOut')}`}
          </>
        )}
      </p>
      <h3>{t('panel.insertNote')}</h3>
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
      <OddNotes table={table} run={run} />
      <div className="panel-row">
        <PanelButton label={t('panel.jam')} onClick={() => run('emulator:jam')} />
        <PanelButton label={t('panel.clearJam')} onClick={() => run('emulator:clearJam')} />
        <PanelButton
          label={t('panel.removeCassette')}
          onClick={() => run('emulator:removeCassette')}
        />
        <PanelButton
          label={t('panel.insertCassette')}
          onClick={() => run('emulator:insertCassette')}
        />
        <PanelButton label={t('panel.powerCycle')} onClick={() => run('emulator:powerCycle')} />
      </div>
      <Cassette acceptor={acceptor} />
      <h3>{t('panel.deviceLog')}</h3>
      <pre className="panel-log">{acceptor?.log.join('\n') ?? ''}</pre>
    </section>
  );
}

export function PanelButton(props: { label: string; onClick: () => Promise<void> }) {
  return (
    <button type="button" className="panel-button" onClick={() => void props.onClick()}>
      {props.label}
    </button>
  );
}

/** A fake note, and a note of a new series the acceptor's firmware may not know. */
function OddNotes(props: { table: Acceptor['billTable']; run: RunCommand }) {
  const [chosen, setChosen] = useState<number | null>(null);
  const series = chosen ?? props.table.at(-1)?.noteKopecks ?? null;
  return (
    <div className="panel-row">
      <PanelButton label={t('panel.fake')} onClick={() => props.run('emulator:insertFake')} />
      <label className="panel-select">
        {t('panel.newSeries')}{' '}
        <select value={series ?? ''} onChange={(event) => setChosen(Number(event.target.value))}>
          {props.table.map((entry) => (
            <option key={entry.billType} value={entry.noteKopecks}>
              {formatRubles(entry.noteKopecks, 'ru')}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="panel-button"
        disabled={series === null}
        onClick={() => void props.run('emulator:insertNewSeries', { noteKopecks: series })}
      >
        {t('panel.insertNewSeries')}
      </button>
    </div>
  );
}

function Cassette(props: { acceptor: Acceptor | undefined }) {
  const { acceptor } = props;
  return (
    <>
      <h3>{t('panel.cassette')}</h3>
      <table className="panel-table" data-testid="cassette">
        <thead>
          <tr>
            <th>{t('panel.note')}</th>
            <th>{t('panel.pieces')}</th>
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
            <th>
              {t('panel.total', {
                sum: acceptor ? formatRubles(acceptor.cassette.totalKopecks, 'ru') : '—',
              })}
            </th>
            <th>{acceptor?.cassette.count ?? 0}</th>
          </tr>
        </tfoot>
      </table>
    </>
  );
}
