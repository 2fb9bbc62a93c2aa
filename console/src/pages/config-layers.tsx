/**
 * Configuration by layer (docs/CONSOLE.md "Configuration"): all terminals, a region, a group
 * or one terminal. The form shows every field a console user may set with the values in force
 * for the layer; "Show changes" lists, per terminal the layer reaches, the effective values
 * before and after under the fields' labels, with its current and applied versions.
 */
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import {
  GroupListSchema,
  LayerPreviewSchema,
  LayerViewSchema,
} from '../../../common/console-wire-fleet.ts';
import { FleetSchema } from '../../../common/console-wire.ts';
import type { Session } from '../app.tsx';
import { type ApiProblem, api } from '../api.ts';
import { t } from '../i18n.ts';
import { useLoad } from '../live.ts';
import { Loading, Page, Problem } from '../parts.tsx';
import { fieldLabel, fieldValue } from '../words-fleet.ts';
import { LayerFields, type Values } from './config-fields.tsx';
import { GroupsForm } from './groups-form.tsx';

type Preview = z.infer<typeof LayerPreviewSchema>;

function LayerEditor({ layer, editable }: { layer: string; editable: boolean }) {
  const path = `/v1/console/config/layers/${encodeURIComponent(layer)}`;
  const view = useLoad(() => api(path, LayerViewSchema), [layer], ['config']);
  const [values, setValues] = useState<Values | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [published, setPublished] = useState(false);
  useEffect(() => {
    if (view.data !== null && values === null) {
      setValues({ ...view.data.inherited, ...view.data.overrides });
    }
  }, [view.data, values]);
  if (view.data === null || values === null) {
    return view.problem === null ? <Loading /> : <Problem problem={view.problem} />;
  }
  const overridden = new Set(Object.keys(view.data.overrides));
  const change = (next: Values) => {
    setValues(next);
    setPreview(null);
    setPublished(false);
  };
  const askPreview = async () => {
    const result = await api(`${path}/preview`, LayerPreviewSchema, {
      method: 'POST',
      body: { values },
    });
    setPreview(result.ok ? result.value : null);
    setProblem(result.ok ? null : result.error);
  };
  const publish = async () => {
    const body = { values, expectedVersion: preview?.version ?? view.data?.version ?? 0 };
    const result = await api(path, LayerViewSchema.pick({ layer: true, version: true }), {
      method: 'POST',
      body,
    });
    setProblem(result.ok ? null : result.error);
    if (result.ok) {
      setPublished(true);
      setPreview(null);
      view.reload();
    }
  };
  const refused = preview?.terminals.some((terminal) => terminal.problem !== null) ?? false;
  const changes = preview?.terminals.reduce((n, terminal) => n + terminal.diff.length, 0) ?? 0;
  return (
    <>
      <p>
        {t('currentVersion')}: <strong>{view.data.version}</strong> · {t('nav.fleet')}:{' '}
        {view.data.terminals.join(', ') || '—'}
      </p>
      <LayerFields values={values} overridden={overridden} editable={editable} onChange={change} />
      {editable ? (
        <p>
          <button type="button" onClick={() => void askPreview()}>
            {t('preview')}
          </button>
        </p>
      ) : null}
      <Problem problem={problem} />
      {published ? <p className="ok-line">{t('saved')}</p> : null}
      {preview === null ? null : (
        <section aria-label={t('diff')}>
          <h2>{t('effective')}</h2>
          {changes === 0 ? <p className="muted">{t('noChanges')}</p> : null}
          <table className="grid diff">
            <thead>
              <tr>
                <th scope="col">{t('terminal')}</th>
                <th scope="col">{t('configVersion')}</th>
                <th scope="col">{t('field')}</th>
                <th scope="col">{t('before')}</th>
                <th scope="col">{t('after')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.terminals.flatMap((terminal) =>
                terminal.diff.map((row, index) => (
                  <tr key={`${terminal.terminalId}-${row.field}`}>
                    <td>{index === 0 ? terminal.terminalId : ''}</td>
                    <td>
                      {index === 0
                        ? `${terminal.currentVersion} (${t('applied')}: ${terminal.appliedVersion ?? '—'})`
                        : ''}
                    </td>
                    <td>{fieldLabel(t, row.field)}</td>
                    <td className="del">{fieldValue(row.field, row.from)}</td>
                    <td className="ins">{fieldValue(row.field, row.to)}</td>
                  </tr>
                )),
              )}
            </tbody>
          </table>
          {preview.terminals
            .filter((terminal) => terminal.problem !== null)
            .map((terminal) => (
              <p key={terminal.terminalId} className="problem">
                {terminal.terminalId}: {terminal.problem}
              </p>
            ))}
          <button
            type="button"
            className="primary"
            disabled={changes === 0 || refused}
            onClick={() => void publish()}
          >
            {t('publish')}
          </button>
        </section>
      )}
    </>
  );
}

export function LayersPage({ session, layer }: { session: Session; layer: string | null }) {
  const fleet = useLoad(() => api('/v1/console/fleet', FleetSchema), []);
  const groups = useLoad(() => api('/v1/console/groups', GroupListSchema), []);
  const rows = fleet.data?.terminals ?? [];
  const regions = [...new Map(rows.map((row) => [row.regionCode, row.regionName])).entries()]
    .filter((entry): entry is [string, string | null] => entry[0] !== null)
    .sort();
  const options: [string, string][] = [
    ['defaults', t('layer.defaults')],
    ...regions.map(([code, name]): [string, string] => [
      `region:${code}`,
      `${t('layer.region')} ${code} ${name ?? ''}`,
    ]),
    ...(groups.data?.groups ?? []).map((group): [string, string] => [
      `group:${group.groupId}`,
      `${t('layer.group')} ${group.name}`,
    ]),
    ...rows.map((row): [string, string] => [
      `terminal:${row.terminalId}`,
      `${t('layer.terminal')} ${row.terminalId}`,
    ]),
  ];
  const chosen = layer ?? 'defaults';
  return (
    <Page title={t('nav.config')} actions={<a href="#/config">{t('layer.terminal')}</a>}>
      <div className="filters">
        <label>
          {t('layer')}
          <select
            data-filter
            name="layer"
            value={chosen}
            onChange={(event) => {
              window.location.hash = `#/layers/${encodeURIComponent(event.target.value)}`;
            }}
          >
            {options.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <LayerEditor key={chosen} layer={chosen} editable={session.may('config.edit')} />
      {session.may('config.edit') ? (
        <section aria-label={t('groups')}>
          <h2>{t('groups')}</h2>
          <p className="muted">
            {(groups.data?.groups ?? [])
              .map((group) => `${group.name}: ${group.terminals.join(', ') || '—'}`)
              .join(' · ') || t('empty')}
          </p>
          <GroupsForm
            onSaved={(groupId) => {
              groups.reload();
              window.location.hash = `#/layers/${encodeURIComponent(`group:${groupId}`)}`;
            }}
          />
        </section>
      ) : null}
    </Page>
  );
}
