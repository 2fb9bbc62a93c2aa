import { useCallback, useEffect, useState } from 'react';
import type { Diagnostics, DeviceState } from '../../../common/contract.ts';
import { formatOperatorRubles as rub } from '../i18n/money-format.ts';
import { notesCount } from './operator-words.ts';
import { bytes, dateTime } from './service-format.ts';
import { errorText, useServiceActions } from './service-session.ts';
import { t } from '../i18n/operator.ts';
import { CentralDataLines } from './setup-central-step.tsx';

const paperText = {
  ok: 'svc.paper.ok',
  'near-end': 'svc.paper.near-end',
  out: 'svc.paper.out',
  unknown: 'svc.paper.unknown',
} as const;

function Device(props: { label: string; state: DeviceState }) {
  return (
    <>
      <span>{props.label}</span>
      <span data-testid={`diag-${props.label}`}>
        {props.state.health} · {props.state.code} · {props.state.detail}
      </span>
    </>
  );
}

/** Live device states, paper, cassette, outbox, central, version and disk; refreshed every 5 s. */
export function DiagnosticsSection() {
  const actions = useServiceActions();
  const [diagnostics, setDiagnostics] = useState<Diagnostics | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    const result = await actions.diagnostics();
    if (result.ok) {
      setDiagnostics(result.value);
      setError(null);
    } else setError(errorText(result));
  }, [actions]);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 5_000);
    return () => clearInterval(timer);
  }, [refresh]);

  const syncCentral = async () => {
    const result = await actions.syncCentral();
    setError(result.ok ? null : errorText(result));
    await refresh();
  };
  const testPrint = async () => {
    const result = await actions.testPrint();
    setError(result.ok ? null : errorText(result));
  };
  if (diagnostics === null) return <p>{error ?? t('svc.loading')}</p>;
  const d = diagnostics;
  return (
    <div data-testid="service-diagnostics">
      <h2>{t('svc.diag.title')}</h2>
      {error && <p className="notice notice-error">{error}</p>}
      <div className="service-grid">
        <Device label={t('svc.diag.acceptor')} state={d.devices.billAcceptor} />
        <Device label={t('svc.diag.printer')} state={d.devices.printer} />
        <Device label={t('svc.diag.central')} state={d.devices.central} />
        {d.devices.fiscal !== undefined && (
          <Device label={t('svc.diag.fiscal')} state={d.devices.fiscal} />
        )}
        <span>{t('svc.diag.paper')}</span>
        <span data-testid="diag-paper">{t(paperText[d.paper])}</span>
        <span>{t('svc.diag.cassette')}</span>
        <span data-testid="diag-cassette">
          {notesCount(d.cassette.count)}, {rub(d.cassette.totalKopecks)}
        </span>
        <span>{t('svc.diag.outbox')}</span>
        <span data-testid="diag-outbox">
          {t('svc.diag.outboxLine', {
            records: t('count.records', { count: d.outbox.depth }),
            oldest: dateTime(d.outbox.oldestCreatedAtMs),
            parked: d.outbox.parked,
          })}
        </span>
        <span>{t('svc.diag.link')}</span>
        <span>
          {t(d.central.reachable ? 'svc.diag.linkUp' : 'svc.diag.linkDown', {
            detail: d.central.detail,
          })}
        </span>
        {d.centralData !== undefined && (
          <div className="service-span">
            <CentralDataLines data={d.centralData} />
          </div>
        )}
        <span>{t('svc.diag.terminal')}</span>
        <span>{d.terminalId}</span>
        <span>{t('svc.diag.version')}</span>
        <span data-testid="diag-version">{d.softwareVersion}</span>
        <span>{t('svc.diag.disk')}</span>
        <span>
          {t('svc.diag.diskLine', {
            free: bytes(d.disk.freeBytes),
            total: bytes(d.disk.totalBytes),
          })}
        </span>
      </div>
      <div className="service-row">
        <button type="button" className="button" onClick={() => void refresh()}>
          {t('svc.diag.refresh')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="diag-sync-central"
          onClick={() => void syncCentral()}
        >
          {t('setup.central.retry')}
        </button>
        <button type="button" className="button" onClick={() => void testPrint()}>
          {t('svc.testPrint')}
        </button>
      </div>
    </div>
  );
}
