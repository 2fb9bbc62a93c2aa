/**
 * Transfers in the user's scope: searched by id (whole or its last eight hex digits), by the
 * receipt's tracking code, terminal, facility, status and period; each with its lifecycle
 * (accepted → sent → credited | returned). Roles that may (`transfers.credit`) credit or
 * return one by hand — central's own step, audited — and see the sender's name.
 */
import { type FormEvent, useState } from 'react';
import {
  CONSOLE_TRANSFER_STATUSES,
  type ConsoleTransfer,
  ConsoleTransferListSchema,
  ConsoleTransferSchema,
} from '../../../common/console-wire-transfers.ts';
import type { Session } from '../app.tsx';
import { type ApiProblem, api, query } from '../api.ts';
import { dateTime, dayInput, dayStartMs, money } from '../format.ts';
import { t } from '../i18n.ts';
import { useLoad } from '../live.ts';
import { Badge, Empty, Loading, Page, Problem, type Tone } from '../parts.tsx';

const DAY_MS = 24 * 60 * 60_000;

const STATUS_TONE: Record<ConsoleTransfer['status'], Tone> = {
  accepted: 'muted',
  sent: 'warn',
  credited: 'ok',
  returned: 'bad',
};

type Filters = {
  id: string;
  code: string;
  terminal: string;
  facility: string;
  status: string;
  from: string;
  to: string;
};

/** What the form asks central: an id or a code finds one transfer whatever the period. */
function paramsOf(filters: Filters) {
  const id = filters.id.trim();
  const code = filters.code.trim();
  const exact = id !== '' || code !== '';
  const fromMs = dayStartMs(filters.from);
  const toDay = dayStartMs(filters.to);
  return {
    transferId: id === '' ? null : id,
    code: code === '' ? null : code,
    terminalId: filters.terminal.trim() === '' ? null : filters.terminal.trim(),
    facilityId: filters.facility.trim() === '' ? null : filters.facility.trim(),
    status: filters.status === '' ? null : filters.status,
    fromMs: exact ? null : fromMs,
    toMs: exact || toDay === null ? null : toDay + DAY_MS,
  };
}

function Lifecycle({ transfer }: { transfer: ConsoleTransfer }) {
  const last =
    transfer.status === 'returned'
      ? { key: 'status.returned', at: transfer.returnedAtMs }
      : { key: 'status.credited', at: transfer.creditedAtMs };
  const steps = [
    { key: 'status.accepted', at: transfer.acceptedAtMs },
    { key: 'status.sent', at: transfer.sentAtMs },
    last,
  ];
  return (
    <ol className="lifecycle" aria-label={t('transfers.lifecycle')}>
      {steps.map((step) => (
        <li key={step.key} className={step.at === null ? 'pending' : 'done'}>
          <span className="lifecycle-step">{t(step.key)}</span>
          <span className="sub">{step.at === null ? '—' : dateTime(step.at)}</span>
        </li>
      ))}
    </ol>
  );
}

function Detail(props: {
  transfer: ConsoleTransfer;
  session: Session;
  onChanged: (transfer: ConsoleTransfer) => void;
}) {
  const { transfer } = props;
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const open = transfer.status === 'accepted' || transfer.status === 'sent';
  const may = props.session.may('transfers.credit');
  const act = async (step: 'credit' | 'return') => {
    setBusy(true);
    const result = await api(
      `/v1/console/transfers/${transfer.transferId}/${step}`,
      ConsoleTransferSchema,
      { method: 'POST', body: step === 'return' ? { reason: reason.trim() } : {} },
    );
    setBusy(false);
    setProblem(result.ok ? null : result.error);
    if (result.ok) {
      setReason('');
      props.onChanged(result.value);
    }
  };
  return (
    <section className="transfer-detail" aria-labelledby="transfer-detail-title">
      <h2 id="transfer-detail-title">
        {t('transfers.one')} <span className="mono">{transfer.transferId}</span>
      </h2>
      <Lifecycle transfer={transfer} />
      <dl className="transfer-facts">
        <dt>{t('transfers.recipient')}</dt>
        <dd>
          {transfer.recipientMasked}, {transfer.recipientBirthYear}
        </dd>
        {transfer.senderName === null ? null : (
          <>
            <dt>{t('transfers.sender')}</dt>
            <dd>{transfer.senderName}</dd>
          </>
        )}
        <dt>{t('transfers.deposited')}</dt>
        <dd>
          {money(transfer.depositedKopecks)} ({t('commission')} {money(transfer.commissionKopecks)})
        </dd>
        {transfer.returnReason === null ? null : (
          <>
            <dt>{t('transfers.returnReason')}</dt>
            <dd>{transfer.returnReason}</dd>
          </>
        )}
      </dl>
      {may && open ? (
        <form
          className="filters"
          onSubmit={(event) => {
            event.preventDefault();
            void act('return');
          }}
        >
          <button type="button" className="primary" disabled={busy} onClick={() => act('credit')}>
            {t('transfers.credit')}
          </button>
          <label>
            {t('transfers.returnReason')}
            <input
              value={reason}
              maxLength={200}
              onChange={(event) => setReason(event.target.value)}
            />
          </label>
          <button type="submit" disabled={busy || reason.trim() === ''}>
            {t('transfers.return')}
          </button>
        </form>
      ) : null}
      <Problem problem={problem} />
    </section>
  );
}

