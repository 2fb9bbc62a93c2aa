/** Saved recipients: pay again in two taps, or delete. */
import { AnySchema, call, TemplateRecipientsSchema } from '../api.ts';
import { go, useApp } from '../app.tsx';
import { useT } from '../i18n/i18n.ts';
import { money } from '../money.ts';
import { Loading, Notice, Page, useAction, useLoad } from '../ui.tsx';

export function TemplatesPage() {
  const { t, language } = useT();
  const { choose } = useApp();
  const { data, failure, reload } = useLoad(
    () => call('GET', '/v1/payer/template-recipients', TemplateRecipientsSchema),
    [],
  );
  const action = useAction();
  if (data === null) return <Loading failure={failure} />;
  return (
    <Page title={t('templates.title')} back="#/">
      <div className="card">
        {data.templates.length === 0 ? <p className="muted">{t('templates.none')}</p> : null}
        <ul className="rows">
          {data.templates.map((template) => (
            <li key={template.templateId} className="row">
              <div className="row-main">
                <strong>{template.label}</strong>
                <span className="muted small">
                  {template.recipientMasked}, {template.birthYear} · {template.facilityName}
                </span>
                {template.amountKopecks === null ? null : (
                  <span className="small">
                    {money(template.amountKopecks, language)} {t('common.rub')}
                  </span>
                )}
              </div>
              <div className="row-side">
                <button
                  type="button"
                  className="primary"
                  onClick={() => {
                    choose({
                      inmateRef: template.inmateRef,
                      maskedName: template.recipientMasked,
                      birthYear: template.birthYear,
                      facilityName: template.facilityName,
                      amountKopecks: template.amountKopecks,
                    });
                    go('#/pay');
                  }}
                >
                  {t('templates.pay')}
                </button>
                <button
                  type="button"
                  className="quiet"
                  disabled={action.busy}
                  onClick={() =>
                    void action.run(async () => {
                      await call(
                        'POST',
                        `/v1/payer/templates/${template.templateId}/delete`,
                        AnySchema,
                      );
                      reload();
                    })
                  }
                >
                  {t('templates.delete')}
                </button>
              </div>
            </li>
          ))}
        </ul>
        {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
      </div>
    </Page>
  );
}
