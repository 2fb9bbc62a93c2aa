/**
 * Fleet: every terminal the user may see, those needing attention first; filters by region,
 * facility, state and free text; a row opens the terminal (click or Enter). A national fleet
 * is shown a page of rows at a time: ten thousand rows in the document took Chromium tens of
 * seconds to lay out, and the order (attention first) puts what needs an operator on the
 * first page anyway; the filters search every row.
 */
import { useMemo, useState } from 'react';
import { FleetSchema, type FleetRow } from '../../../common/console-wire.ts';
import { api } from '../api.ts';
import { dateTime, duration, money } from '../format.ts';
import { t } from '../i18n.ts';
import { useLoad } from '../live.ts';
import { Badge, DeviceBadge, Empty, Loading, Page, Problem, type Tone } from '../parts.tsx';

const STATES = ['online', 'offline', 'never-seen', 'attention'] as const;
/** Rows on one page of the fleet table. */
export const FLEET_PAGE_ROWS = 100;

export function stateTone(state: FleetRow['state']): Tone {
  if (state === 'online') return 'ok';
  if (state === 'offline') return 'bad';
  return 'muted';
}

function paperTone(paper: FleetRow['paper']): Tone {
  if (paper === 'ok') return 'ok';
  if (paper === 'out') return 'bad';
  if (paper === 'near-end') return 'warn';
  return 'muted';
}

function open(terminalId: string): void {
  window.location.hash = `#/terminal/${encodeURIComponent(terminalId)}`;
}

function Row({ row, nowMs }: { row: FleetRow; nowMs: number }) {
  return (
    <tr
      tabIndex={0}
      className={row.attention > 0 ? 'attention' : undefined}
      onClick={() => open(row.terminalId)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') open(row.terminalId);
      }}
    >
      <td>
        <a href={`#/terminal/${encodeURIComponent(row.terminalId)}`}>{row.terminalId}</a>
        <div className="sub">{row.facilities.map((f) => f.shortName).join(', ')}</div>
      </td>
      <td>{row.regionName ?? '—'}</td>
      <td>
        <Badge tone={stateTone(row.state)}>{t(`state.${row.state}`)}</Badge>
        <div className="sub">
          {row.lastHeartbeatAtMs === null ? '' : duration(nowMs - row.lastHeartbeatAtMs)}
        </div>
      </td>
      <td>
        <DeviceBadge device={row.billAcceptor} />
      </td>
      <td>
        <DeviceBadge device={row.printer} />
      </td>
      <td>
        <Badge tone={paperTone(row.paper)}>{t(`paper.${row.paper}`)}</Badge>
      </td>
      <td className="num">
        {row.cassetteNoteCount ?? '—'} {t('notes')}
        <div className="sub">{money(row.cassetteKopecks)}</div>
        {row.cassetteNearFull ? <Badge tone="warn">{t('nearFull')}</Badge> : null}
      </td>
      <td className="num">
        {row.outboxCount ?? '—'}
        <div className="sub">
          {row.outboxOldestAgeMs === null ? '' : duration(row.outboxOldestAgeMs)}
        </div>
      </td>
      <td>{row.softwareVersion ?? '—'}</td>
      <td className="num">
        {row.configVersionApplied ?? '—'} / {row.configVersionCurrent}
      </td>
      <td className="num">
        {row.openAlerts > 0 ? <Badge tone="bad">{row.openAlerts}</Badge> : '0'}
      </td>
    </tr>
  );
}

export function FleetPage() {
  const [region, setRegion] = useState('');
  const [state, setState] = useState('');
  const [text, setText] = useState('');
  const [pageIndex, setPageIndex] = useState(0);
  const fleet = useLoad(
    () => api('/v1/console/fleet', FleetSchema),
    [],
    ['heartbeat', 'alert', 'config'],
  );
  const rows = fleet.data?.terminals ?? [];
  const regions = useMemo(() => {
    const seen = new Map<string, string>();
    for (const row of rows)
      if (row.regionCode !== null) seen.set(row.regionCode, row.regionName ?? '');
    return [...seen].sort((a, b) => a[1].localeCompare(b[1]));
  }, [rows]);
  const needle = text.trim().toLowerCase();
  const matching = rows.filter(
    (row) =>
      (region === '' || row.regionCode === region) &&
      (state === '' || (state === 'attention' ? row.attention > 0 : row.state === state)) &&
      (needle === '' ||
        row.terminalId.toLowerCase().includes(needle) ||
        row.facilities.some((f) => f.shortName.toLowerCase().includes(needle))),
  );
  const pageCount = Math.max(1, Math.ceil(matching.length / FLEET_PAGE_ROWS));
  // A filter that leaves fewer pages keeps the reader on the last one there is.
  const current = Math.min(pageIndex, pageCount - 1);
  const shown = matching.slice(current * FLEET_PAGE_ROWS, (current + 1) * FLEET_PAGE_ROWS);
  const pager =
    pageCount > 1 ? (
      <nav className="pager" aria-label={t('pages')}>
        <button type="button" disabled={current === 0} onClick={() => setPageIndex(current - 1)}>
          {t('page.previous')}
        </button>
        <span className="muted">
          {t('page')} {current + 1} / {pageCount}
        </span>
        <button
          type="button"
          disabled={current === pageCount - 1}
          onClick={() => setPageIndex(current + 1)}
        >
          {t('page.next')}
        </button>
      </nav>
    ) : null;
  return (
    <Page title={t('nav.fleet')} actions={<span className="muted">{t('live')}</span>}>
      <div className="filters">
        <label>
          {t('filter')}
          <input
            data-filter
            value={text}
            onChange={(event) => {
              setText(event.target.value);
              setPageIndex(0);
            }}
          />
        </label>
        <label>
          {t('region')}
          <select
            value={region}
            onChange={(event) => {
              setRegion(event.target.value);
              setPageIndex(0);
            }}
          >
            <option value="">{t('filter.all')}</option>
            {regions.map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('state')}
          <select
            value={state}
            onChange={(event) => {
              setState(event.target.value);
              setPageIndex(0);
            }}
          >
            <option value="">{t('filter.all')}</option>
            {STATES.map((value) => (
              <option key={value} value={value}>
                {t(`state.${value}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted count">
          {matching.length} / {rows.length}
        </span>
        {pager}
      </div>
      <Problem problem={fleet.problem} />
      {fleet.data === null ? (
        <Loading />
      ) : (
        <table className="grid" aria-label={t('nav.fleet')}>
          <thead>
            <tr>
              <th scope="col">{t('terminal')}</th>
              <th scope="col">{t('region')}</th>
              <th scope="col">{t('state')}</th>
              <th scope="col">{t('billAcceptor')}</th>
              <th scope="col">{t('printer')}</th>
              <th scope="col">{t('paper')}</th>
              <th scope="col">{t('cassette')}</th>
              <th scope="col">{t('outbox')}</th>
              <th scope="col">{t('version')}</th>
              <th scope="col">{t('configVersion')}</th>
              <th scope="col">{t('alertsOpen')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 ? <Empty colSpan={11} /> : null}
            {shown.map((row) => (
              <Row key={row.terminalId} row={row} nowMs={fleet.data?.nowMs ?? 0} />
            ))}
          </tbody>
        </table>
      )}
      {pager}
      <p className="muted small">{dateTime(fleet.data?.nowMs ?? null)}</p>
    </Page>
  );
}
