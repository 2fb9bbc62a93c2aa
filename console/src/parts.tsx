/** Small pieces every console page uses: status badges, problem lines, page frame. */
import type { ReactNode } from 'react';
import type { DeviceView } from '../../common/console-wire.ts';
import type { ApiProblem } from './api.ts';
import { t } from './i18n.ts';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted';

export function Badge({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function healthTone(health: DeviceView['health']): Tone {
  if (health === 'ok') return 'ok';
  if (health === 'fault') return 'bad';
  if (health === 'unknown' || health === 'absent') return 'muted';
  return 'warn';
}

export function DeviceBadge({ device }: { device: DeviceView }) {
  const title = [device.code, device.detail].filter((part) => part !== '').join(': ');
  return (
    <span title={title}>
      <Badge tone={healthTone(device.health)}>{t(`health.${device.health}`)}</Badge>
    </span>
  );
}

export function Problem({ problem }: { problem: ApiProblem | null }) {
  if (problem === null) return null;
  const known = t(`error.${problem.code}`);
  const text = known.startsWith('error.') ? t(problem.code) : known;
  return (
    <p className="problem" role="alert">
      {text === 'error.generic' ? t('error.generic') : text}
      {problem.message !== '' && text !== problem.message ? ` (${problem.message})` : ''}
    </p>
  );
}

export function Page({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="page" aria-labelledby="page-title">
      <header className="page-head">
        <h1 id="page-title">{title}</h1>
        <div className="page-actions">{actions}</div>
      </header>
      {children}
    </section>
  );
}

export function Loading() {
  return <p className="muted">{t('loading')}</p>;
}

export function Empty({ colSpan }: { colSpan: number }) {
  return (
    <tr>
      <td colSpan={colSpan} className="muted">
        {t('empty')}
      </td>
    </tr>
  );
}
