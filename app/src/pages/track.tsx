/**
 * Track a transfer without logging in: the receipt's QR link (…/t/<id>?c=<code>) pasted or
 * opened, or the transfer number (or the short number of an SMS receipt, its last 8 hex
 * digits) and the check code typed. Central answers only when the code
 * is the receipt's; a wrong code looks exactly like an unknown number.
 */
import { type FormEvent, useEffect, useState } from 'react';
import type { z } from 'zod';
import { call, PublicTransferStatusSchema } from '../api.ts';
import { useApp } from '../app.tsx';
import { type MessageKey, useT } from '../i18n/i18n.ts';
import { dateTime, money } from '../money.ts';
import { Field, Notice, Page, useAction } from '../ui.tsx';

type Status = z.infer<typeof PublicTransferStatusSchema>;
const ID = /([0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})/i;
const SHORT_ID = /^([0-9a-f]{8})$/i;

/** The id and code out of whatever was pasted: a full link, or a bare number. */
export function parseTrackingInput(text: string, codeText: string) {
  // The full id (a link or the paper receipt), or the short id an SMS receipt names.
  const id =
    ID.exec(text)?.[1]?.toLowerCase() ?? SHORT_ID.exec(text.trim())?.[1]?.toLowerCase() ?? null;
  const fromLink = /[?&]c=([A-Za-z0-9-]{8,9})/.exec(text)?.[1] ?? null;
  const code = (codeText.trim() === '' ? (fromLink ?? '') : codeText)
    .toUpperCase()
    .replace(/[\s-]/g, '');
  return { id, code };
}

export function TrackPage(props: { transferId: string | null }) {
  const { t, language } = useT();
  const { loggedIn } = useApp();
  const query = new URLSearchParams(window.location.hash.split('?')[1] ?? '');
  const [link, setLink] = useState(props.transferId ?? '');
  const [code, setCode] = useState(query.get('c') ?? '');
  const [status, setStatus] = useState<Status | null>(null);
  const action = useAction();
  const show = (linkText: string, codeText: string) => {
    const parsed = parseTrackingInput(linkText, codeText);
    void action.run(async () => {
      setStatus(null);
      if (parsed.id === null || parsed.code.length !== 8) {
        action.setFailure('track.notFound');
        return;
      }
      try {
        const found = await call(
          'GET',
          `/v1/public/tracking/${parsed.id}?c=${encodeURIComponent(parsed.code)}`,
          PublicTransferStatusSchema,
          { auth: false },
        );
        setStatus(found);
      } catch {
        action.setFailure('track.notFound');
      }
    });
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: opened from a link: look it up once
  useEffect(() => {
    if (props.transferId !== null && code !== '') show(props.transferId, code);
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    show(link, code);
  };
  return (
    <div className={loggedIn ? '' : 'public'}>
      <Page title={t('track.title')} back={loggedIn ? '#/' : '#/login'}>
        <form className="card form" onSubmit={submit}>
          <p className="muted">{t('track.hint')}</p>
          <Field label={t('track.link')} name="link" value={link} onChange={setLink} />
          <Field
            label={t('track.code')}
            name="code"
            maxLength={9}
            value={code}
            onChange={setCode}
          />
          {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
          <button className="primary" type="submit" disabled={action.busy}>
            {t('track.find')}
          </button>
        </form>
        {status === null ? null : (
          <div className="card stack" data-testid="tracked">
            <p>
              <strong>
                {status.recipientMasked}: {money(status.amountKopecks, language)} {t('common.rub')}
              </strong>
            </p>
            <ol className="steps">
              {(['accepted', 'sent', 'credited', 'returned'] as const).map((step) => {
                const atMs = status[`${step}AtMs` as const];
                if (step === 'returned' && atMs === null) return null;
                return (
                  <li key={step} className={atMs === null ? 'step' : 'step step-done'}>
                    <span>{t(`track.${step}` as MessageKey)}</span>
                    <span className="muted small">
                      {atMs === null ? '—' : dateTime(atMs, language)}
                    </span>
                  </li>
                );
              })}
            </ol>
          </div>
        )}
      </Page>
    </div>
  );
}
