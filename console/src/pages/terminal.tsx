/**
 * One terminal: its state now, the state timeline of the last day (from stored heartbeats),
 * recent payments (amounts and status only: no payer or recipient), collections and alerts.
 */
import { TerminalPageSchema } from '../../../common/console-wire.ts';
import { api } from '../api.ts';
import { dateTime, duration, money } from '../format.ts';
import { t } from '../i18n.ts';
import { useLoad } from '../live.ts';
import { Badge, DeviceBadge, Empty, Loading, Page, Problem } from '../parts.tsx';
import type { Session } from '../app.tsx';
import { AlertTable } from './alert-table.tsx';
import { CommandsPanel } from './commands-panel.tsx';
import { stateTone } from './fleet.tsx';

type Segment = { fromMs: number; toMs: number; state: string; reason: string };

function Timeline({ segments }: { segments: Segment[] }) {
  const first = segments[0]?.fromMs ?? 0;
  const last = segments[segments.length - 1]?.toMs ?? 1;
  const span = Math.max(1, last - first);
  return (
    <div className="timeline" role="img" aria-label={t('timeline')}>
      {segments.map((segment) => (
        <span
          key={segment.fromMs}
          className={`seg seg-${segment.state}`}
          style={{ flexGrow: (segment.toMs - segment.fromMs) / span }}
          title={`${dateTime(segment.fromMs)} – ${dateTime(segment.toMs)} ${segment.reason}`}
        />
      ))}
    </div>
  );
}

export function TerminalPage({ terminalId, session }: { terminalId: string; session: Session }) {
  const page = useLoad(
    () => api(`/v1/console/terminals/${encodeURIComponent(terminalId)}`, TerminalPageSchema),
    [terminalId],
    ['heartbeat', 'alert', 'config', 'collection'],
    terminalId,
  );
  const data = page.data;
  return (
    <Page
      title={`${t('terminal')} ${terminalId}`}
      actions={<a href={`#/config/${encodeURIComponent(terminalId)}`}>{t('nav.config')}</a>}
    >
      <Problem problem={page.problem} />
      {data === null ? (
        <Loading />
      ) : (
        <>
          <dl className="facts">
            <div>
              <dt>{t('state')}</dt>
              <dd>
                <Badge tone={stateTone(data.terminal.state)}>
                  {t(`state.${data.terminal.state}`)}
                </Badge>
              </dd>
            </div>
            <div>
              <dt>{t('lastSeen')}</dt>
              <dd>{dateTime(data.terminal.lastHeartbeatAtMs)}</dd>
            </div>
            <div>
              <dt>{t('facility')}</dt>
              <dd>{data.terminal.facilities.map((f) => f.shortName).join(', ') || '—'}</dd>
            </div>
            <div>
              <dt>{t('billAcceptor')}</dt>
              <dd>
                <DeviceBadge device={data.terminal.billAcceptor} />{' '}
                {data.terminal.billAcceptor.detail}
              </dd>
            </div>
            <div>
              <dt>{t('printer')}</dt>
              <dd>
                <DeviceBadge device={data.terminal.printer} /> {t(`paper.${data.terminal.paper}`)}
              </dd>
            </div>
            <div>
              <dt>{t('cassette')}</dt>
              <dd>
                {data.terminal.cassetteNoteCount ?? '—'} {t('notes')} ·{' '}
                {money(data.terminal.cassetteKopecks)}
              </dd>
            </div>
            <div>
              <dt>{t('outbox')}</dt>
              <dd>
                {data.terminal.outboxCount ?? '—'} · {t('oldest')}{' '}
                {duration(data.terminal.outboxOldestAgeMs)}
              </dd>
            </div>
            <div>
              <dt>{t('version')}</dt>
              <dd>{data.terminal.softwareVersion ?? '—'}</dd>
            </div>
            <div>
              <dt>{t('configVersion')}</dt>
              <dd>
                {data.terminal.configVersionCurrent} ({t('applied')}:{' '}
                {data.terminal.configVersionApplied ?? '—'})
              </dd>
            </div>
          </dl>
          <CommandsPanel terminalId={terminalId} canSend={session.may('commands.send')} />
          <h2>{t('timeline')}</h2>
          <Timeline segments={data.timeline} />
          <h2>{t('nav.alerts')}</h2>
          <AlertTable
            alerts={data.alerts}
            canAcknowledge={false}
            onChanged={page.reload}
            showTerminal={false}
          />
          <h2>{t('payments')}</h2>
          <table className="grid" aria-label={t('payments')}>
            <thead>
              <tr>
                <th scope="col">{t('time')}</th>
                <th scope="col">№</th>
                <th scope="col">{t('facility')}</th>
                <th scope="col">{t('amount')}</th>
                <th scope="col">{t('commission')}</th>
                <th scope="col">{t('credited')}</th>
                <th scope="col">{t('status')}</th>
              </tr>
            </thead>
            <tbody>
              {data.payments.length === 0 ? <Empty colSpan={7} /> : null}
              {data.payments.map((payment) => (
                <tr key={payment.transferId}>
                  <td>{dateTime(payment.acceptedAtMs)}</td>
                  <td className="mono">{payment.transferId.slice(-8)}</td>
                  <td>{payment.facilityName}</td>
                  <td className="num">{money(payment.depositedKopecks)}</td>
                  <td className="num">{money(payment.commissionKopecks)}</td>
                  <td className="num">{money(payment.amountKopecks)}</td>
                  <td>{t(`status.${payment.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('collections')}</h2>
          <table className="grid" aria-label={t('collections')}>
            <thead>
              <tr>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('notes')}</th>
                <th scope="col">{t('total')}</th>
                <th scope="col">{t('transfers')}</th>
                <th scope="col">{t('operatorName')}</th>
              </tr>
            </thead>
            <tbody>
              {data.collections.length === 0 ? <Empty colSpan={5} /> : null}
              {data.collections.map((collection) => (
                <tr key={collection.collectionId}>
                  <td>{dateTime(collection.closedAtMs)}</td>
                  <td className="num">{collection.noteCount}</td>
                  <td className="num">{money(collection.totalKopecks)}</td>
                  <td className="num">{collection.transferCount}</td>
                  <td>{collection.operatorName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Page>
  );
}
