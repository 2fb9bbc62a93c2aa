/**
 * Letters to the facilities in scope (facility staff; administrators read): the full name and
 * the text to print and hand over, "delivered" once handed over, and the scanned reply written
 * on a paid reply blank (PNG, JPEG or PDF up to 5 MB; central checks the bytes again).
 */
import { useState } from 'react';
import {
  LETTER_REPLY_BYTES_MAX,
  type LetterReplyFile,
  LetterReplyFileSchema,
  type LetterStatus,
} from '../../../common/central-wire-wallet.ts';
import {
  type ConsoleLetter,
  ConsoleLetterListSchema,
  ConsoleLetterSchema,
} from '../../../common/console-wire-letters.ts';
import type { Session } from '../app.tsx';
import { type ApiProblem, api, query } from '../api.ts';
import { dateTime } from '../format.ts';
import { t } from '../i18n.ts';
import { useLoad } from '../live.ts';
import { Badge, Loading, Page, Problem, type Tone } from '../parts.tsx';

const STATUS_TONE: Record<LetterStatus, Tone> = {
  accepted: 'warn',
  delivered: 'muted',
  answered: 'ok',
};

/** The file's bytes as base64, read in the browser (no upload before the check passes). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** What was attached, opened on request (each opening is audited). */
function ReplyView(props: { letter: ConsoleLetter; reply: NonNullable<ConsoleLetter['reply']> }) {
  const [file, setFile] = useState<LetterReplyFile | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const open = async () => {
    const result = await api(
      `/v1/console/letters/${props.letter.letterId}/reply`,
      LetterReplyFileSchema,
    );
    setProblem(result.ok ? null : result.error);
    if (result.ok) setFile(result.value);
  };
  const url = file === null ? null : `data:${file.contentType};base64,${file.dataBase64}`;
  return (
    <div className="letter-reply">
      <p>
        {t('letters.reply')}: {props.reply.contentType}, {Math.ceil(props.reply.sizeBytes / 1024)}{' '}
        KB{' '}
        {url === null ? (
          <button type="button" className="link" onClick={() => void open()}>
            {t('letters.openReply')}
          </button>
        ) : (
          <a href={url} download={file?.fileName}>
            {t('letters.downloadReply')}
          </a>
        )}
      </p>
      {url !== null && file?.contentType !== 'application/pdf' ? (
        <img className="letter-reply-image" src={url} alt={t('letters.reply')} />
      ) : null}
      <Problem problem={problem} />
    </div>
  );
}

function LetterCard(props: { letter: ConsoleLetter; mayHandle: boolean; onChanged: () => void }) {
  const { letter } = props;
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const act = async (path: string, body?: unknown) => {
    setBusy(true);
    const result = await api(
      `/v1/console/letters/${letter.letterId}/${path}`,
      ConsoleLetterSchema,
      {
        method: 'POST',
        ...(body === undefined ? {} : { body }),
      },
    );
    setBusy(false);
    setProblem(result.ok ? null : result.error);
    if (result.ok) props.onChanged();
  };
  const attach = async () => {
    if (file === null) return;
    if (file.size > LETTER_REPLY_BYTES_MAX) {
      setProblem({ status: 413, code: 'file-too-large', message: '' });
      return;
    }
    const dataBase64 = await base64Of(file);
    await act('reply', {
      fileName: file.name.slice(-120) || 'reply',
      contentType: file.type,
      dataBase64,
    });
  };
  const canAttach = props.mayHandle && letter.replyBlanks > 0 && letter.reply === null;
  return (
    <article className="letter" aria-label={letter.recipientName}>
      <header className="letter-head">
        <strong>
          {letter.recipientName}
          {letter.recipientBirthYear === null ? '' : `, ${letter.recipientBirthYear}`}
        </strong>
        <span className="muted">
          {' '}
          · {letter.facilityName} · {dateTime(letter.createdAtMs)}
        </span>
        <Badge tone={STATUS_TONE[letter.status]}>{t(`letters.status.${letter.status}`)}</Badge>
      </header>
      <p className="muted">
        {t('letters.pages')}: {letter.pages} · {t('letters.blanks')}: {letter.replyBlanks}
        {letter.deliveredAtMs === null
          ? ''
          : ` · ${t('letters.deliveredAt')} ${dateTime(letter.deliveredAtMs)}`}
        {letter.answeredAtMs === null
          ? ''
          : ` · ${t('letters.answeredAt')} ${dateTime(letter.answeredAtMs)}`}
      </p>
      <details>
        <summary>{t('letters.text')}</summary>
        <pre className="letter-text">{letter.text}</pre>
      </details>
      {letter.reply === null ? null : <ReplyView letter={letter} reply={letter.reply} />}
      <div className="letter-actions">
        {props.mayHandle && letter.status === 'accepted' ? (
          <button type="button" disabled={busy} onClick={() => void act('delivered')}>
            {t('letters.markDelivered')}
          </button>
        ) : null}
        {canAttach ? (
          <>
            <label>
              {t('letters.replyFile')}
              <input
                type="file"
                accept="image/png,image/jpeg,application/pdf"
                onChange={(event) => setFile(event.target.files?.[0] ?? null)}
              />
            </label>
            <button
              type="button"
              className="primary"
              disabled={busy || file === null}
              onClick={() => void attach()}
            >
              {t('letters.attach')}
            </button>
          </>
        ) : null}
        {props.mayHandle && letter.replyBlanks === 0 ? (
          <span className="muted">{t('letters.noBlanks')}</span>
        ) : null}
      </div>
      <Problem problem={problem} />
    </article>
  );
}

export function LettersPage({ session }: { session: Session }) {
  const [status, setStatus] = useState<LetterStatus | ''>('');
  const list = useLoad(
    () => api(`/v1/console/letters${query({ status: status || null })}`, ConsoleLetterListSchema),
    [status],
  );
  const mayHandle = session.may('letters.handle');
  return (
    <Page title={t('nav.letters')}>
      <div className="filters">
        <label>
          {t('state')}
          <select
            data-filter
            value={status}
            onChange={(event) => setStatus(event.target.value as LetterStatus | '')}
          >
            <option value="">{t('filter.all')}</option>
            <option value="accepted">{t('letters.status.accepted')}</option>
            <option value="delivered">{t('letters.status.delivered')}</option>
            <option value="answered">{t('letters.status.answered')}</option>
          </select>
        </label>
      </div>
      <Problem problem={list.problem} />
      {list.data === null ? (
        <Loading />
      ) : list.data.letters.length === 0 ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        list.data.letters.map((letter) => (
          <LetterCard
            key={letter.letterId}
            letter={letter}
            mayHandle={mayHandle}
            onChanged={list.reload}
          />
        ))
      )}
    </Page>
  );
}
