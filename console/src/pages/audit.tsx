/** The audit log (administrators): every login, failed login, change and acknowledgement. */
import { useState } from 'react';
import { z } from 'zod';
import { type AuditEntry, AuditEntrySchema } from '../../../common/console-wire.ts';
import { type ApiProblem, api, query } from '../api.ts';
import { dateTime } from '../format.ts';
import { t } from '../i18n.ts';
import { useLoad } from '../live.ts';
import { Empty, Loading, Page, Problem } from '../parts.tsx';

const PageSchema = z.object({ entries: z.array(AuditEntrySchema) });
const PAGE_SIZE = 100;

export function AuditPage() {
  const [action, setAction] = useState('');
  const [login, setLogin] = useState('');
  const [more, setMore] = useState<AuditEntry[]>([]);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const filter = { action: action.trim() || null, login: login.trim() || null, limit: PAGE_SIZE };
  const first = useLoad(() => {
    setMore([]);
    return api(`/v1/console/audit${query(filter)}`, PageSchema);
  }, [action, login]);
  const entries = [...(first.data?.entries ?? []), ...more];
  const loadMore = async () => {
    const beforeId = entries[entries.length - 1]?.auditId;
    const result = await api(`/v1/console/audit${query({ ...filter, beforeId })}`, PageSchema);
    if (result.ok) setMore([...more, ...result.value.entries]);
    setProblem(result.ok ? null : result.error);
  };
  return (
    <Page title={t('nav.audit')}>
      <div className="filters">
        <label>
          {t('action')}
          <input data-filter value={action} onChange={(e) => setAction(e.target.value)} />
        </label>
        <label>
          {t('login')}
          <input value={login} onChange={(e) => setLogin(e.target.value)} />
        </label>
      </div>
      <Problem problem={first.problem ?? problem} />
      {first.data === null ? (
        <Loading />
      ) : (
        <table className="grid" aria-label={t('nav.audit')}>
          <thead>
            <tr>
              <th scope="col">{t('time')}</th>
              <th scope="col">{t('login')}</th>
              <th scope="col">{t('action')}</th>
              <th scope="col">{t('target')}</th>
              <th scope="col">{t('details')}</th>
              <th scope="col">{t('address')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 ? <Empty colSpan={6} /> : null}
            {entries.map((entry) => (
              <tr key={entry.auditId}>
                <td>{dateTime(entry.atMs)}</td>
                <td>{entry.login}</td>
                <td className="mono">{entry.action}</td>
                <td>{entry.target}</td>
                <td className="mono detail">{JSON.stringify(entry.detail)}</td>
                <td className="mono">{entry.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.length > 0 && entries.length % PAGE_SIZE === 0 ? (
        <button type="button" onClick={() => void loadMore()}>
          {t('loadMore')}
        </button>
      ) : null}
    </Page>
  );
}
