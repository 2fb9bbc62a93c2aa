import { useCallback, useEffect, useState } from 'react';
import type { Diagnostics, DeviceState } from '../../../common/contract.ts';
import { formatOperatorRubles as rub } from '../i18n/money-format.ts';
import { notesCount } from './operator-words.ts';
import { bytes, dateTime } from './service-format.ts';
import { errorText, useServiceActions } from './service-session.ts';

const paperText = { ok: 'есть', 'near-end': 'заканчивается', out: 'нет', unknown: 'неизвестно' };

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

  const testPrint = async () => {
    const result = await actions.testPrint();
    setError(result.ok ? null : errorText(result));
  };
  if (diagnostics === null) return <p>{error ?? 'Загрузка…'}</p>;
  const d = diagnostics;
  return (
    <div data-testid="service-diagnostics">
      <h2>Диагностика</h2>
      {error && <p className="notice notice-error">{error}</p>}
      <div className="service-grid">
        <Device label="Купюроприёмник" state={d.devices.billAcceptor} />
        <Device label="Принтер" state={d.devices.printer} />
        <Device label="Центр" state={d.devices.central} />
        <span>Бумага</span>
        <span data-testid="diag-paper">{paperText[d.paper]}</span>
        <span>Кассета</span>
        <span data-testid="diag-cassette">
          {notesCount(d.cassette.count)}, {rub(d.cassette.totalKopecks)}
        </span>
        <span>Очередь в центр</span>
        <span data-testid="diag-outbox">
          {d.outbox.depth} (старейшая: {dateTime(d.outbox.oldestCreatedAtMs)}, отложено:{' '}
          {d.outbox.parked})
        </span>
        <span>Связь с центром</span>
        <span>
          {d.central.reachable ? `есть, ${d.central.detail}` : `нет: ${d.central.detail}`}
        </span>
        <span>Терминал</span>
        <span>{d.terminalId}</span>
        <span>Версия ПО</span>
        <span data-testid="diag-version">{d.softwareVersion}</span>
        <span>Свободно на диске</span>
        <span>
          {bytes(d.disk.freeBytes)} из {bytes(d.disk.totalBytes)}
        </span>
      </div>
      <div className="service-row">
        <button type="button" className="button" onClick={() => void refresh()}>
          Обновить
        </button>
        <button type="button" className="button" onClick={() => void testPrint()}>
          Тестовая печать
        </button>
      </div>
    </div>
  );
}
