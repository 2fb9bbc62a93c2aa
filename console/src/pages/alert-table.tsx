/** A table of alerts with the acknowledge action (for roles that may take alerts). */
import { useState } from 'react';
import { type AlertView, AlertViewSchema } from '../../../common/console-wire.ts';
import { type ApiProblem, api } from '../api.ts';
import { dateTime } from '../format.ts';
import { t } from '../i18n.ts';
import { alertText } from '../words-fleet.ts';
import { Badge, Empty, Problem } from '../parts.tsx';

function Acknowledge({ alert, onDone }: { alert: AlertView; onDone: () => void }) {
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const submit = async () => {
    const path = `/v1/console/alerts/${encodeURIComponent(alert.alertId)}/acknowledge`;
    const result = await api(path, AlertViewSchema, { method: 'POST', body: { note } });
    if (result.ok) onDone();
    else setProblem(result.error);
  };
  return (
    <form
      className="inline"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <input
        aria-label={`${t('note')} ${alert.terminalId}`}
        placeholder={t('note')}
        value={note}
        maxLength={500}
        onChange={(event) => setNote(event.target.value)}
      />
      <button type="submit">{t('acknowledge')}</button>
      <Problem problem={problem} />
    </form>
  );
}

export function AlertTable({
  alerts,
  canAcknowledge,
  onChanged,
  showTerminal = true,
}: {
  alerts: AlertView[];
  canAcknowledge: boolean;
  onChanged: () => void;
  showTerminal?: boolean;
}) {
  const columns = showTerminal ? 6 : 5;
  return (
    <table className="grid" aria-label={t('nav.alerts')}>
      <thead>
        <tr>
          {showTerminal ? <th scope="col">{t('terminal')}</th> : null}
          <th scope="col">{t('nav.alerts')}</th>
          <th scope="col">{t('severity')}</th>
          <th scope="col">{t('opened')}</th>
          <th scope="col">{t('resolved')}</th>
          <th scope="col">{t('acknowledged')}</th>
        </tr>
      </thead>
      <tbody>
        {alerts.length === 0 ? <Empty colSpan={columns} /> : null}
        {alerts.map((alert) => (
          <tr key={alert.alertId} className={alert.resolvedAtMs === null ? 'attention' : undefined}>
            {showTerminal ? (
              <td>
                <a href={`#/terminal/${encodeURIComponent(alert.terminalId)}`}>
                  {alert.terminalId}
                </a>
              </td>
            ) : null}
            <td>
              {t(`kind.${alert.kind}`)}
              <div className="sub">{alertText(t, alert)}</div>
            </td>
            <td>
              <Badge tone={alert.severity === 'critical' ? 'bad' : 'warn'}>
                {t(`severity.${alert.severity}`)}
              </Badge>
            </td>
            <td>{dateTime(alert.openedAtMs)}</td>
            <td>{dateTime(alert.resolvedAtMs)}</td>
            <td>
              {alert.acknowledgedAtMs !== null ? (
                <>
                  {alert.acknowledgedBy} · {dateTime(alert.acknowledgedAtMs)}
                  {alert.note ? <div className="sub">{alert.note}</div> : null}
                </>
              ) : canAcknowledge ? (
                <Acknowledge alert={alert} onDone={onChanged} />
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
