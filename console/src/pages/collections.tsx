/** Collections across the fleet in scope, by period and region, with CSV and XLSX export. */
import { useState } from 'react';
import { z } from 'zod';
import { CollectionViewSchema } from '../../../common/console-wire.ts';
import { api, query } from '../api.ts';
import { dateTime, dayInput, dayStartMs, money } from '../format.ts';
import { t } from '../i18n.ts';
import { useLoad } from '../live.ts';
import { Empty, Loading, Page, Problem } from '../parts.tsx';

const DAY_MS = 24 * 60 * 60_000;
const ListSchema = z.object({ collections: z.array(CollectionViewSchema) });

export function CollectionsPage() {
  const [from, setFrom] = useState(dayInput(Date.now() - 30 * DAY_MS));
  const [to, setTo] = useState(dayInput(Date.now()));
  const [region, setRegion] = useState('');
  const fromMs = dayStartMs(from);
  const toDay = dayStartMs(to);
  const params = {
    fromMs,
    toMs: toDay === null ? null : toDay + DAY_MS,
    region: /^[0-9]{2}$/.test(region) ? region : null,
  };
  const list = useLoad(
    () => api(`/v1/console/collections${query(params)}`, ListSchema),
    [from, to, region],
    ['collection'],
  );
  const rows = list.data?.collections ?? [];
  const total = rows.reduce((sum, row) => sum + row.totalKopecks, 0);
  const notes = rows.reduce((sum, row) => sum + row.noteCount, 0);
  const exportHref = (format: 'csv' | 'xlsx') =>
    `/v1/console/collections/export${query({ format, ...params })}`;
  return (
    <Page
      title={t('nav.collections')}
      actions={
        <>
          <a className="button" href={exportHref('csv')} download>
            {t('exportCsv')}
          </a>{' '}
          <a className="button" href={exportHref('xlsx')} download>
            {t('exportXlsx')}
          </a>
        </>
      }
    >
      <div className="filters">
        <label>
          {t('from')}
          <input type="date" data-filter value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('region')}
          <input
            value={region}
            maxLength={2}
            inputMode="numeric"
            placeholder="77"
            onChange={(e) => setRegion(e.target.value)}
          />
        </label>
      </div>
      <Problem problem={list.problem} />
      {list.data === null ? (
        <Loading />
      ) : (
        <table className="grid" aria-label={t('nav.collections')}>
          <thead>
            <tr>
              <th scope="col">{t('time')}</th>
              <th scope="col">{t('terminal')}</th>
              <th scope="col">{t('region')}</th>
              <th scope="col">{t('notes')}</th>
              <th scope="col">{t('total')}</th>
              <th scope="col">{t('transfers')}</th>
              <th scope="col">{t('operatorName')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? <Empty colSpan={7} /> : null}
            {rows.map((row) => (
              <tr key={row.collectionId}>
                <td>{dateTime(row.closedAtMs)}</td>
                <td>
                  <a href={`#/terminal/${encodeURIComponent(row.terminalId)}`}>{row.terminalId}</a>
                </td>
                <td>{row.regionCode ?? '—'}</td>
                <td className="num">{row.noteCount}</td>
                <td className="num">{money(row.totalKopecks)}</td>
                <td className="num">{row.transferCount}</td>
                <td>{row.operatorName ?? '—'}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                {t('total')}
              </th>
              <td className="num">{notes}</td>
              <td className="num">{money(total)}</td>
              <td colSpan={2} />
            </tr>
          </tfoot>
        </table>
      )}
      <p className="muted small">{dateTime(Date.now())}</p>
    </Page>
  );
}
