/**
 * Configuration of one terminal (the signed configuration central sends it): the payment
 * terms and support texts as a form, a diff of what would change, then publish against the
 * version shown; the terminal's applied version says when it took effect.
 */
import { useEffect, useState } from 'react';
import { z } from 'zod';
import type { TerminalConfigPatch } from '../../../common/central-wire.ts';
import { ConfigPreviewSchema, FleetSchema } from '../../../common/console-wire.ts';
import type { Session } from '../app.tsx';
import { type ApiProblem, api } from '../api.ts';
import { t } from '../i18n.ts';
import { fieldLabel, fieldValue } from '../words-fleet.ts';
import { useLoad } from '../live.ts';
import { Loading, Page, Problem } from '../parts.tsx';

const ConfigViewSchema = z.object({
  terminalId: z.string(),
  version: z.number().int(),
  appliedVersion: z.number().int().nullable(),
  config: z.record(z.string(), z.unknown()),
});

type Draft = {
  commissionPercent: string;
  commissionMinRubles: string;
  paymentMinRubles: string;
  paymentMaxRubles: string;
  supportPhone: string;
  creditingDaysText: string;
};

const num = (value: unknown) => (typeof value === 'number' ? value : 0);

function draftOf(config: Record<string, unknown>): Draft {
  return {
    commissionPercent: String(num(config.commissionRateBasisPoints) / 100),
    commissionMinRubles: String(num(config.commissionKopecksMin) / 100),
    paymentMinRubles: String(num(config.paymentKopecksMin) / 100),
    paymentMaxRubles: String(num(config.paymentKopecksMax) / 100),
    supportPhone: String(config.supportPhone ?? ''),
    creditingDaysText: String(config.creditingDaysText ?? ''),
  };
}

const cents = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);

function patchOf(draft: Draft): TerminalConfigPatch {
  return {
    commissionRateBasisPoints: cents(draft.commissionPercent),
    commissionKopecksMin: cents(draft.commissionMinRubles),
    paymentKopecksMin: cents(draft.paymentMinRubles),
    paymentKopecksMax: cents(draft.paymentMaxRubles),
    supportPhone: draft.supportPhone.trim(),
    creditingDaysText: draft.creditingDaysText.trim(),
  };
}

function Editor({ terminalId, editable }: { terminalId: string; editable: boolean }) {
  const path = `/v1/console/terminals/${encodeURIComponent(terminalId)}/config`;
  const view = useLoad(
    () => api(path, ConfigViewSchema),
    [terminalId],
    ['config', 'heartbeat'],
    terminalId,
  );
  const [draft, setDraft] = useState<Draft | null>(null);
  const [preview, setPreview] = useState<z.infer<typeof ConfigPreviewSchema> | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [published, setPublished] = useState(false);
  const version = view.data?.version;
  useEffect(() => {
    if (view.data !== null && draft === null) setDraft(draftOf(view.data.config));
  }, [view.data, draft]);
  if (view.data === null || draft === null) {
    return view.problem === null ? <Loading /> : <Problem problem={view.problem} />;
  }
  const field = (key: keyof Draft, inputMode: 'decimal' | 'text' = 'decimal') => (
    <label key={key}>
      {t(`config.${key}`)}
      <input
        name={key}
        inputMode={inputMode}
        value={draft[key]}
        disabled={!editable}
        onChange={(event) => {
          setDraft({ ...draft, [key]: event.target.value });
          setPreview(null);
          setPublished(false);
        }}
      />
    </label>
  );
  const askPreview = async () => {
    const result = await api(`${path}/preview`, ConfigPreviewSchema, {
      method: 'POST',
      body: { patch: patchOf(draft) },
    });
    setPreview(result.ok ? result.value : null);
    setProblem(result.ok ? null : result.error);
  };
  const publish = async () => {
    const body = { patch: patchOf(draft), expectedVersion: preview?.version ?? version };
    const result = await api(path, ConfigViewSchema, { method: 'POST', body });
    setProblem(result.ok ? null : result.error);
    if (result.ok) {
      setPublished(true);
      setPreview(null);
      view.reload();
    }
  };
  return (
    <>
      <p>
        {t('currentVersion')}: <strong>{view.data.version}</strong> · {t('applied')}:{' '}
        <strong>{view.data.appliedVersion ?? '—'}</strong>
      </p>
      <form className="form-grid" onSubmit={(event) => event.preventDefault()}>
        {field('commissionPercent')}
        {field('commissionMinRubles')}
        {field('paymentMinRubles')}
        {field('paymentMaxRubles')}
        {field('supportPhone', 'text')}
        {field('creditingDaysText', 'text')}
        {editable ? (
          <div className="wide">
            <button type="button" onClick={() => void askPreview()}>
              {t('preview')}
            </button>
          </div>
        ) : null}
      </form>
      <Problem problem={problem} />
      {published ? <p className="ok-line">{t('saved')}</p> : null}
      {preview === null ? null : (
        <section aria-label={t('diff')}>
          <h2>{t('diff')}</h2>
          {preview.diff.length === 0 ? <p className="muted">{t('noChanges')}</p> : null}
          {preview.diff.length > 0 ? (
            <table className="grid diff">
              <thead>
                <tr>
                  <th scope="col">{t('field')}</th>
                  <th scope="col">{t('before')}</th>
                  <th scope="col">{t('after')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.diff.map((change) => (
                  <tr key={change.field}>
                    <td>{fieldLabel(t, change.field)}</td>
                    <td className="del">{fieldValue(change.field, change.from)}</td>
                    <td className="ins">{fieldValue(change.field, change.to)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {preview.problem !== null ? <p className="problem">{preview.problem}</p> : null}
          <button
            type="button"
            className="primary"
            disabled={preview.diff.length === 0 || preview.problem !== null}
            onClick={() => void publish()}
          >
            {t('publish')}
          </button>
        </section>
      )}
    </>
  );
}

export function ConfigPage({
  session,
  terminalId,
}: {
  session: Session;
  terminalId: string | null;
}) {
  const fleet = useLoad(() => api('/v1/console/fleet', FleetSchema), []);
  const ids = (fleet.data?.terminals ?? []).map((row) => row.terminalId).sort();
  const chosen = terminalId ?? ids[0] ?? null;
  return (
    <Page title={t('nav.config')} actions={<a href="#/layers/defaults">{t('layers')}</a>}>
      <div className="filters">
        <label>
          {t('chooseTerminal')}
          <select
            data-filter
            value={chosen ?? ''}
            onChange={(event) => {
              window.location.hash = `#/config/${encodeURIComponent(event.target.value)}`;
            }}
          >
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      </div>
      {chosen === null ? (
        <Loading />
      ) : (
        <Editor key={chosen} terminalId={chosen} editable={session.may('config.edit')} />
      )}
    </Page>
  );
}
