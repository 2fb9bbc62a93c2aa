/** Questions to the operator's support and their answers. */
import { type FormEvent, useState } from 'react';
import { AnySchema, call, SupportListSchema } from '../api.ts';
import { useT } from '../i18n/i18n.ts';
import { dateTime } from '../money.ts';
import { Loading, Notice, Page, useAction, useLoad } from '../ui.tsx';

export function SupportPage() {
  const { t, language } = useT();
  const { data, failure, reload } = useLoad(
    () => call('GET', '/v1/payer/support-messages', SupportListSchema),
    [],
  );
  const [text, setText] = useState('');
  const action = useAction();
  if (data === null) return <Loading failure={failure} />;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await call('POST', '/v1/payer/support-messages', AnySchema, { body: { text: text.trim() } });
      setText('');
      reload();
    });
  };
  return (
    <Page title={t('support.title')} back="#/">
      <form className="card form" onSubmit={submit}>
        <p className="muted">{t('support.hint')}</p>
        <label className="field">
          <span className="field-label">{t('support.text')}</span>
          <textarea
            name="question"
            rows={4}
            maxLength={2000}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
        <button className="primary" type="submit" disabled={action.busy || text.trim() === ''}>
          {t('common.send')}
        </button>
        <p className="muted small">{t('support.phone')}</p>
      </form>
      {data.messages.length === 0 ? null : (
        <div className="card">
          <ul className="rows">
            {data.messages.map((message) => (
              <li key={message.messageId} className="row column">
                <span className="muted small">{dateTime(message.createdAtMs, language)}</span>
                <p>{message.text}</p>
                {message.reply === null ? (
                  <span className="badge">{t('support.waiting')}</span>
                ) : (
                  <p className="reply">
                    <strong>{t('support.reply')}:</strong> {message.reply}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Page>
  );
}
