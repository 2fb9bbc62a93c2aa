/**
 * Letters: write one to a recipient found by search (or a template), paid from the wallet,
 * with reply blanks the recipient writes the answer on; follow each letter (accepted →
 * delivered → answered) and open the scanned reply. The reply is personal: it is fetched with
 * the session like every call (never cached: the worker does not touch /v1/, and the request
 * says no-store) and kept in memory only while the page shows it.
 */
import { useId, useState } from 'react';
import type { z } from 'zod';
import { LetterReplyFileSchema, LetterSchema } from '../../../common/central-wire.ts';
import { letterQuote } from '../../../common/letter.ts';
import { call, HistorySchema, ProfileSchema, uuidV7 } from '../api.ts';
import { go, useApp } from '../app.tsx';
import { type MessageKey, useT } from '../i18n/i18n.ts';
import { dateTime, money } from '../money.ts';
import { Loading, Notice, Page, Select, useAction, useLoad } from '../ui.tsx';

const TEXT_CHARS_MAX = 20_000;
const BLANKS_MAX = 5;
type Letter = z.infer<typeof LetterSchema>;
type ReplyFile = z.infer<typeof LetterReplyFileSchema>;

export function LetterWritePage() {
  const { t, language } = useT();
  const { recipient } = useApp();
  const textId = useId();
  const profile = useLoad(() => call('GET', '/v1/payer/profile', ProfileSchema), []);
  const [text, setText] = useState('');
  const [blanks, setBlanks] = useState('1');
  const action = useAction();
  if (recipient === null) {
    window.location.hash = '#/find';
    return null;
  }
  if (profile.data === null) return <Loading failure={profile.failure} />;
  const replyBlanks = Number(blanks);
  const quote = letterQuote(text, replyBlanks);
  const poor = quote.priceKopecks > profile.data.walletKopecks;
  const send = () =>
    action.run(async () => {
      const letterId = uuidV7();
      const body = {
        letterId,
        inmateRef: recipient.inmateRef,
        text,
        replyBlanks,
        paidFrom: 'wallet',
        kioskCreatedAtMs: Date.now(),
      };
      await call('POST', '/v1/payer/letters', LetterSchema, { body, key: letterId });
      go('#/letters');
    });
  return (
    <Page title={t('letter.title')} back="#/find">
      <div className="card recipient">
        <span className="muted">{t('letter.to')}</span>
        <strong>
          {recipient.maskedName}, {recipient.birthYear}
        </strong>
        <span className="muted">{recipient.facilityName}</span>
      </div>
      <div className="card">
        <label className="field" htmlFor={textId}>
          <span className="field-label">{t('letter.text')}</span>
          <textarea
            id={textId}
            name="letterText"
            rows={10}
            maxLength={TEXT_CHARS_MAX}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </label>
        <Select
          label={t('letter.blanks')}
          name="replyBlanks"
          value={blanks}
          onChange={setBlanks}
          options={Array.from({ length: BLANKS_MAX + 1 }, (_, count) => ({
            value: String(count),
            label: String(count),
          }))}
        />
        <p className="muted small">{t('letter.blanksHint')}</p>
        <p>
          {t('letter.price', {
            pages: quote.pages,
            price: money(quote.priceKopecks, language),
          })}
        </p>
        <p className="muted small">
          {t('letter.wallet', { balance: money(profile.data.walletKopecks, language) })}
        </p>
        {poor ? <Notice kind="warn">{t('letter.poor')}</Notice> : null}
        {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
        <button
          type="button"
          className="primary"
          disabled={action.busy || text.trim() === '' || poor}
          onClick={() => void send()}
        >
          {t('letter.send')}
        </button>
      </div>
    </Page>
  );
}

/**
 * The reply as a data: URL: the page's content security policy allows images from itself and
 * data: only (no blob:), and the bytes are already here, in memory, for as long as it is shown.
 */
function replyUrl(file: ReplyFile | null): string | null {
  return file === null ? null : `data:${file.contentType};base64,${file.dataBase64}`;
}

function Reply(props: { letterId: string }) {
  const { t } = useT();
  const [file, setFile] = useState<ReplyFile | null>(null);
  const action = useAction();
  const url = replyUrl(file);
  const open = () =>
    action.run(async () => {
      setFile(
        await call('GET', `/v1/payer/letters/${props.letterId}/reply`, LetterReplyFileSchema),
      );
    });
  if (file === null || url === null) {
    return (
      <>
        {action.failure === null ? null : <Notice kind="error">{t(action.failure)}</Notice>}
        <button
          type="button"
          className="primary"
          disabled={action.busy}
          onClick={() => void open()}
        >
          {t('letters.showReply')}
        </button>
      </>
    );
  }
  return (
    <div className="reply">
      {file.contentType === 'application/pdf' ? (
        <p className="muted small">{t('letters.replyPdf')}</p>
      ) : (
        <img src={url} alt={t('letters.replyAlt')} className="reply-image" />
      )}
      <a className="button" href={url} download={file.fileName}>
        {t('letters.download')}
      </a>
    </div>
  );
}

function LetterRow(props: { letter: Letter }) {
  const { t, language } = useT();
  const { letter } = props;
  return (
    <li className="row letter-row">
      <div className="row-main">
        <strong>{letter.recipientMasked}</strong>
        <span className="muted small">
          {letter.facilityName} · {dateTime(letter.createdAtMs, language)}
        </span>
        <span className="muted small">
          {t('letters.blanksCount', { count: letter.replyBlanks })} ·{' '}
          {money(letter.priceKopecks, language)} {t('common.rub')}
        </span>
        <span className={`badge badge-${letter.status}`}>
          {t(`letters.status.${letter.status}` as MessageKey)}
        </span>
        {letter.status === 'answered' && letter.reply !== null && letter.reply !== undefined ? (
          <Reply letterId={letter.letterId} />
        ) : null}
      </div>
    </li>
  );
}

export function LettersPage() {
  const { t } = useT();
  const { data, failure } = useLoad(() => call('GET', '/v1/payer/history', HistorySchema), []);
  if (data === null) return <Loading failure={failure} />;
  return (
    <Page title={t('letters.title')} back="#/">
      <div className="card">
        <p className="muted small">{t('letters.hint')}</p>
        <a className="button primary" href="#/find">
          {t('letters.write')}
        </a>
      </div>
      <div className="card">
        {data.letters.length === 0 ? <p className="muted">{t('letters.none')}</p> : null}
        <ul className="rows">
          {data.letters.map((letter) => (
            <LetterRow key={letter.letterId} letter={letter} />
          ))}
        </ul>
      </div>
    </Page>
  );
}
