/** Alerts across the fleet in scope, with acknowledgement, and the rules that raise them. */
import { useState } from 'react';
import {
  AlertListSchema,
  type AlertRules,
  AlertRulesSchema,
} from '../../../common/console-wire.ts';
import type { Session } from '../app.tsx';
import { type ApiProblem, api, query } from '../api.ts';
import { t } from '../i18n.ts';
import { useLoad } from '../live.ts';
import { Loading, Page, Problem } from '../parts.tsx';
import { AlertTable } from './alert-table.tsx';

const NUMBERS = [
  'offlineSeconds',
  'cassetteCapacityNotes',
  'cassetteNearFullPercent',
  'outboxStaleMinutes',
] as const;
const SWITCHES = ['paperNearEnd', 'paperOut', 'deviceFault', 'emailEnabled'] as const;

function RulesForm({ rules, editable }: { rules: AlertRules; editable: boolean }) {
  const [draft, setDraft] = useState(rules);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saved, setSaved] = useState(false);
  const save = async () => {
    const result = await api('/v1/console/alert-rules', AlertRulesSchema, {
      method: 'POST',
      body: draft,
    });
    setSaved(result.ok);
    setProblem(result.ok ? null : result.error);
  };
  return (
    <form
      className="form-grid"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {NUMBERS.map((key) => (
        <label key={key}>
          {t(`rules.${key}`)}
          <input
            type="number"
            value={draft[key]}
            disabled={!editable}
            onChange={(event) => setDraft({ ...draft, [key]: Number(event.target.value) })}
          />
        </label>
      ))}
      {SWITCHES.map((key) => (
        <label key={key} className="check">
          <input
            type="checkbox"
            checked={draft[key]}
            disabled={!editable}
            onChange={(event) => setDraft({ ...draft, [key]: event.target.checked })}
          />
          {t(`rules.${key}`)}
        </label>
      ))}
      <label className="wide">
        {t('rules.webhookUrl')}
        <input
          type="url"
          value={draft.webhookUrl ?? ''}
          disabled={!editable}
          onChange={(event) =>
            setDraft({
              ...draft,
              webhookUrl: event.target.value === '' ? null : event.target.value,
            })
          }
        />
      </label>
      {editable ? (
        <div className="wide">
          <button type="submit" className="primary">
            {t('save')}
          </button>{' '}
          {saved ? <span className="muted">{t('saved')}</span> : null}
          <Problem problem={problem} />
        </div>
      ) : null}
    </form>
  );
}

export function AlertsPage({ session }: { session: Session }) {
  const [showAll, setShowAll] = useState(false);
  const alerts = useLoad(
    () => api(`/v1/console/alerts${query({ state: showAll ? 'all' : 'open' })}`, AlertListSchema),
    [showAll],
    ['alert'],
  );
  const rules = useLoad(() => api('/v1/console/alert-rules', AlertRulesSchema), []);
  return (
    <Page
      title={t('nav.alerts')}
      actions={
        <label className="check">
          <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          {t('showAll')}
        </label>
      }
    >
      <Problem problem={alerts.problem} />
      {alerts.data === null ? (
        <Loading />
      ) : (
        <AlertTable
          alerts={alerts.data.alerts}
          canAcknowledge={session.may('alerts.acknowledge')}
          onChanged={alerts.reload}
        />
      )}
      <h2>{t('rules')}</h2>
      {rules.data === null ? (
        <Loading />
      ) : (
        <RulesForm rules={rules.data} editable={session.may('rules.edit')} />
      )}
    </Page>
  );
}