export function TransfersPage({ session }: { session: Session }) {
  const blank: Filters = {
    id: '',
    code: '',
    terminal: '',
    facility: '',
    status: '',
    from: dayInput(Date.now() - 7 * DAY_MS),
    to: dayInput(Date.now()),
  };
  const [form, setForm] = useState<Filters>(blank);
  const [asked, setAsked] = useState<Filters>(blank);
  const [selected, setSelected] = useState<ConsoleTransfer | null>(null);
  const list = useLoad(
    () => api(`/v1/console/transfers${query(paramsOf(asked))}`, ConsoleTransferListSchema),
    [asked],
  );
  const rows = list.data?.transfers ?? [];
  const withSender = session.may('transfers.credit');
  const field = (key: keyof Filters) => ({
    value: form[key],
    onChange: (event: { target: { value: string } }) =>
      setForm({ ...form, [key]: event.target.value }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSelected(null);
    setAsked({ ...form });
  };
  const columns = withSender ? 9 : 8;
  return (
    <Page title={t('nav.transfers')}>
      <form className="filters" onSubmit={submit} aria-label={t('transfers.search')}>
        <label>
          {t('transfers.id')}
          <input
            data-filter
            className="mono"
            size={20}
            maxLength={36}
            placeholder="…1a2b3c4d"
            {...field('id')}
          />
        </label>
        <label>
          {t('transfers.code')}
          <input size={10} maxLength={12} placeholder="ABCD-EFGH" {...field('code')} />
        </label>
        <label>
          {t('terminal')}
          <input size={14} maxLength={64} {...field('terminal')} />
        </label>
        <label>
          {t('facility')}
          <input size={11} maxLength={40} placeholder="77-sizo-1" {...field('facility')} />
        </label>
        <label>
          {t('status')}
          <select {...field('status')}>
            <option value="">{t('filter.all')}</option>
            {CONSOLE_TRANSFER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`status.${status}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('from')}
          <input type="date" {...field('from')} />
        </label>
        <label>
          {t('to')}
          <input type="date" {...field('to')} />
        </label>
        <button type="submit" className="primary">
          {t('transfers.search')}
        </button>
      </form>
      <Problem problem={list.problem} />
      {list.data === null ? (
        list.problem === null ? (
          <Loading />
        ) : null
      ) : (
        <div className="transfers-scroll">
          <table className="grid" aria-label={t('nav.transfers')}>
            <thead>
              <tr>
                <th scope="col">{t('time')}</th>
                <th scope="col">{t('transfers.id')}</th>
                <th scope="col">{t('terminal')}</th>
                <th scope="col">{t('facility')}</th>
                <th scope="col">{t('transfers.recipient')}</th>
                {withSender ? <th scope="col">{t('transfers.sender')}</th> : null}
                <th scope="col">{t('amount')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('transfers.lastStep')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? <Empty colSpan={columns} /> : null}
              {rows.map((row) => (
                <tr
                  key={row.transferId}
                  tabIndex={0}
                  aria-selected={selected?.transferId === row.transferId}
                  onClick={() => setSelected(row)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      setSelected(row);
                    }
                  }}
                >
                  <td className="nowrap">{dateTime(row.acceptedAtMs)}</td>
                  <td className="mono nowrap" title={row.transferId}>
                    …{row.transferId.slice(-8)}
                  </td>
                  <td className="nowrap">{row.terminalId}</td>
                  <td>{row.facilityName}</td>
                  <td>
                    {row.recipientMasked} <span className="sub">{row.recipientBirthYear}</span>
                  </td>
                  {withSender ? <td>{row.senderName ?? '—'}</td> : null}
                  <td className="num nowrap">{money(row.amountKopecks)}</td>
                  <td>
                    <Badge tone={STATUS_TONE[row.status]}>{t(`status.${row.status}`)}</Badge>
                  </td>
                  <td className="nowrap">
                    {dateTime(row.creditedAtMs ?? row.returnedAtMs ?? row.sentAtMs)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {list.data.truncated ? <p className="muted small">{t('transfers.truncated')}</p> : null}
        </div>
      )}
      {selected === null ? null : (
        <Detail
          key={selected.transferId}
          transfer={selected}
          session={session}
          onChanged={(changed) => {
            setSelected(changed);
            list.reload();
          }}
        />
      )}
    </Page>
  );
}
