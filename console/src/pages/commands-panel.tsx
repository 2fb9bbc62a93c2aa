/**
 * The terminal page's Commands panel: send a remote command (operator and administrator) and
 * follow each one: sent, acknowledged by the kiosk, done, refused with its reason, failed or
 * expired; a log range or a screenshot it brought opens from its row. Refreshed live.
 */
import { useState } from 'react';
import { CommandListSchema, CommandViewSchema } from '../../../common/console-wire-fleet.ts';
import { COMMAND_KINDS, type CommandKind } from '../../../common/remote-command-wire.ts';
import { type ApiProblem, api } from '../api.ts';
import { dateTime } from '../format.ts';
import { t } from '../i18n.ts';
import { useLoad } from '../live.ts';
import { Badge, Empty, Problem, type Tone } from '../parts.tsx';

const STATUS_TONE: Record<string, Tone> = {
  sent: 'muted',
  acknowledged: 'muted',
  done: 'ok',
  refused: 'warn',
  failed: 'bad',
  expired: 'muted',
};

function argsOf(kind: CommandKind, reason: string, hours: string): Record<string, unknown> {
  if (kind === 'block-payments') return { reason };
  if (kind === 'upload-logs') {
    const toMs = Date.now();
    return { fromMs: toMs - Math.max(1, Number(hours) || 1) * 3_600_000, toMs };
  }
  return {};
}

function CommandForm(props: { terminalId: string; onSent: () => void }) {
  const [kind, setKind] = useState<CommandKind>('block-payments');
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState('2');
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const submit = async () => {
    const path = `/v1/console/terminals/${encodeURIComponent(props.terminalId)}/commands`;
    const body = { kind, args: argsOf(kind, reason, hours) };
    const sent = await api(path, CommandViewSchema, { method: 'POST', body });
    setProblem(sent.ok ? null : sent.error);
    if (sent.ok) props.onSent();
  };
  return (
    <form
      className="form-grid"
      aria-label={t('commands')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label>
        {t('command.kind')}
        <select
          name="kind"
          value={kind}
          onChange={(event) => setKind(event.target.value as CommandKind)}
        >
          {COMMAND_KINDS.map((value) => (
            <option key={value} value={value}>
              {t(`command.${value}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'block-payments' ? (
        <label>
          {t('command.reason')}
          <input
            name="reason"
            required
            maxLength={200}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </label>
      ) : null}
      {kind === 'upload-logs' ? (
        <label>
          {t('command.hours')}
          <input
            name="hours"
            inputMode="numeric"
            value={hours}
            onChange={(event) => setHours(event.target.value)}
          />
        </label>
      ) : null}
      <div className="wide">
        <button type="submit" className="primary">
          {t('command.send')}
        </button>
      </div>
      <div className="wide">
        <Problem problem={problem} />
      </div>
    </form>
  );
}

export function CommandsPanel(props: { terminalId: string; canSend: boolean }) {
  const base = `/v1/console/terminals/${encodeURIComponent(props.terminalId)}/commands`;
  const list = useLoad(
    () => api(base, CommandListSchema),
    [props.terminalId],
    ['command', 'heartbeat'],
    props.terminalId,
  );
  const commands = list.data?.commands ?? [];
  // The newest block or unblock the kiosk carried out says whether payments are stopped now.
  const lastBlock = commands.find(
    (command) =>
      command.status === 'done' &&
      (command.kind === 'block-payments' || command.kind === 'unblock-payments'),
  );
  return (
    <section aria-label={t('commands')}>
      <h2>{t('commands')}</h2>
      {lastBlock?.kind === 'block-payments' ? (
        <p className="problem" role="status">
          {t('blockedNow')}: «{String((lastBlock.args as { reason?: string }).reason)}»
        </p>
      ) : null}
      {props.canSend ? <CommandForm terminalId={props.terminalId} onSent={list.reload} /> : null}
      <Problem problem={list.problem} />
      <table className="grid" aria-label={t('commands')}>
        <thead>
          <tr>
            <th scope="col">№</th>
            <th scope="col">{t('time')}</th>
            <th scope="col">{t('command.kind')}</th>
            <th scope="col">{t('command.by')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('details')}</th>
            <th scope="col">{t('command.file')}</th>
          </tr>
        </thead>
        <tbody>
          {commands.length === 0 ? <Empty colSpan={7} /> : null}
          {commands.map((command) => (
            <tr
              key={command.commandId}
              data-command={command.kind}
              data-command-id={command.commandId}
            >
              <td className="num">{command.commandId}</td>
              <td>{dateTime(command.createdAtMs)}</td>
              <td>
                {t(`command.${command.kind}`)}
                {command.kind === 'block-payments' ? (
                  <div className="sub">
                    «{String((command.args as { reason?: string }).reason)}»
                  </div>
                ) : null}
              </td>
              <td>{command.createdBy}</td>
              <td>
                <Badge tone={STATUS_TONE[command.status] ?? 'muted'}>
                  {t(`command.status.${command.status}`)}
                </Badge>
              </td>
              <td>
                {command.reason === null ? '' : t(`refusal.${command.reason}`)}
                {command.detail === null ? null : <div className="sub">{command.detail}</div>}
              </td>
              <td>
                {command.file === null || !props.canSend ? (
                  '—'
                ) : (
                  <a href={`${base}/${command.commandId}/file`} target="_blank" rel="noreferrer">
                    {command.file.kind === 'screenshot' ? t('command.show') : t('command.download')}
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
